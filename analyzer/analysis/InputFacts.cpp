//===- analysis/InputFacts.cpp - What a path found of the function's inputs ===//
//
// InputFacts.h. The knowledge is kept small (known bits, a few "some bit of M
// is set" and "not V" facts per input): a path tests few inputs, and states
// are copied along every edge.
//
//===----------------------------------------------------------------------===//
#include "analysis/InputFacts.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/bit.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace lockcheck::analysis {

using Kind = facts::ConditionFact::Kind;

/// More facts of one kind per input than a helper's tests need: past this,
/// the oldest are forgotten (knowing less is always sound).
constexpr size_t MaxFactsPerKind = 4;

bool testsInput(const facts::ConditionFact &C) {
  return !C.ParamChanged && C.Param >= 0 &&
         (C.K == Kind::ParamMask || C.K == Kind::ParamEquals || C.K == Kind::ParamFieldMask ||
          C.K == Kind::ParamFieldEquals || C.K == Kind::ParamPredicate);
}

/// A predicate's result is kept as a field of its parameter named by the call
/// (`__vma_shareable_lock($)`), which no real field's name can be: stores
/// through the parameter make it stale as they make fields stale.
static bool isMask(const facts::ConditionFact &C) {
  return C.K == Kind::ParamMask || C.K == Kind::ParamFieldMask || C.K == Kind::ParamPredicate;
}

/// The bits `x & Value` tests: all of them for a test of x itself.
static uint64_t maskOf(const facts::ConditionFact &C) {
  return C.Value == -1 ? ~uint64_t(0) : static_cast<uint64_t>(C.Value);
}

static llvm::StringRef fieldOf(const facts::ConditionFact &C) {
  return isMask(C) ? (C.K != Kind::ParamMask ? llvm::StringRef(C.Var) : "")
                   : (C.K == Kind::ParamFieldEquals ? llvm::StringRef(C.Var) : "");
}

static bool keyLess(const InputFact &F, int Param, llvm::StringRef Field) {
  return std::make_tuple(F.Param, llvm::StringRef(F.Field)) < std::make_tuple(Param, Field);
}

/// Where Param's Field is, or would be, in Known.
static InputFacts::iterator position(InputFacts &Known, int Param, llvm::StringRef Field) {
  return std::partition_point(Known.begin(), Known.end(),
                              [&](const InputFact &F) { return keyLess(F, Param, Field); });
}

static const InputFact *find(llvm::ArrayRef<InputFact> Known, int Param, llvm::StringRef Field) {
  auto It = std::partition_point(Known.begin(), Known.end(),
                                 [&](const InputFact &F) { return keyLess(F, Param, Field); });
  return It != Known.end() && It->Param == Param && It->Field == Field ? &*It : nullptr;
}

static bool isConstant(const InputFact &F) { return (F.One | F.Zero) == ~uint64_t(0); }

static std::optional<bool> maskHolds(const InputFact &F, uint64_t Mask) {
  if (F.One & Mask)
    return true;
  if ((F.Zero & Mask) == Mask)
    return false;
  // Some bit of N set, N within Mask: some bit of Mask set.
  if (llvm::any_of(F.NonZeroMasks, [&](uint64_t N) { return (N & ~Mask) == 0; }))
    return true;
  return std::nullopt;
}

static std::optional<bool> equalsHolds(const InputFact &F, int64_t Value) {
  const uint64_t V = static_cast<uint64_t>(Value);
  if (isConstant(F))
    return F.One == V;
  if ((F.One & ~V) || (F.Zero & V) || llvm::is_contained(F.NotEqual, Value) ||
      llvm::any_of(F.NonZeroMasks, [&](uint64_t N) { return (N & V) == 0; }))
    return false;
  return std::nullopt;
}

