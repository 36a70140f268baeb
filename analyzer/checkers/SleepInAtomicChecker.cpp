//===- checkers/SleepInAtomicChecker.cpp - Sleeping where it may not ------===//
#include "checkers/SleepInAtomicChecker.h"

#include "llvm/ADT/STLExtras.h"

#include <cassert>

namespace lockcheck::checkers {

/// Spinning locks and atomic regions: what the kernel's in_atomic() sees
/// (preempt count raised), where schedule() must not be called.
static bool isAtomic(spec::LockKind K) {
  return K == spec::LockKind::Spinlock || K == spec::LockKind::RwLock ||
         K == spec::LockKind::Atomic;
}

/// A sleep point, or a blocking acquisition of a sleeping lock (a mutex or an
/// rw_semaphore waits in schedule() when it is contended) other than the
/// reclaim an allocation's sleep point already accounts for.
static bool maySleep(const analysis::AcquireSite &S) {
  if (S.SleepOnly)
    return true;
  return S.Blocking && !S.AllocationReclaim &&
         (S.Kind == spec::LockKind::Mutex || S.Kind == spec::LockKind::RwSemaphore);
}

void SleepInAtomicChecker::onAcquireWhileHeld(const analysis::AcquireWhileHeld &E,
                                              const analysis::PathRenderer &Paths) {
  // A lock held on entry by a method's contract: as in lock-order, its
  // caller, where it is analysed, gives the finding with the acquisition.
  if (!isAtomic(E.Held.Kind) || !maySleep(E.Site) || E.Held.OnEntry)
    return;
  if (!E.Held.Lock.isResolved() || !E.Site.Lock.isResolved())
    return;
  // A helper that drops the lock around the sleep (`spin_unlock(); iput();
  // spin_lock();`) sleeps outside the region.
  if (llvm::is_contained(E.Site.ReleasedOnTheWay, E.Held.Lock.Class))
    return;
  // Only where a WARN*() fired: the kernel reports that broken invariant itself.
  if (E.Site.AfterWarning) {
    Sink.count("sleep-in-atomic: reached only where a WARN*() fired");
    return;
  }
  assert(E.Site.Path && "a site reached has a path from a call in its function");
  if (!Seen.insert({&E.Frame, E.Held.Lock.Class, E.Site.Path->Step.Call}).second)
    return;
  Found.push_back(HeldAcquisition::from(E));
}

void SleepInAtomicChecker::finish(const analysis::PathRenderer &Paths) {
  for (const HeldAcquisition &P : Found)
    report(P, Paths);
  Found.clear();
}

void SleepInAtomicChecker::report(const HeldAcquisition &E, const analysis::PathRenderer &Paths) {
  std::string Held = Paths.lockName(E.Held.Lock);
  std::string Site = Paths.lockName(E.Site.Lock);
  report::Finding F;
  F.Checker = "sleep-in-atomic";
  F.Message = E.Site.SleepOnly
                  ? "'" + Site + "' may sleep while '" + Held + "' is held (atomic context)"
                  : "acquiring " + std::string(spec::lockKindName(E.Site.Kind)) + " '" + Site +
                        "', which may sleep, while '" + Held + "' is held (atomic context)";
  F.Lock = Held;
  std::string HeldDetail = E.Held.Kind == spec::LockKind::Atomic
                               ? "atomic region '" + Held + "' entered here"
                               : "'" + Held + "' acquired here";
  size_t Sleep = renderHeldAcquisition(Paths, E, HeldDetail, "sleep", F.Message, F.Trace);
  const report::TraceStep &At = F.Trace[Sleep];
  F.Function = At.Function;
  F.File = At.File;
  F.Line = At.Line;
  F.Column = At.Column;
  Sink.report(std::move(F));
}

} // namespace lockcheck::checkers
