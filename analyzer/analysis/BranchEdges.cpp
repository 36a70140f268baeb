//===- analysis/BranchEdges.cpp - What a branch lets through --------------===//
//
// The successors of a block a calling context or the state rules out (a test
// of a parameter the context fixes, a switch on one, a field of the current
// task), and the state along each successor a branch lets through: a flag
// local decided, a trylock-style result's locks held where it succeeded.
//
//===----------------------------------------------------------------------===//
#include "analysis/HeldSet.h"
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"

namespace lockcheck::analysis {

/// Whether `x == Test` (Equals) or `x & Test` (Test -1: x itself) holds for
/// every value V's known bits allow (true), for none (false), or only for some.
static std::optional<bool> testHolds(bool Equals, int64_t Test, const llvm::KnownBits &V) {
  const uint64_t One = V.One.getZExtValue(), Zero = V.Zero.getZExtValue();
  const uint64_t T = static_cast<uint64_t>(Test);
  if (Equals) {
    if (V.isConstant())
      return One == T;
    if ((One & ~T) != 0 || (Zero & T) != 0)
      return false;
    return std::nullopt;
  }
  const uint64_t Mask = Test == -1 ? ~uint64_t(0) : T;
  if ((One & Mask) != 0)
    return true;
  if ((Zero & Mask) == Mask)
    return false;
  return std::nullopt;
}

/// Whether `V > Bound` (Greater) or `V < Bound` holds for every value V's
/// known bits allow, or for none; signed, as the frontend only records signed
/// comparisons.
static std::optional<bool> orderingHolds(bool Greater, int64_t Bound, const llvm::KnownBits &V) {
  const int64_t Min = V.getSignedMinValue().getSExtValue();
  const int64_t Max = V.getSignedMaxValue().getSExtValue();
  if (Greater ? Min > Bound : Max < Bound)
    return true;
  if (Greater ? Max <= Bound : Min >= Bound)
    return false;
  return std::nullopt;
}

/// What the branch test C says of every value V's known bits allow: true,
/// false, or nothing when it holds for some of them only.
static std::optional<bool> conditionHolds(const facts::ConditionFact &C,
                                          const llvm::KnownBits &V) {
  using Kind = facts::ConditionFact::Kind;
  switch (C.K) {
  case Kind::ParamGreater:
    return orderingHolds(true, C.Value, V);
  case Kind::ParamLess:
    return orderingHolds(false, C.Value, V);
  case Kind::ParamEquals:
  case Kind::ParamFieldEquals:
  case Kind::TaskEquals:
    return testHolds(true, C.Value, V);
  default:
    return testHolds(false, C.Value, V);
  }
}

/// What `if (p)` or `if (p == NULL)` (p itself, not its bits) says of a
/// parameter the context knows is the address of an object, unless the body
/// may have changed it on the way.
static std::optional<bool> nonNullTest(const SummaryEngine::Walk &W,
                                       const facts::ConditionFact &C) {
  if (C.ParamChanged || !llvm::is_contained(W.Ctx.NonNull, static_cast<unsigned>(C.Param)))
    return std::nullopt;
  if (C.K == facts::ConditionFact::Kind::ParamMask && C.Value == -1)
    return true;
  if (C.K == facts::ConditionFact::Kind::ParamEquals && C.Value == 0)
    return false;
  return std::nullopt;
}

/// Whether a switch may take its successor I for some value V's known bits
/// allow: each such value is tried when no more than 8 bits are unknown
/// (`switch (flags & (IOMAP_WRITE | IOMAP_ZERO))` has 2 at most).
static bool caseMayBeTaken(llvm::ArrayRef<facts::CaseFact> Cases, unsigned I,
                           const llvm::KnownBits &V) {
  const uint64_t Unknown = ~(V.One | V.Zero).getZExtValue();
  if (llvm::popcount(Unknown) > 8)
    return true;
  auto Holds = [](const facts::CaseFact &Case, int64_t X) {
    return !Case.IsDefault && Case.Low <= X && X <= Case.High;
  };
  const facts::CaseFact &Mine = Cases[I];
  uint64_t Subset = 0;
  do {
    const int64_t X = static_cast<int64_t>(V.One.getZExtValue() | Subset);
    if (Mine.IsDefault ? llvm::none_of(Cases, [&](const facts::CaseFact &C) { return Holds(C, X); })
                       : Holds(Mine, X))
      return true;
    Subset = (Subset - Unknown) & Unknown; // the next subset of the unknown bits
  } while (Subset != 0);
  return false;
}

/// Whether a switch on a parameter (or on some of its bits) may take
/// successor I: any when the context knows nothing of the parameter, else a
/// case holding a value its known bits allow, or the default when one of
/// them is in no case.
bool SummaryEngine::switchTaken(const Walk &W, const facts::BlockFact &Block, unsigned I) const {
  const facts::ConditionFact &C = Block.Condition;
  if (Block.Cases.size() != Block.Succs.size())
    return true;
  for (const auto &[P, Value] : W.Ctx.Consts) {
    if (static_cast<int>(P) != C.Param)
      continue;
    return caseMayBeTaken(Block.Cases, I, C.Value ? Value & knownConstant(C.Value) : Value);
  }
  return true;
}

/// The state along one way of a test of an input the context leaves open:
/// none when what the path found of the input before rules it out, else Out
/// with what the test finds (InputFacts.h), built in Scratch.
static const SummaryEngine::State *inputEdge(const facts::ConditionFact &C, bool TrueEdge,
                                             const SummaryEngine::State &Out,
                                             SummaryEngine::State &Scratch) {
  if (!testsInput(C))
    return &Out;
  if (std::optional<bool> Known = inputTestHolds(Out.Inputs, C))
    return *Known == TrueEdge ? &Out : nullptr;
  InputFacts Known(Out.Inputs.begin(), Out.Inputs.end());
  if (!learnInput(Known, C, TrueEdge))
    return nullptr;
  Scratch = Out;
  Scratch.Inputs = std::move(Known);
  return &Scratch;
}

/// The state along successor I of a block: pruned (null) when the branch
/// tests a parameter whose value the context fixes, and with a trylock-style
/// result's locks added on the edge where it succeeded. It is Out itself
/// unless the branch adds to it; then it is built in Scratch, whose buffers
/// are reused from edge to edge.
const SummaryEngine::State *SummaryEngine::branchEdge(const Walk &W,
                                                      const facts::BlockFact &Block,
                                                      const State &Out, unsigned I,
                                                      State &Scratch) const {
  const facts::ConditionFact &C = Block.Condition;
  if (C.K == facts::ConditionFact::Kind::ParamSwitch)
    return switchTaken(W, Block, I) ? &Out : nullptr;
  if (Block.Succs.size() != 2 || C.K == facts::ConditionFact::Kind::None)
    return &Out;
  bool TrueEdge = I == 0;
  if (C.K == facts::ConditionFact::Kind::ParamMask ||
      C.K == facts::ConditionFact::Kind::ParamEquals ||
      C.K == facts::ConditionFact::Kind::ParamGreater ||
      C.K == facts::ConditionFact::Kind::ParamLess) {
    for (const auto &[P, V] : W.Ctx.Consts) {
      if (static_cast<int>(P) != C.Param)
        continue;
      if (std::optional<bool> Holds = conditionHolds(C, V))
        return *Holds == TrueEdge ? &Out : nullptr;
    }
    if (std::optional<bool> Holds = nonNullTest(W, C); Holds && *Holds != TrueEdge)
      return nullptr;
    return inputEdge(C, TrueEdge, Out, Scratch);
  }
  // No context knows what a predicate computes from its argument.
  if (C.K == facts::ConditionFact::Kind::ParamPredicate)
    return inputEdge(C, TrueEdge, Out, Scratch);
  if (C.K == facts::ConditionFact::Kind::ParamFieldMask ||
      C.K == facts::ConditionFact::Kind::ParamFieldEquals) {
    support::StringPool::Id Field = ArgFields.lookup(C.Var);
    for (const auto &[P, F, V] : W.Ctx.ArgFields) {
      if (static_cast<int>(P) != C.Param || F != Field)
        continue;
      if (std::optional<bool> Holds = conditionHolds(C, V))
        return *Holds == TrueEdge ? &Out : nullptr;
    }
    return inputEdge(C, TrueEdge, Out, Scratch);
  }
  if (C.K == facts::ConditionFact::Kind::TaskMask ||
      C.K == facts::ConditionFact::Kind::TaskEquals) {
    // Only nonzero values are known: an unknown field goes either way.
    support::StringPool::Id Field = TaskFields.lookup(C.Var);
    for (const auto &[F, V] : Out.Task) {
      if (F != Field)
        continue;
      if (conditionHolds(C, knownConstant(V)) != TrueEdge)
        return nullptr;
    }
    return &Out;
  }
  // What the branch adds is decided on Out first: most branches on locals
  // and results add nothing, and then the edge's state is Out itself.
  std::optional<bool> ZeroTested;
  std::optional<unsigned> Local;
  if ((C.K == facts::ConditionFact::Kind::LocalEquals ||
       C.K == facts::ConditionFact::Kind::LocalVar) &&
      !C.VarTracked) {
    // `if (ret) { ...unlock...; } if (ret == -ENOSPC) goto retry;`: the
    // retry is not taken where `if (ret)` found ret zero. `ret == V` says
    // ret is nonzero only where it holds.
    std::optional<bool> NonZero;
    if (C.K == facts::ConditionFact::Kind::LocalVar || TrueEdge)
      NonZero = TrueEdge || C.K == facts::ConditionFact::Kind::LocalEquals;
    Local = testedLocal(W, C.Var);
    auto It = llvm::lower_bound(Out.ZeroTested, std::make_pair(*Local, false));
    bool Known = It != Out.ZeroTested.end() && It->first == *Local;
    if (Known && NonZero && It->second != *NonZero)
      return nullptr;
    if (!Known)
      ZeroTested = NonZero;
  }
  std::optional<int64_t> Decides;
  if ((C.K == facts::ConditionFact::Kind::LocalVar ||
       C.K == facts::ConditionFact::Kind::LocalEquals) &&
      C.VarTracked)
    Local = trackedFlag(W, C.Var);
  if (C.K == facts::ConditionFact::Kind::LocalVar && C.VarTracked) {
    // `if (skip_ilock) down_write(...) ... if (skip_ilock) up_write(...)`:
    // a flag nothing assigns in between goes the same way at both branches.
    if (std::optional<int64_t> V = decided(Out, *Local)) {
      if ((*V != 0) != TrueEdge)
        return nullptr;
    } else {
      Decides = TrueEdge ? SomeNonZero : 0;
    }
  }
  if (C.K == facts::ConditionFact::Kind::LocalEquals && C.VarTracked) {
    // slub's deactivate_slab(): `mode = M_PARTIAL; spin_lock(...)` and later
    // `if (mode == M_PARTIAL) ... spin_unlock(...)`. Only a known constant
    // rules a way out; the unequal way leaves the value unknown.
    std::optional<int64_t> V = decided(Out, *Local);
    if (V && *V != SomeNonZero) {
      if ((*V == C.Value) != TrueEdge)
        return nullptr;
    } else if (TrueEdge) {
      Decides = C.Value;
    }
  }
  auto DecidesResult = [&](const PendingResult &P) {
    return (C.K == facts::ConditionFact::Kind::CallResult && P.Call == C.Call) ||
           (C.K == facts::ConditionFact::Kind::LocalVar && !P.Var.empty() && P.Var == C.Var);
  };
  for (const PendingResult &P : Out.Pending)
    if (P.Forced && DecidesResult(P) && *P.NonZero != TrueEdge)
      return nullptr;
  if (!ZeroTested && !Decides && llvm::none_of(Out.Pending, DecidesResult))
    return &Out;
  State &Edge = Scratch;
  Edge = Out;
  if (ZeroTested)
    Edge.ZeroTested.insert(llvm::lower_bound(Edge.ZeroTested, std::make_pair(*Local, false)),
                           {*Local, *ZeroTested});
  if (Decides)
    decide(Edge, *Local, *Decides);
  for (PendingResult &P : Edge.Pending)
    if (DecidesResult(P)) {
      P.NonZero = TrueEdge;
      for (const HeldLock &H : TrueEdge ? P.OnNonZero : P.OnZero)
        addHeld(Edge.Held, H);
    }
  return &Edge;
}

const SummaryEngine::State *SummaryEngine::edgeState(const Walk &W,
                                                     const facts::BlockFact &Block,
                                                     const State &Out, unsigned I,
                                                     State &Scratch) const {
  const State *Edge = branchEdge(W, Block, Out, I, Scratch);
  if (!Edge || Block.WarningSucc != static_cast<int>(I) || Edge->AfterWarning)
    return Edge;
  if (Edge != &Scratch)
    Scratch = *Edge;
  Scratch.AfterWarning = true;
  return &Scratch;
}

} // namespace lockcheck::analysis
