//===- checkers/RecursiveLockChecker.cpp - Re-entrant lock acquisition ----===//
#include "checkers/RecursiveLockChecker.h"

namespace lockcheck::checkers {

void RecursiveLockChecker::onAcquireWhileHeld(const analysis::AcquireWhileHeld &E,
                                              const analysis::PathRenderer &Paths) {
  // A lock held on entry by a method's contract was taken by the caller: the
  // contract checker reports its re-acquisition, citing the contract.
  if (!E.Site.Blocking || E.Site.ReleasedBefore || E.Held.OnEntry)
    return;
  // rcu_read_lock(), preempt_disable(), memalloc_nofs_save() and
  // srcu_read_lock() nest by design.
  if (E.Held.Kind == spec::LockKind::Atomic || E.Held.Kind == spec::LockKind::Scope ||
      E.Held.Kind == spec::LockKind::Srcu)
    return;
  if (!analysis::sameLockAndSubclass(E.Held.Lock, E.Held.Subclass, E.Site.Lock, E.Site.Subclass))
    return;
  // Two inodes' i_rwsem are one class but two locks: coda locking its host
  // file's inode under its own is no recursion.
  analysis::ObjectIdentity Identity = analysis::compareObjects(E.Held.Lock, E.Site.Lock);
  if (Identity == analysis::ObjectIdentity::Different) {
    Sink.count("recursive-lock: different objects of one class");
    return;
  }
  // Two doubts at once: which object the second lock belongs to, and which
  // file system's method a call on the way resolves to (a fallback to every
  // table of the slot). Such a pair is counted, not reported.
  if (Identity == analysis::ObjectIdentity::Unknown && E.Site.ViaFallback) {
    Sink.count("recursive-lock: undecided object reached through a fallback call");
    return;
  }
  // Only where a WARN*() fired: the kernel reports that broken invariant itself.
  if (E.Site.AfterWarning) {
    Sink.count("recursive-lock: reached only where a WARN*() fired");
    return;
  }
  Found.push_back(HeldAcquisition::from(E));
}

void RecursiveLockChecker::finish(const analysis::PathRenderer &Paths) {
  for (const HeldAcquisition &P : Found)
    report(P, Paths);
  Found.clear();
}

void RecursiveLockChecker::report(const HeldAcquisition &E, const analysis::PathRenderer &Paths) {
  std::string Lock = Paths.lockName(E.Held.Lock);
  report::Finding F;
  F.Checker = "recursive-lock";
  F.Message = "acquiring '" + Lock + "' that is already held";
  F.Lock = Lock;
  size_t Reacquire = renderHeldAcquisition(Paths, E, "'" + Lock + "' acquired here", "reacquire",
                                           F.Message, F.Trace);
  report::TraceStep At = F.Trace[Reacquire];
  F.Function = At.Function;
  F.File = At.File;
  F.Line = At.Line;
  F.Column = At.Column;
  if (analysis::compareObjects(E.Held.Lock, E.Site.Lock) == analysis::ObjectIdentity::Same) {
    F.Identity = "same-object";
  } else {
    F.Identity = "undecided";
    At.Kind = "identity";
    At.Detail = "could not prove that both acquisitions lock the same object";
    F.Trace.push_back(std::move(At));
  }
  Sink.report(std::move(F));
}

} // namespace lockcheck::checkers
