//===- analysis/SleepPoints.cpp - Calls after which the task may have slept -===//
//
// A sleep point (annotations' sleep-points: msleep(), schedule(), a user copy,
// might_sleep(), an allocation that may enter direct reclaim) is reached as an
// acquisition of a class of its own, so that it travels up the summaries with
// its witness like any acquisition and is seen under every lock held on the
// way; it is never held, so no other acquisition ever matches it.
//
//===----------------------------------------------------------------------===//
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/STLExtras.h"

#include <optional>

namespace lockcheck::analysis {

/// The gfp_t argument of an allocation when it is known: a constant, or a
/// parameter the calling context knows bits of (then the bits known set). A
/// mask computed at run time (`gfp & ~__GFP_DIRECT_RECLAIM`, a field) is not
/// known, and not taken for a sleep.
static std::optional<uint64_t>
gfpFlags(const facts::CallFact &Call, const spec::SleepPoint &P,
         llvm::ArrayRef<std::pair<unsigned, llvm::KnownBits>> Consts) {
  if (static_cast<size_t>(P.GfpArgument) >= Call.Args.size())
    return std::nullopt;
  const facts::ArgFact &Arg = Call.Args[P.GfpArgument];
  if (Arg.IntValue)
    return static_cast<uint64_t>(*Arg.IntValue);
  if (Arg.Path && Arg.Path->Root == facts::PathRoot::Param && Arg.Path->Steps.empty())
    for (const auto &[Param, Value] : Consts)
      if (static_cast<int>(Param) == Arg.Path->Param)
        return Value.One.getZExtValue();
  return std::nullopt;
}

void SummaryEngine::reachSleepPoint(Walk &W, unsigned CallIdx, State &St) {
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  const spec::SleepPoint *P =
      Call.Kind == facts::CalleeKind::Direct ? Annotations.sleepPoint(Call.Callee) : nullptr;
  if (!P && !Call.Macro.empty())
    P = Annotations.sleepMacro(Call.Macro);
  if (!P)
    return;
  std::optional<uint64_t> Gfp;
  if (P->GfpArgument >= 0) {
    Gfp = gfpFlags(Call, *P, W.Ctx.Consts);
    if (!Gfp || !(*Gfp & Annotations.gfpDirectReclaim()))
      return;
  }
  WitnessStep Step;
  Step.Function = W.F;
  Step.Call = CallIdx;
  AcquireSite Site;
  Site.Lock.Class = Classes.intern(P->Function);
  Site.Path = node(Step, nullptr);
  Site.SleepOnly = true;
  reachAcquisition(W, Site, St, /*Emit=*/true);
  // lockdep's might_alloc(): fs_reclaim_acquire() and fs_reclaim_release()
  // when the flags let the allocation reclaim into file systems. GFP_NOFS
  // and GFP_NOIO reclaim, but take no fs_reclaim (mm/page_alloc.c:4757).
  const spec::ReclaimLock *Reclaim = Annotations.reclaimLock();
  if (!Gfp || !Reclaim || (*Gfp & Reclaim->GfpFlags) != Reclaim->GfpFlags)
    return;
  AcquireSite Acquire;
  Acquire.Lock.Class = Classes.intern(Reclaim->LockClass);
  Acquire.Path = node(Step, nullptr);
  Acquire.MightOnly = true;
  Acquire.AllocationReclaim = true;
  reachAcquisition(W, Acquire, St, /*Emit=*/true);
}

} // namespace lockcheck::analysis