/// Brings F to its shortest form; false when no value satisfies it.
static bool normalize(InputFact &F) {
  if (F.One & F.Zero)
    return false;
  llvm::SmallVector<uint64_t, 1> Masks;
  for (uint64_t N : F.NonZeroMasks) {
    N &= ~F.Zero;
    if (N == 0)
      return false;
    if (N & F.One)
      continue; // implied by a known bit
    if (llvm::popcount(N) == 1) {
      F.One |= N;
      continue;
    }
    Masks.push_back(N);
  }
  if (F.One & F.Zero)
    return false;
  // Some bit of M set implies some bit of every superset of M set.
  llvm::sort(Masks);
  Masks.erase(std::unique(Masks.begin(), Masks.end()), Masks.end());
  llvm::SmallVector<uint64_t, 1> Kept;
  for (uint64_t N : Masks)
    if ((N & F.One) == 0 &&
        llvm::none_of(Masks, [&](uint64_t M) { return M != N && (M & ~N) == 0; }))
      Kept.push_back(N);
  if (Kept.size() > MaxFactsPerKind)
    Kept.erase(Kept.begin(), Kept.end() - MaxFactsPerKind);
  F.NonZeroMasks = std::move(Kept);
  if (isConstant(F) && llvm::is_contained(F.NotEqual, static_cast<int64_t>(F.One)))
    return false;
  llvm::erase_if(F.NotEqual, [&](int64_t V) {
    const uint64_t U = static_cast<uint64_t>(V);
    return isConstant(F) || (F.One & ~U) || (F.Zero & U);
  });
  llvm::sort(F.NotEqual);
  F.NotEqual.erase(std::unique(F.NotEqual.begin(), F.NotEqual.end()), F.NotEqual.end());
  if (F.NotEqual.size() > MaxFactsPerKind)
    F.NotEqual.erase(F.NotEqual.begin(), F.NotEqual.end() - MaxFactsPerKind);
  return true;
}

std::optional<bool> inputTestHolds(llvm::ArrayRef<InputFact> Known,
                                   const facts::ConditionFact &C) {
  const InputFact *F = find(Known, C.Param, fieldOf(C));
  if (!F || F->Stale)
    return std::nullopt;
  return isMask(C) ? maskHolds(*F, maskOf(C)) : equalsHolds(*F, C.Value);
}

bool learnInput(InputFacts &Known, const facts::ConditionFact &C, bool Holds) {
  if (std::optional<bool> Already = inputTestHolds(Known, C))
    return *Already == Holds;
  llvm::StringRef Field = fieldOf(C);
  auto It = position(Known, C.Param, Field);
  if (It == Known.end() || It->Param != C.Param || It->Field != Field)
    It = Known.insert(It, InputFact{C.Param, Field.str(), 0, 0, {}, {}, false});
  else if (It->Stale)
    *It = InputFact{C.Param, Field.str(), 0, 0, {}, {}, false}; // tested anew
  InputFact &F = *It;
  if (isMask(C)) {
    if (Holds)
      F.NonZeroMasks.push_back(maskOf(C));
    else
      F.Zero |= maskOf(C);
  } else if (Holds) {
    F.One |= static_cast<uint64_t>(C.Value);
    F.Zero |= ~static_cast<uint64_t>(C.Value);
  } else if (C.Value == 0) {
    F.NonZeroMasks.push_back(~uint64_t(0));
  } else {
    F.NotEqual.push_back(C.Value);
  }
  return normalize(F);
}

/// What both A and B imply of one input.
static InputFact joinFact(const InputFact &A, const InputFact &B) {
  InputFact J{A.Param, A.Field, A.One & B.One, A.Zero & B.Zero, {}, {}, A.Stale || B.Stale};
  // A set bit of A's One, or of one of its masks, and one of B's: some bit of
  // their union is set either way.
  llvm::SmallVector<uint64_t, 2> FromA(A.NonZeroMasks.begin(), A.NonZeroMasks.end());
  llvm::SmallVector<uint64_t, 2> FromB(B.NonZeroMasks.begin(), B.NonZeroMasks.end());
  if (A.One)
    FromA.push_back(A.One);
  if (B.One)
    FromB.push_back(B.One);
  for (uint64_t MA : FromA)
    for (uint64_t MB : FromB)
      J.NonZeroMasks.push_back(MA | MB);
  for (const InputFact *Side : {&A, &B})
    for (int64_t V : Side->NotEqual)
      if (equalsHolds(A, V) == false && equalsHolds(B, V) == false &&
          !llvm::is_contained(J.NotEqual, V))
        J.NotEqual.push_back(V);
  [[maybe_unused]] bool Satisfiable = normalize(J);
  assert(Satisfiable && "a join of satisfiable facts is satisfiable");
  return J;
}

