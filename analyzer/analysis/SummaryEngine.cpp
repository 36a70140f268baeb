//===- analysis/SummaryEngine.cpp - Lock summaries from the entry points --===//
#include "analysis/SummaryEngine.h"

#include "spec/Annotations.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

namespace lockcheck::analysis {

using graph::FunctionId;
using graph::TableId;

static bool sameHeld(const HeldLock &A, const HeldLock &B) {
  return A.Lock == B.Lock && A.Subclass == B.Subclass;
}

static void addHeld(std::vector<HeldLock> &Set, const HeldLock &H) {
  for (const HeldLock &Existing : Set)
    if (sameHeld(Existing, H))
      return;
  Set.push_back(H);
}

static std::vector<HeldLock> intersect(const std::vector<HeldLock> &A,
                                       const std::vector<HeldLock> &B) {
  std::vector<HeldLock> Out;
  for (const HeldLock &H : A)
    if (llvm::any_of(B, [&](const HeldLock &O) { return sameHeld(H, O); }))
      Out.push_back(H);
  return Out;
}

static void join(SummaryEngine::State &Into, const SummaryEngine::State &From);

/// Removes a released lock from the held set, or remembers that a lock held on
/// entry was released.
static void releaseLock(std::vector<HeldLock> &Held, std::vector<LockRef> &Released,
                        const LockRef &Lock) {
  auto It = llvm::find_if(Held, [&](const HeldLock &H) { return H.Lock == Lock; });
  if (It != Held.end()) {
    Held.erase(It);
    return;
  }
  if (!llvm::is_contained(Released, Lock))
    Released.push_back(Lock);
}

SummaryEngine::SummaryEngine(const graph::ProgramGraph &Graph, const spec::Annotations &Annotations)
    : Graph(Graph), Annotations(Annotations), Resolver(Annotations, Classes) {
  computeRelevantRecords();
}

SummaryEngine::~SummaryEngine() = default;

void SummaryEngine::enter(FunctionId F, TableId Table) {
  Context Ctx;
  if (Table != graph::NoTable)
    Ctx.Bindings.push_back({Records.intern(Graph.table(Table).Record), Table});
  WitnessStep Step;
  Step.K = WitnessStep::Kind::Entry;
  Step.Function = F;
  Step.Table = Table;
  summarize(F, std::move(Ctx), nullptr, Step);
}

void SummaryEngine::run() {
  for (const graph::EntryPoint &E : Graph.entryPoints())
    enter(E.Function, E.Table);
  finishListeners();
}

void SummaryEngine::finishListeners() {
  shortenEntryPaths();
  for (LockEventListener *L : Listeners)
    L->finish(*this);
}

/// A summary's entry path is first the chain that demanded it, which a
/// depth-first walk makes as long as it can be: through a dozen file systems'
/// callbacks to an allocator. Replace it by a shortest path from any entry
/// point, found breadth-first over the calls seen, so witnesses read as a
/// reviewer would trace them.
void SummaryEngine::shortenEntryPaths() {
  std::unordered_map<const Summary *, std::vector<const CallEdge *>> Out;
  for (const CallEdge &E : CallEdges)
    Out[E.Caller].push_back(&E);
  std::unordered_map<const Summary *, const CallEdge *> Via;
  std::vector<Summary *> Queue;
  for (Summary *S : Created)
    if (!S->EntryPath->Parent && Via.emplace(S, nullptr).second)
      Queue.push_back(S);
  for (size_t I = 0; I < Queue.size(); ++I) {
    Summary *S = Queue[I];
    if (const CallEdge *E = Via[S]) {
      EntryPathNode *Path = EntryNodes.Allocate();
      new (Path) EntryPathNode{E->Step, E->Caller->EntryPath};
      S->EntryPath = Path;
    }
    auto It = Out.find(S);
    if (It == Out.end())
      continue;
    for (const CallEdge *E : It->second)
      if (Via.emplace(E->Callee, E).second)
        Queue.push_back(E->Callee);
  }
}

void SummaryEngine::runFrom(FunctionId F) {
  bool InTable = false;
  for (TableId T = 0; T < Graph.tableCount(); ++T)
    for (const auto &[Field, Fn] : Graph.table(T).Slots)
      if (Fn == F) {
        enter(F, T);
        InTable = true;
      }
  if (!InTable)
    enter(F, graph::NoTable);
  finishListeners();
}

EngineStats SummaryEngine::stats() const {
  auto CountUnique = [](std::vector<std::pair<FunctionId, unsigned>> V) {
    std::sort(V.begin(), V.end());
    return static_cast<unsigned>(std::unique(V.begin(), V.end()) - V.begin());
  };
  EngineStats S;
  S.Summaries = static_cast<unsigned>(Memo.size());
  S.IndirectResolved = CountUnique(ResolvedIndirect);
  S.IndirectUnresolved = CountUnique(UnresolvedIndirect);
  S.UnknownLockObjects = UnknownLockObjects;
  S.LockClasses = static_cast<unsigned>(Classes.size());
  return S;
}

const WitnessNode *SummaryEngine::node(const WitnessStep &Step, const WitnessNode *Next) {
  WitnessNode *N = WitnessNodes.Allocate();
  new (N) WitnessNode{Step, Next};
  return N;
}

const Summary &SummaryEngine::summarize(FunctionId F, Context Ctx, const EntryPathNode *Parent,
                                        const WitnessStep &Step) {
  trimContext(F, Ctx);
  std::string Key = contextKey(F, Ctx);
  auto [It, Inserted] = Memo.try_emplace(Key, nullptr);
  if (!Inserted)
    return *It->second;
  It->second = std::make_unique<Summary>();
  Summary &S = *It->second;
  Created.push_back(&S);
  EntryPathNode *Path = EntryNodes.Allocate();
  new (Path) EntryPathNode{Step, Parent};
  S.EntryPath = Path;
  analyzeBody(F, Ctx, S);
  S.Complete = true;
  return S;
}

/// The state along successor I of a block: pruned when the branch tests a
/// parameter whose value the context fixes, and with a trylock-style result's
/// locks added on the edge where it succeeded.
std::optional<SummaryEngine::State> SummaryEngine::edgeState(const Walk &W,
                                                             const facts::BlockFact &Block,
                                                             const State &Out, unsigned I) const {
  const facts::ConditionFact &C = Block.Condition;
  if (Block.Succs.size() != 2 || C.K == facts::ConditionFact::Kind::None)
    return Out;
  bool TrueEdge = I == 0;
  if (C.K == facts::ConditionFact::Kind::ParamMask ||
      C.K == facts::ConditionFact::Kind::ParamEquals) {
    for (const auto &[P, V] : W.Ctx.Consts) {
      if (static_cast<int>(P) != C.Param)
        continue;
      bool Value = C.K == facts::ConditionFact::Kind::ParamEquals ? V == C.Value
                   : C.Value == -1                               ? V != 0
                                                                 : (V & C.Value) != 0;
      if (Value != TrueEdge)
        return std::nullopt;
    }
    return Out;
  }
  State Edge = Out;
  for (const PendingResult &P : Out.Pending)
    if ((C.K == facts::ConditionFact::Kind::CallResult && P.Call == C.Call) ||
        (C.K == facts::ConditionFact::Kind::LocalVar && !P.Var.empty() && P.Var == C.Var))
      for (const HeldLock &H : TrueEdge ? P.OnNonZero : P.OnZero)
        addHeld(Edge.Held, H);
  return Edge;
}

void SummaryEngine::analyzeBody(FunctionId F, const Context &Ctx, Summary &S) {
  const facts::FunctionFact &Fact = Graph.fact(F);
  Walk W{F, Fact, Ctx, S, std::vector<bool>(Fact.Calls.size(), false), {}, {}};
  for (unsigned C = 0; C < Fact.Calls.size(); ++C)
    if (!Fact.Calls[C].ResultVar.empty())
      W.ResultUsed[C] = true;
  for (const facts::BlockFact &B : Fact.Blocks) {
    if (B.Condition.K == facts::ConditionFact::Kind::CallResult)
      W.ResultUsed[B.Condition.Call] = true;
    if (B.Return && B.Return->K == facts::ReturnFact::Kind::CallResult)
      W.ResultUsed[B.Return->Call] = true;
  }

  // Clang numbers blocks from the exit up, so descending IDs approximate
  // reverse post-order and most bodies converge in two rounds.
  const unsigned N = static_cast<unsigned>(Fact.Blocks.size());
  std::vector<State> In(N);
  In[Fact.Entry].Reachable = true;
  // Must-held sets only shrink and pending sets only shrink, so this reaches
  // a fixpoint; the bound only guards against a bug in that reasoning.
  const unsigned MaxRounds = 2 * N + 16;
  bool Converged = false;
  for (unsigned Round = 0; Round < MaxRounds && !Converged; ++Round) {
    bool Changed = false;
    for (unsigned B = N; B-- > 0;) {
      if (!In[B].Reachable)
        continue;
      State Out = In[B];
      transfer(W, B, Out, /*Emit=*/false);
      const facts::BlockFact &Block = Fact.Blocks[B];
      for (unsigned I = 0; I < Block.Succs.size(); ++I) {
        int Succ = Block.Succs[I];
        if (Succ < 0)
          continue;
        std::optional<State> Edge = edgeState(W, Block, Out, I);
        if (!Edge)
          continue;
        State &Target = In[Succ];
        if (!Target.Reachable) {
          Target = std::move(*Edge);
          Changed = true;
          continue;
        }
        size_t HeldBefore = Target.Held.size(), ReleasedBefore = Target.Released.size(),
               PendingBefore = Target.Pending.size();
        join(Target, *Edge);
        Changed |= Target.Held.size() != HeldBefore ||
                   Target.Released.size() != ReleasedBefore ||
                   Target.Pending.size() != PendingBefore;
      }
    }
    Converged = !Changed;
  }
  assert(Converged && "lock-state dataflow did not converge");

  // Replay every reachable block once with its final in-state, now emitting
  // events and recording acquisitions and exits.
  for (unsigned B = N; B-- > 0;) {
    if (!In[B].Reachable)
      continue;
    State Out = In[B];
    transfer(W, B, Out, /*Emit=*/true);
    const facts::BlockFact &Block = Fact.Blocks[B];
    bool ReachesExit = false;
    for (unsigned I = 0; I < Block.Succs.size(); ++I)
      if (Block.Succs[I] == static_cast<int>(Fact.Exit) && edgeState(W, Block, Out, I))
        ReachesExit = true;
    if (!ReachesExit)
      continue;
    // A block that flows into the exit is a return; split trylock-style
    // results into their success and failure states.
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
      State NonZero = Out, Zero = Out;
      for (const HeldLock &H : Split->OnNonZero)
        addHeld(NonZero.Held, H);
      for (const HeldLock &H : Split->OnZero)
        addHeld(Zero.Held, H);
      W.ExitStates.push_back(std::move(NonZero));
      W.ExitKinds.push_back(1);
      W.ExitStates.push_back(std::move(Zero));
      W.ExitKinds.push_back(2);
    } else {
      W.ExitStates.push_back(std::move(Out));
      W.ExitKinds.push_back(Kind);
    }
  }

