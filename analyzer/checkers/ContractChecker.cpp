//===- checkers/ContractChecker.cpp - Documented locking contracts --------===//
#include "checkers/ContractChecker.h"
#include "checkers/HeldAcquisition.h"

#include "llvm/ADT/STLExtras.h"

namespace lockcheck::checkers {

using analysis::ObjectIdentity;

static std::string method(const spec::Rule &R) { return R.Record + "." + R.Field; }

static bool modeMatches(spec::HeldMode Wanted, spec::LockMode Held) {
  return Wanted == spec::HeldMode::Any ||
         (Wanted == spec::HeldMode::Exclusive) == (Held == spec::LockMode::Exclusive);
}

static bool isSleepingLock(spec::LockKind K) {
  return K == spec::LockKind::Mutex || K == spec::LockKind::RwSemaphore;
}

void ContractChecker::configure(const CheckerConfig &Config) { Rules = Config.Rules; }

void ContractChecker::onAcquireWhileHeld(const analysis::AcquireWhileHeld &E,
                                         const analysis::PathRenderer &Paths) {
  if (!E.Site.Blocking || E.Site.ReleasedBefore)
    return;
  if (!analysis::sameLockAndSubclass(E.Held.Lock, E.Held.Subclass, E.Site.Lock, E.Site.Subclass))
    return;
  ObjectIdentity Identity = analysis::compareObjects(E.Held.Lock, E.Site.Lock);
  if (Identity == ObjectIdentity::Different)
    return;
  if (!E.Held.OnEntry)
    return checkHeldAround(E, Paths);
  if (!Rules)
    return;
  // As recursive-lock does: an undecided object reached through a fallback to
  // every file system's slot is two doubts at once, counted, not reported.
  if (Identity == ObjectIdentity::Unknown && E.Site.ViaFallback) {
    Sink.count("contract: undecided object reached through a fallback call");
    return;
  }
  const spec::Rule &R = Rules->rule(E.Held.EntryRule);
  Found.push_back({&E.Frame, E.Held, E.Site.Path, E.Site.SeenDepth,
                   "acquiring '" + Paths.lockName(E.Site.Lock) + "' that is held on entry to '" +
                       method(R) + "'",
                   E.Held.EntryRule, Identity != ObjectIdentity::Same});
}

/// must-not-acquire `held-around: FN`: the lock is held around a call of FN
/// and, down that call, the method's implementation takes it again.
void ContractChecker::checkHeldAround(const analysis::AcquireWhileHeld &E,
                                      const analysis::PathRenderer &Paths) {
  if (!Rules)
    return;
  if (analysis::compareObjects(E.Held.Lock, E.Site.Lock) == ObjectIdentity::Unknown &&
      E.Site.ViaFallback)
    return;
  for (unsigned I = 0; I < Rules->size(); ++I) {
    const spec::Rule &R = Rules->rule(I);
    if (!R.Enabled)
      continue;
    for (const spec::ContractLock &L : R.MustNotAcquire) {
      if (L.HeldAround.empty())
        continue;
      bool Around = false;
      std::string Implementation;
      for (const analysis::WitnessNode *N = E.Site.Path; N && Implementation.empty(); N = N->Next) {
        if (!Around) {
          Around = Paths.calleeName(N->Step) == L.HeldAround;
          continue;
        }
        auto [Record, Field] = Paths.slotOf(N->Step);
        if (Record == R.Record && Field == R.Field)
          Implementation = Paths.calleeName(N->Step).str();
      }
      if (Implementation.empty())
        continue;
      Found.push_back({&E.Frame, E.Held, E.Site.Path, E.Site.SeenDepth,
                       "'" + Implementation + "' (" + method(R) + ") acquires '" +
                           Paths.lockName(E.Site.Lock) + "' that is held around '" +
                           L.HeldAround + "'",
                       I, analysis::compareObjects(E.Held.Lock, E.Site.Lock) !=
                              ObjectIdentity::Same});
    }
  }
}

void ContractChecker::onCheckpoint(const analysis::CheckpointReached &E,
                                   const analysis::PathRenderer &Paths) {
  const analysis::Checkpoint &CP = E.Site;
  const unsigned Last = CP.Depth - 1;
  if (CP.K == analysis::Checkpoint::Kind::Assertion) {
    const spec::LockAssertion &A = *CP.Assertion;
    std::string Lock = Paths.lockName(CP.Lock);
    std::string What = A.Macro + "() of '" + Lock + "'";
    if (E.UnmetAtEntry) {
      if (!CP.ViaFallback)
        Found.push_back({&E.Frame, std::nullopt, CP.Path, Last,
                         What + " is reached without it held", std::nullopt, false, Lock});
      return;
    }
    for (const analysis::HeldLock &H : E.Held) {
      if (!(H.Lock == CP.Lock))
        continue;
      ObjectIdentity Identity = analysis::compareObjects(H.Lock, CP.Lock);
      if (Identity == ObjectIdentity::Different)
        continue;
      std::string Problem;
      switch (A.Kind) {
      case spec::AssertionKind::Held:
        break;
      case spec::AssertionKind::HeldExclusive:
        if (H.Mode == spec::LockMode::Shared)
          Problem = " is reached with it held shared";
        break;
      case spec::AssertionKind::HeldShared:
        if (H.Mode == spec::LockMode::Exclusive && H.Kind == spec::LockKind::RwSemaphore)
          Problem = " is reached with it held exclusive";
        break;
      case spec::AssertionKind::NotHeld:
      case spec::AssertionKind::MightAcquire:
        Problem = " is reached with it held";
        break;
      }
      if (!Problem.empty())
        Found.push_back({&E.Frame, H, CP.Path, Last, What + Problem, std::nullopt,
                         Identity != ObjectIdentity::Same});
    }
    return;
  }
  if (!Rules)
    return;
  auto Check = [&](unsigned I, const spec::ContractLock &L) {
    for (const analysis::HeldLock &H : E.Held) {
      if (!H.Lock.isResolved() || Paths.lockName(H.Lock) != L.Lock || !modeMatches(L.Mode, H.Mode))
        continue;
      // A lock on the method's own object is reported when the one held is
      // proven to be it: locking.rst's "no" is about the inode the method
      // is given, not every inode.
      if (L.Object && analysis::compareObjects(H.Lock, CP.Lock) != ObjectIdentity::Same) {
        Sink.count("contract: not-held-on-entry lock not proven to be the method's object");
        continue;
      }
      Found.push_back({&E.Frame, H, CP.Path, Last,
                       "calling '" + method(Rules->rule(I)) + "' with '" + L.Lock + "' held", I,
                       false});
    }
  };
  if (CP.Rule != ~0u)
    return Check(CP.Rule, Rules->rule(CP.Rule).NotHeldOnEntry[CP.Entry]);
  for (unsigned I : Rules->forMethod(CP.Record, CP.Field))
    for (const spec::ContractLock &L : Rules->rule(I).NotHeldOnEntry)
      if (!L.Object)
        Check(I, L);
}

void ContractChecker::onMethodEntered(const analysis::MethodEntered &E,
                                      const analysis::PathRenderer &Paths) {
  if (!Rules)
    return;
  for (unsigned I : Rules->forMethod(E.Record, E.Field)) {
    const spec::Rule &R = Rules->rule(I);
    for (const analysis::AcquireSite &Site : E.Frame.Acquires) {
      // A site through a fallback to every table's slot is some other file
      // system's code more often than this implementation's.
      if (!Site.Blocking || !Site.Lock.isResolved() || Site.ViaFallback)
        continue;
      std::string Lock = Paths.lockName(Site.Lock);
      for (const spec::ContractLock &L : R.MustNotAcquire)
        if (L.Lock == Lock)
          Found.push_back({&E.Frame, std::nullopt, Site.Path, Site.SeenDepth,
                           "'" + method(R) + "' implementation acquires '" + Lock + "'", I,
                           false, Lock});
      if (R.MayBlock == false && isSleepingLock(Site.Kind))
        Found.push_back({&E.Frame, std::nullopt, Site.Path, Site.SeenDepth,
                         "'" + method(R) + "' implementation, which must not block, acquires '" +
                             Lock + "'",
                         I, false, Lock});
    }
  }
}

void ContractChecker::finish(const analysis::PathRenderer &Paths) {
  for (const Pending &P : Found)
    report(P, Paths);
  Found.clear();
}

void ContractChecker::report(const Pending &P, const analysis::PathRenderer &Paths) {
  report::Finding F;
  F.Checker = "contract";
  F.Message = P.Message;
  if (P.Rule) {
    const spec::Rule &R = Rules->rule(*P.Rule);
    F.Rule = R.Id;
    F.Severity = spec::severityName(R.Severity).str();
  }
  F.Lock = P.Lock;
  std::vector<analysis::PathStep> Steps;
  Paths.renderEntryPath(P.Frame->EntryPath, Steps);
  if (P.Held) {
    F.Lock = Paths.lockName(P.Held->Lock);
    if (P.Held->OnEntry && Rules) {
      const spec::Rule &R = Rules->rule(P.Held->EntryRule);
      analysis::PathStep Note = Steps.front();
      Note.Kind = "held-on-entry";
      Note.Detail = heldOnEntryDetail(F.Lock, R);
      Steps.push_back(std::move(Note));
    } else {
      Paths.renderChain(P.Held->TakenAt, 0, "acquire", "'" + F.Lock + "' acquired here", Steps);
    }
  }
  size_t At = Steps.size() + P.At;
  Paths.renderChain(P.Path, P.At, "contract", F.Message, Steps);
  assert(At < Steps.size() && "the finding's step lies on its path");
  const analysis::PathStep &Here = Steps[At];
  F.Function = Here.Function;
  F.File = Here.File;
  F.Line = Here.Line;
  F.Column = Here.Column;
  for (const analysis::PathStep &S : Steps)
    F.Trace.push_back(toTraceStep(S));
  if (P.Rule) {
    report::TraceStep Cite = toTraceStep(Here);
    Cite.Kind = "rule";
    Cite.Detail = "rule '" + F.Rule + "': " + Rules->rule(*P.Rule).Title + " (" +
                  Rules->rule(*P.Rule).Citation + ")";
    F.Trace.push_back(std::move(Cite));
  }
  if (P.UndecidedObject) {
    F.Identity = "undecided";
    report::TraceStep Note = toTraceStep(Here);
    Note.Kind = "identity";
    Note.Detail = "could not prove that both locks are the same object";
    F.Trace.push_back(std::move(Note));
  }
  Sink.report(std::move(F));
}

} // namespace lockcheck::checkers