/// Whether F says nothing of its input: a join drops such facts.
static bool saysNothing(const InputFact &F) {
  return !F.One && !F.Zero && F.NonZeroMasks.empty() && F.NotEqual.empty();
}

void joinInputs(InputFacts &Into, llvm::ArrayRef<InputFact> From) {
  if (Into.empty())
    return;
  InputFacts Joined;
  for (const InputFact &F : Into)
    if (const InputFact *O = find(From, F.Param, F.Field)) {
      InputFact J = joinFact(F, *O);
      if (!saysNothing(J))
        Joined.push_back(std::move(J));
    }
  Into = std::move(Joined);
}

void joinInputs(SharedInputFacts &Into, const SharedInputFacts &From) {
  if (Into.empty())
    return;
  // Facts are kept in their shortest form (normalize), which a join with
  // themselves leaves as it is; only a fact that says nothing would go.
  if (Into == From && llvm::none_of(Into, saysNothing))
    return;
  InputFacts Joined(Into.begin(), Into.end());
  joinInputs(Joined, From);
  if (!llvm::equal(Joined, Into))
    Into = std::move(Joined);
}

void staleFields(InputFacts &Known, int Param) {
  for (InputFact &F : Known)
    if (F.Param == Param && !F.Field.empty())
      F.Stale = true;
}

/// The parameter whose value an argument passes on whole, if it does.
static std::optional<int> passedParam(const facts::ArgFact &A) {
  if (A.Path && A.Path->Root == facts::PathRoot::Param && A.Path->Steps.empty())
    return A.Path->Param;
  return std::nullopt;
}

void staleFieldsPassed(InputFacts &Known, const facts::CallFact &Call) {
  // Passed a field's address, a callee may store into that field too; the
  // facts do not tell `&p->f` from `p->f`, and only the second
  // (`spin_unlock(pvmw->ptl)`) is common.
  for (const facts::ArgFact &A : Call.Args)
    if (std::optional<int> Param = passedParam(A))
      staleFields(Known, *Param);
}

void staleFieldsPassed(SharedInputFacts &Known, const facts::CallFact &Call) {
  // Most calls pass no parameter a fresh fact of a field is about: then the
  // facts stay shared, uncopied.
  auto BecomesStale = [&](const InputFact &F) {
    return !F.Stale && !F.Field.empty() && llvm::any_of(Call.Args, [&](const facts::ArgFact &A) {
             return passedParam(A) == F.Param;
           });
  };
  if (llvm::none_of(Known, BecomesStale))
    return;
  InputFacts Changed(Known.begin(), Known.end());
  staleFieldsPassed(Changed, Call);
  Known = std::move(Changed);
}

/// Whether some value satisfies A and makes B false, or the other way round:
/// checked by what each fact rules out of the other, which misses some
/// contradictions but claims none that is not one.
static bool contradicts(const InputFact &A, const InputFact &B) {
  if ((A.One & B.Zero) || (A.Zero & B.One))
    return true;
  for (const auto &[X, Y] : {std::make_pair(&A, &B), std::make_pair(&B, &A)}) {
    const InputFact &Other = *Y;
    if (llvm::any_of(X->NonZeroMasks, [&](uint64_t N) { return maskHolds(Other, N) == false; }))
      return true;
    if (isConstant(*X) && equalsHolds(*Y, static_cast<int64_t>(X->One)) == false)
      return true;
  }
  return false;
}

bool inputsContradict(llvm::ArrayRef<InputFact> A, llvm::ArrayRef<InputFact> B) {
  for (const InputFact &F : A)
    if (const InputFact *O = find(B, F.Param, F.Field); O && contradicts(F, *O))
      return true;
  return false;
}

} // namespace lockcheck::analysis
