//===- analysis/Primitives.cpp - What a lock primitive's call does --------===//
//
// A call of an annotated primitive (down_write, spin_trylock, __sb_start_write,
// copy_from_user as a might-acquire of mmap_lock) acts on the held set
// directly: which lock it names, with which subclass, and what it leaves held.
//
//===----------------------------------------------------------------------===//
#include "analysis/HeldSet.h"
#include "analysis/SummaryEngine.h"
#include "spec/Annotations.h"

#include "llvm/ADT/STLExtras.h"

namespace lockcheck::analysis {

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
  if (std::optional<int64_t> Value = constantArgument(W, *Args, SubclassArgument))
    return static_cast<int>(*Value);
  return UnknownSubclass;
}

std::optional<int64_t> SummaryEngine::constantArgument(const Walk &W,
                                                       llvm::ArrayRef<facts::ArgFact> Args,
                                                       unsigned Index) const {
  if (Index >= Args.size())
    return std::nullopt;
  const facts::ArgFact &Arg = Args[Index];
  if (Arg.IntValue)
    return Arg.IntValue;
  if (Arg.Path && Arg.Path->Root == facts::PathRoot::Param && Arg.Path->Steps.empty())
    for (const auto &[Param, Value] : W.Ctx.Consts)
      if (static_cast<int>(Param) == Arg.Path->Param && Value.isConstant())
        return Value.getConstant().getSExtValue();
  return std::nullopt;
}

/// The access path of the lock a primitive's call names, if any.
static const facts::AccessPath *lockArgument(const facts::CallFact &Call,
                                             const spec::LockPrimitive &P) {
  // A macro primitive's arguments are the macro's (`__sb_writers_release(sb,
  // SB_FREEZE_WRITE)`), not those of the function it expands to a call of.
  const std::vector<facts::ArgFact> &Args = P.Macro ? Call.MacroArgs : Call.Args;
  return P.LockArgument < Args.size() && Args[P.LockArgument].Path ? &*Args[P.LockArgument].Path
                                                                   : nullptr;
}

LockRef SummaryEngine::primitiveLock(const Walk &W, const facts::CallFact &Call,
                                     const spec::LockPrimitive &P) {
  LockRef Lock;
  if (!P.LockClass.empty()) {
    Lock.Class = Classes.intern(P.LockClass);
    return Lock;
  }
  const std::vector<facts::ArgFact> &Args = P.Macro ? Call.MacroArgs : Call.Args;
  const facts::AccessPath *Path = lockArgument(Call, P);
  if (Path && !P.LockFields.empty())
    Path = &Resolver.concat(*Path, P.LockFields);
  if (P.ClassArgument < 0)
    return Path ? Resolver.fromPath(*Path) : Lock;
  // The class the constant argument selects, of the object the lock argument
  // points to: `__sb_start_write(sb, SB_FREEZE_WRITE)` is sb's sb_writers.
  std::optional<int64_t> Value = constantArgument(W, Args, P.ClassArgument);
  if (!Value)
    return Lock;
  auto Choice = llvm::find_if(P.ClassByValue,
                              [&](const spec::LockClassChoice &C) { return C.Value == *Value; });
  if (Choice == P.ClassByValue.end())
    return Lock;
  if (Path) {
    Lock = Resolver.fromPath(*Path);
    Lock.Param = -1;
    Lock.Steps = {};
  }
  Lock.Class = Classes.intern(Choice->LockClass);
  return Lock;
}

void SummaryEngine::applyPrimitive(Walk &W, unsigned CallIdx, const spec::LockPrimitive &P,
                                   State &St, bool Emit) {
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  LockRef Lock = primitiveLock(W, Call, P);
  if (!St.Aliases.empty() && P.LockClass.empty() && P.LockFields.empty())
    Lock = throughAlias(St, Lock, lockArgument(Call, P));
  Lock.Kind = P.Kind;
  if (!Lock.isKnown()) {
    if (Emit)
      ++UnknownLockObjects;
    // A release through a pointer the analysis cannot follow
    // (`pte_unmap_unlock(pte, ptl)` with ptl filled in by
    // pte_offset_map_lock()) still releases something: the innermost held lock
    // of its kind, as kernel code releases in reverse order. Keeping it held
    // would report the next acquisition as recursive.
    if (P.Operation == spec::LockOperation::Release)
      releaseInnermost(St.Held, P.Kind);
    return;
  }
  if (P.Operation == spec::LockOperation::Release) {
    releaseLock(St, Lock);
    return;
  }
  WitnessStep Step;
  Step.Function = W.F;
  Step.Call = CallIdx;
  const WitnessNode *Here = node(Step, nullptr);
  HeldLock H{Lock, P.Kind, P.Mode, subclassOf(W, Call, P), Here};
  AcquireSite Site;
  Site.Lock = Lock;
  Site.Kind = P.Kind;
  Site.Mode = P.Mode;
  Site.Subclass = H.Subclass;
  Site.Blocking = P.Operation != spec::LockOperation::TryAcquire &&
                  P.Operation != spec::LockOperation::Inherit;
  Site.Path = Here;
  Site.MightOnly = P.Operation == spec::LockOperation::MightAcquire;
  reachAcquisition(W, Site, St, Emit);
  if (Emit && !Site.MightOnly)
    noteTakenFresh(W, Lock, St);
  switch (P.Operation) {
  case spec::LockOperation::MightAcquire:
    break;
  case spec::LockOperation::Acquire:
  case spec::LockOperation::Inherit:
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

} // namespace lockcheck::analysis
