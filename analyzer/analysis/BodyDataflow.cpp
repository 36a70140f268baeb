//===- analysis/BodyDataflow.cpp - Lock states through one function body --===//
//
// The intraprocedural half of the engine: a forward dataflow over a function's
// reduced CFG whose states are the locks held on every path (must-held), the
// locks held on entry that it released, and trylock-style results not yet
// tested. Which successors a branch lets through, and with what, is
// BranchEdges.cpp's; how two states join, StateJoin.cpp's.
//
//===----------------------------------------------------------------------===//
#include "analysis/HeldSet.h"
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"

#include <algorithm>

namespace lockcheck::analysis {

using graph::FunctionId;

/// Where Names (sorted) has Name.
template <typename NameList>
static std::optional<unsigned> indexIn(const NameList &Names, llvm::StringRef Name) {
  if (Names.empty())
    return std::nullopt;
  auto It = std::lower_bound(Names.begin(), Names.end(), Name,
                             [](llvm::StringRef A, llvm::StringRef B) { return A < B; });
  if (It == Names.end() || llvm::StringRef(*It) != Name)
    return std::nullopt;
  return static_cast<unsigned>(It - Names.begin());
}

std::optional<unsigned> trackedFlag(const SummaryEngine::Walk &W, llvm::StringRef Var) {
  return indexIn(W.TrackedFlags, Var);
}

std::optional<unsigned> testedLocal(const SummaryEngine::Walk &W, llvm::StringRef Var) {
  return indexIn(W.TestedLocals, Var);
}

void decide(SummaryEngine::State &St, unsigned Flag, int64_t Value) {
  auto It = llvm::lower_bound(St.Decided, std::make_pair(Flag, SummaryEngine::SomeNonZero));
  if (It != St.Decided.end() && It->first == Flag)
    It->second = Value;
  else
    St.Decided.insert(It, {Flag, Value});
}

std::optional<int64_t> decided(const SummaryEngine::State &St, unsigned Flag) {
  auto It = llvm::lower_bound(St.Decided, std::make_pair(Flag, SummaryEngine::SomeNonZero));
  if (It != St.Decided.end() && It->first == Flag)
    return It->second;
  return std::nullopt;
}

void noteDereferenced(const SummaryEngine::Walk &W, const facts::AccessPath &Path,
                      SummaryEngine::State &St) {
  if (Path.Root != facts::PathRoot::Local)
    return;
  std::optional<unsigned> Flag = trackedFlag(W, Path.Name);
  if (!Flag)
    return;
  std::optional<int64_t> V = decided(St, *Flag);
  if (!V || *V == 0)
    decide(St, *Flag, SummaryEngine::SomeNonZero);
}

bool releasedOnAll(const SummaryEngine::State &St, const LockRef &Lock) {
  if (!St.ReleasedOnAll)
    return false;
  const size_t Index = St.Released.indexOf(Lock);
  return Index < 64 && (St.ReleasedOnAll >> Index & 1);
}

void noteTaken(SummaryEngine::State &St) {
  for (const HeldLock &H : St.Held)
    if (!H.OnEntry && !St.Taken.contains(H.Lock))
      St.Taken.push_back(H.Lock);
}

void noteTakenFresh(SummaryEngine::Walk &W, const LockRef &Lock, const SummaryEngine::State &St) {
  if (!Lock.isKnown() || releasedOnAll(St, Lock))
    return;
  if (!Lock.isResolved()) {
    if (!llvm::is_contained(W.TakenFreshRelative, Lock))
      W.TakenFreshRelative.push_back(Lock);
    return;
  }
  if (W.TakenFresh.size() <= Lock.Class)
    W.TakenFresh.resize(Lock.Class + 1);
  W.TakenFresh.set(Lock.Class);
}

/// How many pending results a branch has decided: joins only undecide them,
/// so a change in the count is a change of the state.
static size_t decidedResults(const SummaryEngine::State &S) {
  return llvm::count_if(S.Pending, [](const SummaryEngine::PendingResult &P) {
    return P.NonZero.has_value();
  });
}

/// Whether two states hold and release the same locks.
static bool sameLocks(const SummaryEngine::State &A, const SummaryEngine::State &B) {
  auto SameHeld = [](const HeldLock &X, const HeldLock &Y) {
    return X.Lock == Y.Lock && X.Mode == Y.Mode;
  };
  return std::equal(A.Held.begin(), A.Held.end(), B.Held.begin(), B.Held.end(), SameHeld) &&
         A.Released == B.Released && A.ReleasedOnAll == B.ReleasedOnAll &&
         A.Dropped == B.Dropped && A.Lost == B.Lost;
}

/// Whether S takes Lock, and holds it, on some path that has not released it
/// before.
static bool takesFirst(const Summary &S, const LockRef &Lock) {
  return llvm::any_of(S.Acquires, [&](const AcquireSite &A) {
    return A.Lock == Lock && !A.ReleasedBefore && !A.MightOnly;
  });
}

namespace {
/// Returns and the lists they point into.
struct ReturnStates {
  std::vector<ReturnState> Returns;
  std::vector<std::vector<LockRef>> CallerReleases, CallerDropped, DroppedOnSomePaths;
};
} // namespace

/// The exit states as returns, each with the releases of its caller's locks
/// only.
static ReturnStates returnStates(FunctionId F, const facts::FunctionFact &Fact,
                                 const std::vector<SummaryEngine::State> &States,
                                 const std::vector<int> &Kinds,
                                 const std::vector<unsigned> &Blocks) {
  ReturnStates Out;
  Out.CallerReleases.resize(States.size());
  Out.CallerDropped.resize(States.size());
  Out.DroppedOnSomePaths.resize(States.size());
  for (size_t I = 0; I < States.size(); ++I) {
    const SummaryEngine::State &E = States[I];
    Out.CallerReleases[I].reserve(E.Released.size());
    Out.CallerDropped[I].reserve(E.Dropped.size());
    for (const LockRef &R : E.Released)
      if (!E.Lost.contains(R))
        Out.CallerReleases[I].push_back(R);
    for (const LockRef &R : E.Dropped)
      if (!E.Lost.contains(R)) {
        Out.CallerDropped[I].push_back(R);
        if (!releasedOnAll(E, R) && !holds(E.Held, R))
          Out.DroppedOnSomePaths[I].push_back(R);
      }
    WitnessStep At;
    At.K = WitnessStep::Kind::Return;
    At.Function = F;
    At.Call = Blocks[I];
    const auto &Ret = Fact.Blocks[Blocks[I]].Return;
    Out.Returns.push_back({Kinds[I] == 1   ? ReturnValue::NonZero
                           : Kinds[I] == 2 ? ReturnValue::Zero
                                           : ReturnValue::Either,
                           E.Held, Out.CallerReleases[I], Out.CallerDropped[I],
                           Out.DroppedOnSomePaths[I], At, Ret ? Ret->Value : std::nullopt,
                           Ret && Ret->Pointer, E.Inputs, E.Taken});
  }
  return Out;
}

void SummaryEngine::analyzeBody(FunctionId F, const Context &Ctx, Summary &S) {
  const facts::FunctionFact &Fact = Graph.fact(F);
  Walk W{F, Fact, Ctx, S, std::vector<bool>(Fact.Calls.size(), false), {}, {}, {}, {}};
  W.TestsInputs = llvm::any_of(Fact.Blocks, [](const facts::BlockFact &B) {
    return testsInput(B.Condition);
  });
  if (F < ObjectVarsOf.size())
    W.ObjectVars = ObjectVarsOf[F];
  for (unsigned C = 0; C < Fact.Calls.size(); ++C)
    if (!Fact.Calls[C].ResultVar.empty())
      W.ResultUsed[C] = true;
  for (const facts::BlockFact &B : Fact.Blocks) {
    if (B.Condition.K == facts::ConditionFact::Kind::CallResult)
      W.ResultUsed[B.Condition.Call] = true;
    if (B.Return && B.Return->K == facts::ReturnFact::Kind::CallResult)
      W.ResultUsed[B.Return->Call] = true;
    if (!B.Condition.VarTracked) {
      if (B.Condition.K == facts::ConditionFact::Kind::LocalVar ||
          B.Condition.K == facts::ConditionFact::Kind::LocalEquals)
        W.TestedLocals.push_back(B.Condition.Var);
      continue;
    }
    if (B.Condition.K == facts::ConditionFact::Kind::LocalVar)
      W.TrackedFlags.push_back(B.Condition.Var);
    if (B.Condition.K == facts::ConditionFact::Kind::LocalEquals) {
      W.TrackedFlags.push_back(B.Condition.Var);
      W.ComparedFlags.push_back(B.Condition.Var);
    }
  }
  auto SortUnique = [](std::vector<std::string> &Names) {
    llvm::sort(Names);
    Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  };
  SortUnique(W.TrackedFlags);
  // What a tracked local copies is tracked too: pcp_spin_trylock()'s `_ret`,
  // NULL where the trylock failed, decides `if (pcp)`.
  for (size_t Tracked = 0; Tracked != W.TrackedFlags.size();) {
    Tracked = W.TrackedFlags.size();
    for (const facts::BlockFact &B : Fact.Blocks)
      for (const facts::AssignFact &A : B.Assigns)
        if (!A.From.empty() &&
            std::binary_search(W.TrackedFlags.begin(), W.TrackedFlags.end(), A.Var) &&
            !std::binary_search(W.TrackedFlags.begin(), W.TrackedFlags.end(), A.From)) {
          W.TrackedFlags.push_back(A.From);
          W.CopiedOnly.push_back(A.From);
          SortUnique(W.TrackedFlags);
        }
  }
  SortUnique(W.ComparedFlags);
  SortUnique(W.CopiedOnly);
  llvm::sort(W.TestedLocals);
  W.TestedLocals.erase(std::unique(W.TestedLocals.begin(), W.TestedLocals.end()),
                       W.TestedLocals.end());

  // Clang numbers blocks from the exit up, so descending IDs approximate
  // reverse post-order and most bodies converge in two rounds. Each block keeps
  // a few states apart by the branches on tracked flags they took
  // (path-sensitive on those flags, as ESP is): joining them would invent paths
  // that take `if (skip_ilock)` one way and the next `if (skip_ilock)` the
  // other. Past MaxStates they are merged, flags forgotten. States kept apart
  // by what they found of the inputs (InputFacts.h) are bounded apart: past
  // MaxInputStates a block keeps one state per flags' values again.
  constexpr size_t MaxStates = 4;
  constexpr size_t MaxInputStates = 8;
  const unsigned N = static_cast<unsigned>(Fact.Blocks.size());
  // Most reachable blocks have one state: kept inline, one allocation per
  // body rather than one per block.
  std::vector<llvm::SmallVector<State, 1>> In(N);
  In[Fact.Entry].emplace_back();
  In[Fact.Entry].back().Reachable = true;
  In[Fact.Entry].back().Task = Ctx.Task;
  In[Fact.Entry].back().Held = entryHeld(F, Ctx);
  // A block that once had too many ways in stays merged, or the states would
  // split and merge again every round.
  std::vector<bool> Collapsed(N, false), InputsCollapsed(N, false);
  auto JoinChanges = [](State &Existing, const State &Edge) {
    size_t Held = Existing.Held.size(), Released = Existing.Released.size(),
           ReleasedOnAll = static_cast<size_t>(llvm::popcount(Existing.ReleasedOnAll)),
           Lost = Existing.Lost.size(),
           Dropped = Existing.Dropped.size(),
           Pending = Existing.Pending.size(), Task = Existing.Task.size(),
           Decided = Existing.Decided.size(), ZeroTested = Existing.ZeroTested.size(),
           Aliases = Existing.Aliases.size(), DecidedResults = decidedResults(Existing),
           Taken = Existing.Taken.size();
    bool AfterWarning = Existing.AfterWarning;
    std::vector<LocalObject> Objects;
    if (!Existing.Objects.empty())
      Objects = Existing.Objects;
    SharedInputFacts Inputs = Existing.Inputs;
    joinInto(Existing, Edge);
    return Existing.Held.size() != Held || Existing.Released.size() != Released ||
           static_cast<size_t>(llvm::popcount(Existing.ReleasedOnAll)) != ReleasedOnAll ||
           Existing.Lost.size() != Lost ||
           Existing.Dropped.size() != Dropped ||
           Existing.Pending.size() != Pending || Existing.Task.size() != Task ||
           Existing.Decided.size() != Decided || Existing.ZeroTested.size() != ZeroTested ||
           Existing.Aliases.size() != Aliases || decidedResults(Existing) != DecidedResults ||
           Existing.Objects != Objects || Existing.Inputs != Inputs ||
           Existing.Taken.size() != Taken || Existing.AfterWarning != AfterWarning;
  };
  // Edge is copied only when it becomes a state of its own: most edges join
  // a state the block already has.
  auto Merge = [&](unsigned Block, const State &Edge) {
    llvm::SmallVector<State, 1> &Into = In[Block];
    if (Collapsed[Block])
      return JoinChanges(Into.front(), Edge);
    // States that found different things of the inputs are kept apart only
    // where their locks differ too: a helper's inputs choose its lock effect
    // (`if (ci) spin_unlock(&ci->lock)`), and the returns tell that from a
    // forgotten unlock by what they found. Joining the rest keeps what both
    // found (`flags & EXCL` on one way, `flags & SHARED` on the other).
    for (State &Existing : Into)
      if (Existing.Decided == Edge.Decided &&
          (InputsCollapsed[Block] || Existing.Inputs == Edge.Inputs ||
           sameLocks(Existing, Edge)))
        return JoinChanges(Existing, Edge);
    // The flags' values the block would have apart with Edge: past
    // MaxStates, as many ways as without input facts.
    llvm::SmallVector<const State *, 8> Ways{&Edge};
    for (const State &Existing : Into)
      if (llvm::none_of(Ways, [&](const State *W) { return W->Decided == Existing.Decided; }))
        Ways.push_back(&Existing);
    if (Ways.size() <= MaxStates && Into.size() < MaxInputStates) {
      Into.push_back(Edge);
      return true;
    }
    if (Ways.size() <= MaxStates) {
      // Too many ways apart by the inputs only: one state per flags' values.
      InputsCollapsed[Block] = true;
      llvm::SmallVector<State, 1> ByFlags;
      for (State &Existing : Into) {
        auto Same = llvm::find_if(
            ByFlags, [&](const State &E) { return E.Decided == Existing.Decided; });
        if (Same == ByFlags.end())
          ByFlags.push_back(std::move(Existing));
        else
          joinInto(*Same, Existing);
      }
      Into = std::move(ByFlags);
      for (State &Existing : Into)
        if (Existing.Decided == Edge.Decided) {
          joinInto(Existing, Edge);
          return true;
        }
      Into.push_back(Edge);
      return true;
    }
    // Too many ways through: one state, deciding only the flags every way
    // in agrees on (a ->fsync entered with the DIO marker set takes the
    // skip_ilock branch on every path, whatever its other flags).
    Collapsed[Block] = true;
    State All = Edge;
    for (const State &Existing : Into)
      joinInto(All, Existing);
    Into.clear();
    Into.push_back(std::move(All));
    return true;
  };
  // Held and pending sets only shrink, released sets only grow and states
  // per block are bounded, so this reaches a fixpoint; the bound on rounds
  // only guards against a bug in that reasoning. A round transfers only the
  // blocks whose in-states changed since their last transfer: the others
  // would give their successors what those already have.
  const unsigned MaxRounds = 4 * N + 16;
  llvm::BitVector Changed(N);
  Changed.set(Fact.Entry);
  // Assigned rather than constructed at each block, to reuse their buffers.
  State Out, Scratch;
  for (unsigned Round = 0; Round < MaxRounds && Changed.any(); ++Round) {
    for (unsigned B = N; B-- > 0;) {
      if (!Changed.test(B))
        continue;
      Changed.reset(B);
      const facts::BlockFact &Block = Fact.Blocks[B];
      for (size_t K = 0; K < In[B].size(); ++K) {
        Out = In[B][K];
        transfer(W, B, Out, /*Emit=*/false);
        for (unsigned I = 0; I < Block.Succs.size(); ++I) {
          int Succ = Block.Succs[I];
          if (Succ < 0)
            continue;
          if (const State *Edge = edgeState(W, Block, Out, I, Scratch))
            if (Merge(static_cast<unsigned>(Succ), *Edge))
              Changed.set(static_cast<unsigned>(Succ));
        }
      }
    }
  }
  assert(Changed.none() && "lock-state dataflow did not converge");

  // Replay every reachable block once per state with its final in-state, now
  // emitting events and recording acquisitions and exits.
  // States apart only by what they found of the inputs are replayed joined,
  // as without input facts: what the other checkers see of held locks is
  // must-held over the paths with the same flags' values. Returns are
  // recorded from the states apart, for imbalance to tell them.
  auto CollectExits = [&](unsigned B, const State &Start, bool Emit) {
    const facts::BlockFact &Block = Fact.Blocks[B];
    Out = Start;
    transfer(W, B, Out, Emit);
    for (unsigned I = 0; I < Block.Succs.size(); ++I)
      if (Block.Succs[I] == static_cast<int>(Fact.Exit))
        if (const State *Edge = edgeState(W, Block, Out, I, Scratch)) {
          collectExit(W, Block, *Edge);
          break;
        }
  };
  std::vector<State> Groups;
  std::vector<unsigned> GroupSizes;
  for (unsigned B = N; B-- > 0;) {
    const facts::BlockFact &Block = Fact.Blocks[B];
    if (In[B].size() == 1) {
      CollectExits(B, In[B].front(), /*Emit=*/true);
      continue;
    }
    Groups.clear();
    GroupSizes.clear();
    for (const State &Start : In[B]) {
      auto Same =
          llvm::find_if(Groups, [&](const State &G) { return G.Decided == Start.Decided; });
      if (Same == Groups.end()) {
        Groups.push_back(Start);
        GroupSizes.push_back(1);
      } else {
        joinInto(*Same, Start);
        ++GroupSizes[static_cast<size_t>(Same - Groups.begin())];
      }
    }
    for (size_t G = 0; G < Groups.size(); ++G) {
      if (GroupSizes[G] == 1) {
        CollectExits(B, Groups[G], /*Emit=*/true);
        continue;
      }
      Out = Groups[G];
      transfer(W, B, Out, /*Emit=*/true);
      if (llvm::is_contained(Block.Succs, static_cast<int>(Fact.Exit)))
        for (const State &Start : In[B])
          if (Start.Decided == Groups[G].Decided)
            CollectExits(B, Start, /*Emit=*/false);
    }
  }

  // States kept apart only by what they found of the inputs are joined back
  // at each return: the summary, and the returns imbalance compares first,
  // are what they would be without input facts. The returns apart are
  // passed beside them, to tell a helper's contract from an imbalance.
  std::vector<State> SplitStates;
  std::vector<int> SplitKinds;
  std::vector<unsigned> SplitBlocks;
  if (llvm::any_of(W.ExitStates, [](const State &E) { return !E.Inputs.empty(); })) {
    SplitStates = std::move(W.ExitStates);
    SplitKinds = std::move(W.ExitKinds);
    SplitBlocks = std::move(W.ExitBlocks);
    W.ExitStates.clear();
    W.ExitKinds.clear();
    W.ExitBlocks.clear();
    for (size_t I = 0; I < SplitStates.size(); ++I) {
      bool Joined = false;
      for (size_t J = 0; J < W.ExitStates.size() && !Joined; ++J)
        if (W.ExitBlocks[J] == SplitBlocks[I] && W.ExitKinds[J] == SplitKinds[I] &&
            W.ExitStates[J].Decided == SplitStates[I].Decided) {
          joinInto(W.ExitStates[J], SplitStates[I]);
          Joined = true;
        }
      if (!Joined) {
        W.ExitStates.push_back(SplitStates[I]);
        W.ExitKinds.push_back(SplitKinds[I]);
        W.ExitBlocks.push_back(SplitBlocks[I]);
      }
    }
  }

  collectReturnedObject(W);
  S.TakenFresh = std::move(W.TakenFresh);
  S.TakenFreshRelative = std::move(W.TakenFreshRelative);

  bool AnyNonZero = false, AnyZero = false;
  LockList ReleasedAtExit; // S.ReleasedAtExit, to look locks up in
  for (size_t I = 0; I < W.ExitStates.size(); ++I) {
    const State &E = W.ExitStates[I];
    // Released on some path is released for the caller's must-held set;
    // released and taken again on every path (ceph's __ceph_flush_snaps()
    // drops i_ceph_lock around each message) is not.
    for (const LockRef &R : E.Dropped)
      if (!ReleasedAtExit.contains(R)) {
        ReleasedAtExit.push_back(R);
        S.ReleasedAtExit.push_back(R);
      }
    if (W.ExitKinds[I] != 2) {
      S.HeldIfNonZero = AnyNonZero ? intersect(S.HeldIfNonZero, E.Held) : E.Held;
      AnyNonZero = true;
    }
    if (W.ExitKinds[I] != 1) {
      S.HeldIfZero = AnyZero ? intersect(S.HeldIfZero, E.Held) : E.Held;
      AnyZero = true;
    }
  }
  if (AnyNonZero && AnyZero)
    S.HeldAtExit = intersect(S.HeldIfNonZero, S.HeldIfZero);
  else
    S.HeldAtExit = AnyNonZero ? S.HeldIfNonZero : S.HeldIfZero;
  S.AliasesAtExit = aliasesAtExit(W);
  S.Conditional = AnyNonZero && AnyZero &&
                  (S.HeldIfNonZero.size() != S.HeldAtExit.size() ||
                   S.HeldIfZero.size() != S.HeldAtExit.size());

  // A release of a lock the function takes itself, seen without the lock
  // held, is of its own lock lost where the paths that took it and those that
  // did not joined (slub's __slab_free(): `if (n) spin_unlock_irqrestore(
  // &n->list_lock, flags)`), not of one its caller holds. Passed on as a
  // release of the caller's, it made every caller of the allocator an
  // imbalance. Taken fresh on some path, it is the function's own where the
  // exit does not hold it.
  for (const LockRef &R : S.ReleasedAtExit)
    if (llvm::all_of(W.ExitStates, [&](const State &E) {
          return !E.Released.contains(R) || E.Lost.contains(R) ||
                 takesFirst(S, R) ||
                 (S.takesFresh(R) && !holds(E.Held, R));
        }))
      S.LostAtExit.push_back(R);
  // A release of its caller's lock that not every path to every return makes
  // is this function's conditional behaviour (btrfs_release_path()'s `if
  // (p->locks[i])`, xfs_iunlock() by its flags): judged here, not passed on
  // to each caller that returns once before calling it and once after.
  for (const LockRef &R : S.ReleasedAtExit)
    if (!llvm::is_contained(S.LostAtExit, R) &&
        llvm::any_of(W.ExitStates, [&](const State &E) {
          return !releasedOnAll(E, R) || E.Lost.contains(R);
        }))
      S.ReleasedOnSomePaths.push_back(R);

  // The returns one by one, for checkers that compare them (imbalance), each
  // with the releases of its caller's locks only.
  ReturnStates Joined = returnStates(F, Fact, W.ExitStates, W.ExitKinds, W.ExitBlocks);
  ReturnStates Split = returnStates(F, Fact, SplitStates, SplitKinds, SplitBlocks);
  bool ReturnsValue = llvm::any_of(Fact.Blocks, [](const facts::BlockFact &B) {
    return B.Return && B.Return->K != facts::ReturnFact::Kind::Void;
  });
  std::vector<DeclaredContext> Contexts = declaredContexts(F, Fact);
  FunctionExit Exit{F, S, ReturnsValue, Joined.Returns, Contexts, Split.Returns};
  for (LockEventListener *L : Listeners)
    L->onFunctionExit(Exit, *this);
}

/// Records the state at a return, split into success and failure states when
/// the return value is a trylock-style result.
void SummaryEngine::collectExit(Walk &W, const facts::BlockFact &Block, State Out) {
  // A block that flows into the exit is a return; split trylock-style
  // results into their success and failure states.
  const unsigned BlockIndex = static_cast<unsigned>(&Block - W.Fact.Blocks.data());
  const PendingResult *Split = nullptr;
  int Kind = 0;
  if (Block.Return) {
    switch (Block.Return->K) {
    case facts::ReturnFact::Kind::Zero: Kind = 2; break;
    case facts::ReturnFact::Kind::NonZero: Kind = 1; break;
    case facts::ReturnFact::Kind::CallResult:
    case facts::ReturnFact::Kind::LocalVar:
      for (const PendingResult &P : Out.Pending)
        if ((Block.Return->K == facts::ReturnFact::Kind::CallResult &&
             P.Call == Block.Return->Call) ||
            (!P.Var.empty() && P.Var == Block.Return->Var))
          Split = &P;
      break;
    default: break;
    }
  }
  if (Split) {
    // A result a branch already decided returns that value only.
    State NonZero = Out, Zero = Out;
    for (const HeldLock &H : Split->OnNonZero)
      addHeld(NonZero.Held, H);
    for (const HeldLock &H : Split->OnZero)
      addHeld(Zero.Held, H);
    if (Split->NonZero != false) {
      W.ExitStates.push_back(std::move(NonZero));
      W.ExitKinds.push_back(1);
      W.ExitBlocks.push_back(BlockIndex);
    }
    if (Split->NonZero != true) {
      W.ExitStates.push_back(std::move(Zero));
      W.ExitKinds.push_back(2);
      W.ExitBlocks.push_back(BlockIndex);
    }
  } else {
    W.ExitStates.push_back(std::move(Out));
    W.ExitKinds.push_back(Kind);
    W.ExitBlocks.push_back(BlockIndex);
  }
}

} // namespace lockcheck::analysis
