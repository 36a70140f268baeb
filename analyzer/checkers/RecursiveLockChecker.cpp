//===- checkers/RecursiveLockChecker.cpp - Re-entrant lock acquisition ----===//
#include "checkers/RecursiveLockChecker.h"

namespace lockcheck::checkers {

void RecursiveLockChecker::onAcquireWhileHeld(const analysis::AcquireWhileHeld &E,
                                              const analysis::PathRenderer &Paths) {
  if (!E.Site.Blocking || E.Site.ReleasedBefore)
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
  Found.push_back({&E.Frame, E.Held, E.Site});
}

void RecursiveLockChecker::finish(const analysis::PathRenderer &Paths) {
  for (const Pending &P : Found)
    report(P, Paths);
  Found.clear();
}

void RecursiveLockChecker::report(const Pending &E, const analysis::PathRenderer &Paths) {
  std::string Lock = Paths.lockName(E.Held.Lock);
  report::Finding F;
  F.Checker = "recursive-lock";
  F.Message = "acquiring '" + Lock + "' that is already held";
  F.Lock = Lock;
  std::vector<analysis::PathStep> Steps;
  Paths.renderEntryPath(E.Frame->EntryPath, Steps);
  Paths.renderChain(E.Held.TakenAt, 0, "acquire", "'" + Lock + "' acquired here", Steps);
  size_t Reacquire = Steps.size() + E.Site.SeenDepth;
  Paths.renderChain(E.Site.Path, E.Site.SeenDepth, "reacquire", F.Message, Steps);
  assert(Reacquire < Steps.size() && "the acquisition step lies on the site's path");
  const analysis::PathStep &At = Steps[Reacquire];
  F.Function = At.Function;
  F.File = At.File;
  F.Line = At.Line;
  F.Column = At.Column;
  for (const analysis::PathStep &S : Steps)
    F.Trace.push_back(toTraceStep(S));
  if (analysis::compareObjects(E.Held.Lock, E.Site.Lock) == analysis::ObjectIdentity::Same) {
    F.Identity = "same-object";
  } else {
    F.Identity = "undecided";
    report::TraceStep Note = toTraceStep(At);
    Note.Kind = "identity";
    Note.Detail = "could not prove that both acquisitions lock the same object";
    F.Trace.push_back(std::move(Note));
  }
  Sink.report(std::move(F));
}

} // namespace lockcheck::checkers
