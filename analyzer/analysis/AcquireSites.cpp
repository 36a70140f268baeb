//===- analysis/AcquireSites.cpp - The acquisition sites a summary keeps --===//
//
// An acquisition (or sleep point) reached in a function, or in a callee and
// seen from it, becomes a site of the function's summary: one per lock class,
// kind and subclass, the one that says the most (reached without falling back
// to every table, without the lock released before, with nothing released on
// the way), with the locks released on the way to it as its callers name them.
//
//===----------------------------------------------------------------------===//
#include "analysis/SummaryEngine.h"

#include "analysis/HeldSet.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <memory>

namespace lockcheck::analysis {

/// The order in which reachAcquisition prefers the site a summary keeps for a
/// lock, best (0) first: a site its checkers report before one they set aside.
static unsigned siteRank(bool AfterWarning, bool ViaFallback, bool ReleasedBefore,
                         bool ReleasesOnTheWay) {
  return unsigned(AfterWarning) << 3 | unsigned(ViaFallback) << 2 |
         unsigned(ReleasedBefore) << 1 | unsigned(ReleasesOnTheWay);
}

static unsigned siteRank(const AcquireSite &Site) {
  return siteRank(Site.AfterWarning, Site.ViaFallback, Site.ReleasedBefore,
                  !Site.ReleasedOnTheWay.empty());
}

/// Whether St released some lock it can name.
static bool releasesKnownLock(const SummaryEngine::State &St) {
  return St.Released.anyKnown();
}

/// Records an acquisition reached in W's function: an event for each lock
/// held here, and a site for the summary unless the same lock is held here
/// (then this function is where the problem is, not its callers). With
/// PathHead, the site was reached through that call and Site.Path is the
/// callee's path: the site's own path, the call followed by it, is made
/// only when the site is reported or kept. Most sites reached are of locks
/// the summary already has, and their paths were half of all the nodes.
void SummaryEngine::reachAcquisition(Walk &W, AcquireSite Site, State &St, bool Emit,
                                     const WitnessStep *PathHead, ReleasedOnTheWayMemo *Memo) {
  if (!Emit)
    return;
  Site.AfterWarning |= St.AfterWarning;
  // Reclaim runs with PF_MEMALLOC set, and an allocation made there does not
  // enter reclaim again (mm/page_alloc.c __need_reclaim()); in a
  // memalloc_nofs_save() scope it does not reclaim into file systems. Then
  // the allocation takes nothing, and its callers need not know of it.
  if (Site.AllocationReclaim && llvm::any_of(St.Held, [&](const HeldLock &H) {
        return H.Lock.isResolved() && (H.Lock.Class == Site.Lock.Class ||
                                       llvm::is_contained(ReclaimExcluded, H.Lock.Class));
      }))
    return;
  auto MakePath = [&] {
    if (PathHead)
      Site.Path = node(*PathHead, Site.Path);
    PathHead = nullptr;
  };
  if (!St.Held.empty())
    MakePath();
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
  // One site per lock keeps summaries the size of the lock classes. Prefer a
  // site whose path resolves its indirect calls through a bound table over one
  // that goes through a fallback to every table's slot, then one that does not
  // release the lock first: the first is the one a reviewer trusts.
  const unsigned Next = static_cast<unsigned>(W.S.Acquires.size());
  std::optional<unsigned> Found;
  if (Site.Lock.isResolved()) {
    auto [It, Inserted] = W.ResolvedSites.try_emplace(
        {uint64_t(Site.Lock.Class) << 1 | Site.Blocking, Site.Subclass}, Next);
    if (!Inserted)
      Found = It->second;
  } else {
    for (unsigned I : W.RelativeSites) {
      const AcquireSite &Existing = W.S.Acquires[I];
      if (Existing.Lock == Site.Lock && Existing.Subclass == Site.Subclass &&
          Existing.Blocking == Site.Blocking) {
        Found = I;
        break;
      }
    }
    if (!Found)
      W.RelativeSites.push_back(Next);
  }
  // A site replaces the known one only when it ranks better, and most sites
  // reached do not: the rank is decided on flags, cheapest first, and the
  // classes released on the way are listed only for a site that is kept.
  const unsigned KnownRank = Found ? siteRank(W.S.Acquires[*Found]) : ~0u;
  if (siteRank(Site.AfterWarning, Site.ViaFallback, false, false) >= KnownRank)
    return;
  Site.ReleasedBefore |= St.Released.contains(Site.Lock);
  const bool ReleasesOnTheWay = !Site.ReleasedOnTheWay.empty() ||
                                !Site.RelativeReleasedOnTheWay.empty() || releasesKnownLock(St);
  if (siteRank(Site.AfterWarning, Site.ViaFallback, Site.ReleasedBefore, ReleasesOnTheWay) >=
      KnownRank)
    return;
  if (ReleasesOnTheWay) {
    Site.ReleasedOnTheWay = releasedOnTheWay(Site, St, Memo);
    Site.RelativeReleasedOnTheWay = relativeReleasedOnTheWay(Site, St);
  }
  MakePath();
  if (Found)
    W.S.Acquires[*Found] = Site;
  else
    W.S.Acquires.push_back(Site);
}

bool SummaryEngine::outranked(const Walk &W, const AcquireSite &Inner, bool ViaFallback,
                              const State &St) const {
  // Composing keeps a resolved lock's class, which is all the ranking and
  // the released lists' comparisons look at; a site whose released locks are
  // named through parameters, or that aliases may change, is composed first.
  if (!Inner.Lock.isResolved() || !Inner.RelativeReleasedOnTheWay.empty() ||
      !St.Aliases.empty())
    return false;
  auto Found = W.ResolvedSites.find(
      {uint64_t(Inner.Lock.Class) << 1 | Inner.Blocking, Inner.Subclass});
  if (Found == W.ResolvedSites.end())
    return false;
  const unsigned KnownRank = siteRank(W.S.Acquires[Found->second]);
  return siteRank(Inner.AfterWarning || St.AfterWarning, Inner.ViaFallback || ViaFallback,
                  Inner.ReleasedBefore || St.Released.contains(Inner.Lock),
                  !Inner.ReleasedOnTheWay.empty() || releasesKnownLock(St)) >= KnownRank;
}

/// Classes only: a lock named through a parameter (inside a lock wrapper) is
/// left out, and a class is the same in every caller's terms.
llvm::ArrayRef<ClassId> SummaryEngine::releasedOnTheWay(const AcquireSite &Site,
                                                        const State &St,
                                                        ReleasedOnTheWayMemo *Memo) {
  if (St.Released.empty())
    return Site.ReleasedOnTheWay;
  // The lists are interned or kept for the run: where one is, is what it is.
  const std::pair<const ClassId *, size_t> Key{
      Site.ReleasedOnTheWay.empty() ? nullptr : Site.ReleasedOnTheWay.data(),
      Site.ReleasedOnTheWay.size()};
  if (Memo)
    if (auto Known = Memo->find(Key); Known != Memo->end())
      return Known->second;
  llvm::ArrayRef<ClassId> All = releasedOnTheWay(Site.ReleasedOnTheWay, St);
  if (Memo)
    Memo->try_emplace(Key, All);
  return All;
}

llvm::ArrayRef<ClassId> SummaryEngine::releasedOnTheWay(llvm::ArrayRef<ClassId> Site,
                                                        const State &St) {
  // Mostly the site's own list already has them all.
  if (llvm::all_of(St.Released, [&](const LockRef &R) {
        return !R.isResolved() || std::binary_search(Site.begin(), Site.end(), R.Class);
      }))
    return Site;
  llvm::SmallVector<ClassId, 32> All(Site.begin(), Site.end());
  for (const LockRef &R : St.Released)
    if (R.isResolved())
      All.push_back(R.Class);
  std::sort(All.begin(), All.end()); // llvm::sort would hand the pointers to qsort
  All.erase(std::unique(All.begin(), All.end()), All.end());
  if (All.size() == Site.size())
    return Site;
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
