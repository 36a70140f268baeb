//===- analysis/BodyDataflow.cpp - Lock states through one function body --===//
//
// The intraprocedural half of the engine: a forward dataflow over a function's
// reduced CFG whose states are the locks held on every path (must-held), the
// locks held on entry that it released, and trylock-style results not yet
// tested. Branches on constant parameters are pruned by the context.
//
//===----------------------------------------------------------------------===//
#include "analysis/HeldSet.h"
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

namespace lockcheck::analysis {

using graph::FunctionId;

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
  if (C.K == facts::ConditionFact::Kind::LocalVar && C.VarTracked) {
    // `if (skip_ilock) down_write(...) ... if (skip_ilock) up_write(...)`:
    // a flag nothing assigns in between goes the same way at both branches.
    auto It = llvm::lower_bound(Edge.Decided, std::make_pair(C.Var, false));
    if (It != Edge.Decided.end() && It->first == C.Var) {
      if (It->second != TrueEdge)
        return std::nullopt;
    } else {
      Edge.Decided.insert(It, {C.Var, TrueEdge});
    }
  }
  for (PendingResult &P : Edge.Pending)
    if ((C.K == facts::ConditionFact::Kind::CallResult && P.Call == C.Call) ||
        (C.K == facts::ConditionFact::Kind::LocalVar && !P.Var.empty() && P.Var == C.Var)) {
      P.NonZero = TrueEdge;
      for (const HeldLock &H : TrueEdge ? P.OnNonZero : P.OnZero)
        addHeld(Edge.Held, H);
    }
  return Edge;
}