  bool AnyNonZero = false, AnyZero = false;
  for (size_t I = 0; I < W.ExitStates.size(); ++I) {
    const State &E = W.ExitStates[I];
    for (const LockRef &R : E.Released)
      if (!llvm::is_contained(S.ReleasedAtExit, R))
        S.ReleasedAtExit.push_back(R);
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
  S.Conditional = AnyNonZero && AnyZero &&
                  (S.HeldIfNonZero.size() != S.HeldAtExit.size() ||
                   S.HeldIfZero.size() != S.HeldAtExit.size());
}

static void join(SummaryEngine::State &Into, const SummaryEngine::State &From) {
  Into.Held = intersect(Into.Held, From.Held);
  for (const LockRef &R : From.Released)
    if (!llvm::is_contained(Into.Released, R))
      Into.Released.push_back(R);
  llvm::erase_if(Into.Pending, [&](const SummaryEngine::PendingResult &P) {
    return llvm::none_of(From.Pending, [&](const SummaryEngine::PendingResult &O) { return O.Call == P.Call; });
  });
}

void SummaryEngine::transfer(Walk &W, unsigned Block, State &St, bool Emit) {
  for (unsigned C : W.Fact.Blocks[Block].Calls)
    applyCall(W, C, St, Emit);
}

void SummaryEngine::applyCall(Walk &W, unsigned CallIdx, State &St, bool Emit) {
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  if (Call.Kind == facts::CalleeKind::Direct)
    if (const spec::LockPrimitive *P = Annotations.primitive(Call.Callee))
      return applyPrimitive(W, CallIdx, *P, St, Emit);
  llvm::SmallVector<Target, 2> Targets;
  collectTargets(W, CallIdx, Targets);
  if (Call.Kind == facts::CalleeKind::Field || Call.Kind == facts::CalleeKind::Param ||
      Call.Kind == facts::CalleeKind::Unknown) {
    if (Emit)
      (Targets.empty() ? UnresolvedIndirect : ResolvedIndirect).push_back({W.F, CallIdx});
  }
  if (Targets.empty())
    return;
  if (Targets.size() == 1)
    return applyCallee(W, CallIdx, Targets.front(), St, Emit);
  // Several possible callees: what holds after the call is what holds after
  // every one of them.
  State Joined;
  for (const Target &T : Targets) {
    State Copy = St;
    applyCallee(W, CallIdx, T, Copy, Emit);
    if (!Joined.Reachable)
      Joined = std::move(Copy);
    else
      join(Joined, Copy);
  }
  St = std::move(Joined);
}

int SummaryEngine::subclassOf(const Walk &W, const facts::CallFact &Call,
                              const spec::LockPrimitive &P) const {
  // Without lockdep, `down_write_nested(sem, subclass)` is a macro over
  // `down_write(sem)`: the macro is the primitive that names the subclass.
  const std::vector<facts::ArgFact> *Args = &Call.Args;
  int SubclassArgument = P.SubclassArgument;
  if (SubclassArgument < 0 && !Call.Macro.empty())
    if (const spec::LockPrimitive *M = Annotations.primitive(Call.Macro)) {
      Args = &Call.MacroArgs;
      SubclassArgument = M->SubclassArgument;
    }
  if (SubclassArgument < 0)
    return 0;
  if (static_cast<size_t>(SubclassArgument) >= Args->size())
    return UnknownSubclass;
  const facts::ArgFact &Arg = (*Args)[SubclassArgument];
  if (Arg.IntValue)
    return static_cast<int>(*Arg.IntValue);
  if (Arg.Path && Arg.Path->Root == facts::PathRoot::Param && Arg.Path->Steps.empty())
    for (const auto &[Param, Value] : W.Ctx.Consts)
      if (static_cast<int>(Param) == Arg.Path->Param)
        return static_cast<int>(Value);
  return UnknownSubclass;
}

void SummaryEngine::applyPrimitive(Walk &W, unsigned CallIdx, const spec::LockPrimitive &P,
                                   State &St, bool Emit) {
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  LockRef Lock;
  if (P.LockArgument < Call.Args.size() && Call.Args[P.LockArgument].Path)
    Lock = Resolver.fromPath(*Call.Args[P.LockArgument].Path);
  if (!Lock.isKnown()) {
    if (Emit)
      ++UnknownLockObjects;
    // A release through a pointer the analysis cannot follow
    // (`pte_unmap_unlock(pte, ptl)` with ptl filled in by
    // pte_offset_map_lock()) still releases something: the innermost held lock
    // of its kind, as kernel code releases in reverse order. Keeping it held
    // would report the next acquisition as recursive.
    if (P.Operation == spec::LockOperation::Release)
      for (auto It = St.Held.rbegin(); It != St.Held.rend(); ++It)
        if (It->Kind == P.Kind) {
          St.Held.erase(std::next(It).base());
          break;
        }
    return;
  }
  if (P.Operation == spec::LockOperation::Release) {
    releaseLock(St.Held, St.Released, Lock);
    return;
  }
  WitnessStep Step;
  Step.Function = W.F;
  Step.Call = CallIdx;
  const WitnessNode *Here = node(Step, nullptr);
  HeldLock H{Lock, P.Kind, P.Mode, subclassOf(W, Call, P), Here};
  AcquireSite Site{Lock, P.Kind, P.Mode, H.Subclass,
                   P.Operation != spec::LockOperation::TryAcquire,
                   /*ReleasedBefore=*/false, Here, 0};
  reachAcquisition(W, Site, St, Emit);
  switch (P.Operation) {
  case spec::LockOperation::Acquire:
    addHeld(St.Held, H);
    break;
  case spec::LockOperation::TryAcquire:
  case spec::LockOperation::AcquireInterruptible: {
    bool OnZero = P.Operation == spec::LockOperation::AcquireInterruptible ||
                  P.Success == spec::TrySuccess::Zero;
    if (!W.ResultUsed[CallIdx]) {
      // Nobody looks at the result: a blocking acquisition is assumed to have
      // succeeded, a trylock is assumed to have failed.
      if (P.Operation == spec::LockOperation::AcquireInterruptible)
        addHeld(St.Held, H);
      break;
    }
    PendingResult R;
    R.Call = CallIdx;
    R.Var = Call.ResultVar;
    (OnZero ? R.OnZero : R.OnNonZero).push_back(H);
    St.Pending.push_back(std::move(R));
    break;
  }
  case spec::LockOperation::Release:
    llvm_unreachable("handled above");
  }
}

/// Records an acquisition reached in W's function: an event for each lock
/// held here, and a site for the summary unless the same lock is held here
/// (then this function is where the problem is, not its callers).
void SummaryEngine::reachAcquisition(Walk &W, const AcquireSite &Site, State &St, bool Emit) {
  if (!Emit)
    return;
  bool HeldHere = false;
  for (const HeldLock &H : St.Held) {
    if (!H.Lock.isResolved() && !Site.Lock.isResolved()) {
      if (H.Lock == Site.Lock && H.Subclass == Site.Subclass) {
        W.S.Deferred.push_back({W.F, &W.S, H, Site});
        HeldHere = true;
      }
      continue;
    }
    AcquireWhileHeld Event{W.F, W.S, H, Site};
    for (LockEventListener *L : Listeners)
      L->onAcquireWhileHeld(Event, *this);
    HeldHere |= sameLockAndSubclass(H.Lock, H.Subclass, Site.Lock, Site.Subclass);
  }
  if (HeldHere)
    return;
  AcquireSite Recorded = Site;
  Recorded.ReleasedBefore |= llvm::is_contained(St.Released, Site.Lock);
  for (AcquireSite &Existing : W.S.Acquires) {
    if (Existing.Lock == Recorded.Lock && Existing.Subclass == Recorded.Subclass &&
        Existing.Blocking == Recorded.Blocking) {
      if (Existing.ReleasedBefore && !Recorded.ReleasedBefore)
        Existing = Recorded;
      return;
    }
  }
  W.S.Acquires.push_back(Recorded);
}

void SummaryEngine::applyCallee(Walk &W, unsigned CallIdx, const Target &T, State &St,
                                bool Emit) {
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  WitnessStep Step;
  Step.Function = W.F;
  Step.Call = CallIdx;
  Step.Target = T.Function;
  Step.Table = T.Via;
  const Summary &Callee = summarize(T.Function, T.Ctx, W.S.EntryPath, Step);

  if (Emit) {
    CallEdges.push_back({&W.S, Step, const_cast<Summary *>(&Callee)});
    CallWhileHeld Event{W.F, W.S, Step, Callee, St.Held};
    for (LockEventListener *L : Listeners)
      L->onCall(Event, *this);
    for (const DeferredPair &Inner : Callee.Deferred) {
      DeferredPair Pair = Inner;
      Pair.Held.Lock = Resolver.compose(Inner.Held.Lock, Call);
      Pair.Site.Lock = Resolver.compose(Inner.Site.Lock, Call);
      if (!Pair.Held.Lock.isKnown() || !Pair.Site.Lock.isKnown())
        continue;
      if (Pair.Held.Lock.isResolved() && Pair.Site.Lock.isResolved()) {
        AcquireWhileHeld Event{Pair.Function, *Pair.Frame, Pair.Held, Pair.Site};
        for (LockEventListener *L : Listeners)
          L->onAcquireWhileHeld(Event, *this);
      } else {
        W.S.Deferred.push_back(std::move(Pair));
      }
    }
    for (const AcquireSite &Inner : Callee.Acquires) {
      AcquireSite Site = Inner;
      Site.Lock = Resolver.compose(Inner.Lock, Call);
      if (!Site.Lock.isKnown())
        continue;
      Site.Path = node(Step, Inner.Path);
      bool CalleeReturnsHolding = llvm::any_of(Callee.HeldAtExit, [&](const HeldLock &H) {
        return H.Lock == Inner.Lock && H.Subclass == Inner.Subclass;
      });
      Site.SeenDepth = CalleeReturnsHolding ? 0 : Inner.SeenDepth + 1;
      reachAcquisition(W, Site, St, Emit);
    }
  }
  for (const LockRef &R : Callee.ReleasedAtExit) {
    LockRef Lock = Resolver.compose(R, Call);
    if (Lock.isKnown())
      releaseLock(St.Held, St.Released, Lock);
    else if (!St.Held.empty())
      // `spin_unlock(ptl)` through a pointer the analysis cannot follow: as
      // for the primitives, the innermost held lock is the one released.
      St.Held.pop_back();
  }
  auto Compose = [&](const HeldLock &Inner) {
    HeldLock H = Inner;
    H.Lock = Resolver.compose(Inner.Lock, Call);
    H.TakenAt = node(Step, Inner.TakenAt);
    return H;
  };
  for (const HeldLock &Inner : Callee.HeldAtExit) {
    HeldLock H = Compose(Inner);
    if (H.Lock.isKnown())
      addHeld(St.Held, H);
  }
  if (Callee.Conditional && W.ResultUsed[CallIdx]) {
    PendingResult R;
    R.Call = CallIdx;
    R.Var = Call.ResultVar;
    for (const HeldLock &Inner : Callee.HeldIfNonZero)
      if (!llvm::any_of(Callee.HeldAtExit, [&](const HeldLock &X) { return sameHeld(X, Inner); }))
        R.OnNonZero.push_back(Compose(Inner));
    for (const HeldLock &Inner : Callee.HeldIfZero)
      if (!llvm::any_of(Callee.HeldAtExit, [&](const HeldLock &X) { return sameHeld(X, Inner); }))
        R.OnZero.push_back(Compose(Inner));
    St.Pending.push_back(std::move(R));
  }
}

} // namespace lockcheck::analysis
