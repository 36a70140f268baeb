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

/// Whether what a contract check found is only reached where a WARN*() fired,
/// counted: the kernel reports that broken invariant itself.
bool ContractChecker::setAsideAfterWarning(bool AfterWarning) {
  if (AfterWarning)
    Sink.count("contract: reached only where a WARN*() fired");
  return AfterWarning;
}

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
  if (setAsideAfterWarning(E.Site.AfterWarning))
    return;
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
      if (Implementation.empty() || setAsideAfterWarning(E.Site.AfterWarning))
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
  if (setAsideAfterWarning(CP.AfterWarning))
    return;
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
      // sparse counts a context per lock expression: a function that takes
      // x (`__acquires(&eb->lock)`) entered with another object's x held
      // (btrfs locking a child extent buffer under its parent) is no
      // problem, and one whose object is undecided is no evidence of one.
      if (A.Kind == spec::AssertionKind::Context && Identity != ObjectIdentity::Same) {
        Sink.count(Identity == ObjectIdentity::Different
                       ? "contract: sparse annotation's lock held on a different object"
                       : "contract: sparse annotation's lock held on an undecided object");
        continue;
      }
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
      case spec::AssertionKind::Context:
        // SRCU read-side sections nest (Documentation/RCU/whatisRCU.rst):
        // `__acquires(ssp)` entered inside one is no double acquisition.
        if (A.takesLock() && H.Kind != spec::LockKind::Srcu)
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
        if (L.Lock == Lock && !setAsideAfterWarning(Site.AfterWarning))
          Found.push_back({&E.Frame, std::nullopt, Site.Path, Site.SeenDepth,
                           "'" + method(R) + "' implementation acquires '" + Lock + "'", I,
                           false, Lock});
      if (R.MayBlock == false && isSleepingLock(Site.Kind) &&
          !setAsideAfterWarning(Site.AfterWarning))
        Found.push_back({&E.Frame, std::nullopt, Site.Path, Site.SeenDepth,
                         "'" + method(R) + "' implementation, which must not block, acquires '" +
                             Lock + "'",
                         I, false, Lock});
    }
  }
}

namespace {

/// A lock's sparse contexts on one definition, added up as sparse does:
/// `__releases(x) __acquires(x)` is entered and left holding x.
struct LockContext {
  const analysis::DeclaredContext *First;
  int Entry = 0, Exit = 0;
  bool Conditional = false;
  std::string Macros = {};
};

} // namespace

/// Whether returns that hold Lock and returns that do not are told apart by
/// the value returned (a trylock-style `__acquires`): every return without it
/// returns a known value no return holding it returns.
static bool toldByReturnValue(const analysis::FunctionExit &E, const std::vector<bool> &Holds) {
  bool HoldsOnZero = false, HoldsOnNonZero = false, AnyHolds = false;
  for (size_t I = 0; I < Holds.size(); ++I) {
    if (!Holds[I])
      continue;
    AnyHolds = true;
    HoldsOnZero |= E.Returns[I].Value != analysis::ReturnValue::NonZero;
    HoldsOnNonZero |= E.Returns[I].Value != analysis::ReturnValue::Zero;
  }
  if (!AnyHolds)
    return false;
  for (size_t I = 0; I < Holds.size(); ++I) {
    if (Holds[I])
      continue;
    analysis::ReturnValue V = E.Returns[I].Value;
    if (V == analysis::ReturnValue::Either ||
        (V == analysis::ReturnValue::Zero ? HoldsOnZero : HoldsOnNonZero))
      return false;
  }
  return true;
}

void ContractChecker::onFunctionExit(const analysis::FunctionExit &E,
                                     const analysis::PathRenderer &Paths) {
  // A recursion cut hides some callee's locks from the returns.
  if (E.Contexts.empty() || E.Frame.Approximate)
    return;
  std::vector<LockContext> Locks;
  for (const analysis::DeclaredContext &D : E.Contexts) {
    auto It = llvm::find_if(Locks, [&](const LockContext &L) { return L.First->Lock == D.Lock; });
    if (It == Locks.end())
      It = Locks.insert(Locks.end(), LockContext{&D});
    It->Entry += *D.Assertion->ContextEntry;
    It->Conditional |= *D.Assertion->ContextExit < 0;
    It->Exit += std::max(*D.Assertion->ContextExit, 0);
    It->Macros += (It->Macros.empty() ? "" : " ") + D.Assertion->Macro + "()";
  }
  for (const LockContext &L : Locks) {
    if (L.Conditional || L.Entry > 1 || L.Exit > 1 || (L.Entry == 0 && L.Exit == 0))
      continue;
    const analysis::LockRef &Lock = L.First->Lock;
    auto Same = [&](const analysis::LockRef &Other) {
      return Other == Lock &&
             analysis::compareObjects(Lock, Other) != ObjectIdentity::Different;
    };
    std::vector<bool> Holds;
    for (const analysis::ReturnState &R : E.Returns)
      Holds.push_back(llvm::any_of(R.Held, [&](const analysis::HeldLock &H) {
        return Same(H.Lock);
      }));
    if (L.Entry == 0 && toldByReturnValue(E, Holds))
      continue;
    const std::string Name = Paths.lockName(Lock);
    for (size_t I = 0; I < E.Returns.size(); ++I) {
      const analysis::ReturnState &R = E.Returns[I];
      // Held is what every path to the return holds; Dropped, what some path
      // to it released and did not take again.
      bool Dropped = llvm::any_of(R.Dropped, Same);
      std::string Problem;
      if (L.Entry == 0 && !Holds[I])
        Problem = "without '" + Name + "' held";
      else if (L.Entry == 1 && L.Exit == 0 && !Dropped)
        Problem = "with '" + Name + "' still held";
      else if (L.Entry == 1 && L.Exit == 1 && Dropped)
        Problem = "with '" + Name + "' released";
      if (Problem.empty() || !ReportedExits.insert({E.Function, R.At.Call, Name}).second)
        continue;
      std::string Function = Paths.renderStep(R.At).Function;
      Pending P{&E.Frame, std::nullopt, nullptr, 0,
                "'" + Function + "' returns " + Problem + ", against its " + L.Macros,
                std::nullopt, false, Name};
      P.Return = R.At;
      P.Declared = L.First->At;
      Found.push_back(std::move(P));
    }
  }
}

void ContractChecker::finish(const analysis::PathRenderer &Paths) {
  for (const Pending &P : Found)
    P.Return ? reportExit(P, Paths) : report(P, Paths);
  Found.clear();
  ReportedExits.clear();
}

/// A broken exit promise: the annotation that made it, then the return.
void ContractChecker::reportExit(const Pending &P, const analysis::PathRenderer &Paths) {
  report::Finding F;
  F.Checker = "contract";
  F.Message = P.Message;
  F.Lock = P.Lock;
  analysis::PathStep Declared = Paths.renderStep(*P.Declared);
  Declared.Kind = "declared";
  Declared.Detail = "'" + Declared.Function + "' is declared " + Declared.Callee + "('" + P.Lock +
                    "') here";
  analysis::PathStep Return = Paths.renderStep(*P.Return);
  Return.Kind = "contract";
  Return.Detail = P.Message;
  placeAt(F, Return);
  F.Trace.push_back(toTraceStep(Declared));
  F.Trace.push_back(toTraceStep(Return));
  Sink.report(std::move(F));
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
  placeAt(F, Here);
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