/// How many pending results a branch has decided: joins only undecide them,
/// so a change in the count is a change of the state.
static size_t decidedResults(const SummaryEngine::State &S) {
  return llvm::count_if(S.Pending, [](const SummaryEngine::PendingResult &P) {
    return P.NonZero.has_value();
  });
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
  // reverse post-order and most bodies converge in two rounds. Each block keeps
  // a few states apart by the branches on tracked flags they took
  // (path-sensitive on those flags, as ESP is): joining them would invent paths
  // that take `if (skip_ilock)` one way and the next `if (skip_ilock)` the
  // other. Past MaxStates they are merged, flags forgotten.
  constexpr size_t MaxStates = 4;
  const unsigned N = static_cast<unsigned>(Fact.Blocks.size());
  std::vector<std::vector<State>> In(N);
  In[Fact.Entry].emplace_back();
  In[Fact.Entry].back().Reachable = true;
  // A block that once had too many ways in stays merged, or the states would
  // split and merge again every round.
  std::vector<bool> Collapsed(N, false);
  auto Merge = [&](unsigned Block, State Edge) {
    std::vector<State> &Into = In[Block];
    if (Collapsed[Block])
      Edge.Decided.clear();
    for (State &Existing : Into)
      if (Existing.Decided == Edge.Decided) {
        size_t Held = Existing.Held.size(), Released = Existing.Released.size(),
               Pending = Existing.Pending.size(), Decided = decidedResults(Existing);
        joinInto(Existing, Edge);
        return Existing.Held.size() != Held || Existing.Released.size() != Released ||
               Existing.Pending.size() != Pending || decidedResults(Existing) != Decided;
      }
    if (Into.size() < MaxStates) {
      Into.push_back(std::move(Edge));
      return true;
    }
    // Too many ways through: one state, no flags decided.
    Collapsed[Block] = true;
    State All = std::move(Edge);
    for (const State &Existing : Into)
      joinInto(All, Existing);
    All.Decided.clear();
    bool Same = Into.size() == 1 && Into.front().Decided.empty() &&
                Into.front().Held.size() == All.Held.size() &&
                Into.front().Released.size() == All.Released.size() &&
                Into.front().Pending.size() == All.Pending.size() &&
                decidedResults(Into.front()) == decidedResults(All);
    Into.assign(1, std::move(All));
    return !Same;
  };
  // Held and pending sets only shrink, released sets only grow and states
  // per block are bounded, so this reaches a fixpoint; the bound on rounds
  // only guards against a bug in that reasoning.
  const unsigned MaxRounds = 4 * N + 16;
  bool Converged = false;
  for (unsigned Round = 0; Round < MaxRounds && !Converged; ++Round) {
    bool Changed = false;
    for (unsigned B = N; B-- > 0;) {
      const facts::BlockFact &Block = Fact.Blocks[B];
      for (size_t K = 0; K < In[B].size(); ++K) {
        State Out = In[B][K];
        transfer(W, B, Out, /*Emit=*/false);
        for (unsigned I = 0; I < Block.Succs.size(); ++I) {
          int Succ = Block.Succs[I];
          if (Succ < 0)
            continue;
          if (std::optional<State> Edge = edgeState(W, Block, Out, I))
            Changed |= Merge(static_cast<unsigned>(Succ), std::move(*Edge));
        }
      }
    }
    Converged = !Changed;
  }
  assert(Converged && "lock-state dataflow did not converge");

  // Replay every reachable block once per state with its final in-state, now
  // emitting events and recording acquisitions and exits.
  for (unsigned B = N; B-- > 0;) {
    const facts::BlockFact &Block = Fact.Blocks[B];
    for (const State &Start : In[B]) {
      State Out = Start;
      transfer(W, B, Out, /*Emit=*/true);
      for (unsigned I = 0; I < Block.Succs.size(); ++I)
        if (Block.Succs[I] == static_cast<int>(Fact.Exit))
          if (std::optional<State> Edge = edgeState(W, Block, Out, I)) {
            collectExit(W, Block, std::move(*Edge));
            break;
          }
    }
  }

  bool AnyNonZero = false, AnyZero = false;
  for (size_t I = 0; I < W.ExitStates.size(); ++I) {
    const State &E = W.ExitStates[I];
    // Released on some path is released for the caller's must-held set.
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

  // The returns one by one, for checkers that compare them (imbalance).
  std::vector<ReturnState> Returns;
  for (size_t I = 0; I < W.ExitStates.size(); ++I)
    Returns.push_back({W.ExitKinds[I] == 1   ? ReturnValue::NonZero
                       : W.ExitKinds[I] == 2 ? ReturnValue::Zero
                                             : ReturnValue::Either,
                       W.ExitStates[I].Held, W.ExitStates[I].Released});
  bool ReturnsValue = llvm::any_of(Fact.Blocks, [](const facts::BlockFact &B) {
    return B.Return && B.Return->K != facts::ReturnFact::Kind::Void;
  });
  FunctionExit Exit{F, S, ReturnsValue, Returns};
  for (LockEventListener *L : Listeners)
    L->onFunctionExit(Exit, *this);
}

/// Records the state at a return, split into success and failure states when
/// the return value is a trylock-style result.
void SummaryEngine::collectExit(Walk &W, const facts::BlockFact &Block, State Out) {
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
    // A result a branch already decided returns that value only.
    State NonZero = Out, Zero = Out;
    for (const HeldLock &H : Split->OnNonZero)
      addHeld(NonZero.Held, H);
    for (const HeldLock &H : Split->OnZero)
      addHeld(Zero.Held, H);
    if (Split->NonZero != false) {
      W.ExitStates.push_back(std::move(NonZero));
      W.ExitKinds.push_back(1);
    }
    if (Split->NonZero != true) {
      W.ExitStates.push_back(std::move(Zero));
      W.ExitKinds.push_back(2);
    }
  } else {
    W.ExitStates.push_back(std::move(Out));
    W.ExitKinds.push_back(Kind);
  }
}

void SummaryEngine::joinInto(State &Into, const State &From) {
  Into.Held = intersect(Into.Held, From.Held);
  for (const LockRef &R : From.Released)
    if (!llvm::is_contained(Into.Released, R))
      Into.Released.push_back(R);
  llvm::erase_if(Into.Pending, [&](const PendingResult &P) {
    return llvm::none_of(From.Pending, [&](const PendingResult &O) { return O.Call == P.Call; });
  });
  for (PendingResult &P : Into.Pending)
    for (const PendingResult &O : From.Pending)
      if (O.Call == P.Call && O.NonZero != P.NonZero)
        P.NonZero.reset();
  llvm::erase_if(Into.Decided,
                 [&](const auto &D) { return !std::binary_search(From.Decided.begin(),
                                                                 From.Decided.end(), D); });
}

} // namespace lockcheck::analysis
