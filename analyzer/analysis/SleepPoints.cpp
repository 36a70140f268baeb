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

#include <algorithm>
#include <memory>
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

/// Classes only: a lock named through a parameter (inside a lock wrapper) is
/// left out, and a class is the same in every caller's terms.
llvm::ArrayRef<ClassId> SummaryEngine::releasedOnTheWay(const AcquireSite &Site,
                                                        const State &St) {
  // Mostly the site's own list already has them all.
  if (llvm::all_of(St.Released, [&](const LockRef &R) {
        return !R.isResolved() || std::binary_search(Site.ReleasedOnTheWay.begin(),
                                                     Site.ReleasedOnTheWay.end(), R.Class);
      }))
    return Site.ReleasedOnTheWay;
  llvm::SmallVector<ClassId, 32> All(Site.ReleasedOnTheWay.begin(), Site.ReleasedOnTheWay.end());
  for (const LockRef &R : St.Released)
    if (R.isResolved())
      All.push_back(R.Class);
  std::sort(All.begin(), All.end()); // llvm::sort would hand the pointers to qsort
  All.erase(std::unique(All.begin(), All.end()), All.end());
  if (All.size() == Site.ReleasedOnTheWay.size())
    return Site.ReleasedOnTheWay;
  return internReleased(All);
}

static bool isRelative(const LockRef &R) { return R.isKnown() && !R.isResolved(); }

llvm::ArrayRef<LockRef> SummaryEngine::relativeReleasedOnTheWay(const AcquireSite &Site,
                                                                const State &St) {
  llvm::SmallVector<LockRef, 4> All(Site.RelativeReleasedOnTheWay.begin(),
                                    Site.RelativeReleasedOnTheWay.end());
  for (const LockRef &R : St.Released)
    if (isRelative(R) && !llvm::is_contained(All, R))
      All.push_back(R);
  if (All.size() == Site.RelativeReleasedOnTheWay.size())
    return Site.RelativeReleasedOnTheWay;
  return keptForRun(All);
}

llvm::ArrayRef<LockRef> SummaryEngine::keptForRun(llvm::ArrayRef<LockRef> Locks) {
  if (Locks.empty())
    return {};
  LockRef *Kept = ReleasedListStorage.Allocate<LockRef>(Locks.size());
  std::uninitialized_copy(Locks.begin(), Locks.end(), Kept);
  return llvm::ArrayRef<LockRef>(Kept, Locks.size());
}

void SummaryEngine::composeReleasedOnTheWay(const facts::CallFact &Call, AcquireSite &Site) {
  llvm::SmallVector<ClassId, 32> Named;
  llvm::SmallVector<LockRef, 4> StillRelative;
  for (const LockRef &R : Site.RelativeReleasedOnTheWay) {
    const LockRef Mine = Resolver.compose(R, Call);
    if (Mine.isResolved()) {
      Named.push_back(Mine.Class);
      // The caller's lock, dropped before the callee takes it again.
      Site.ReleasedBefore |= Site.Lock == Mine;
    } else if (isRelative(Mine) && !llvm::is_contained(StillRelative, Mine)) {
      StillRelative.push_back(Mine);
    }
  }
  if (!Named.empty()) {
    Named.append(Site.ReleasedOnTheWay.begin(), Site.ReleasedOnTheWay.end());
    Site.ReleasedOnTheWay = internReleased(Named);
  }
  Site.RelativeReleasedOnTheWay = keptForRun(StillRelative);
}

llvm::ArrayRef<ClassId> SummaryEngine::internReleased(llvm::SmallVectorImpl<ClassId> &All) {
  std::sort(All.begin(), All.end());
  All.erase(std::unique(All.begin(), All.end()), All.end());
  auto Known = ReleasedLists.find(llvm::ArrayRef<ClassId>(All));
  if (Known != ReleasedLists.end())
    return *Known;
  ClassId *Kept = ReleasedListStorage.Allocate<ClassId>(All.size());
  std::copy(All.begin(), All.end(), Kept);
  llvm::ArrayRef<ClassId> List(Kept, All.size());
  ReleasedLists.insert(List);
  return List;
}

} // namespace lockcheck::analysis
