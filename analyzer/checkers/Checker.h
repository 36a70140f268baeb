//===- checkers/Checker.h - What every checker is -------------------------===//
#ifndef LOCKCHECK_CHECKERS_CHECKER_H
#define LOCKCHECK_CHECKERS_CHECKER_H

#include "analysis/LockEvents.h"
#include "report/Finding.h"
#include "spec/Rules.h"

#include "llvm/ADT/ArrayRef.h"

#include <memory>

namespace lockcheck::checkers {

/// A checker listens to the analysis' events and reports Findings to a sink.
/// It keeps no global state and does not depend on running after another.
/// What a run tells every checker before the analysis starts.
struct CheckerConfig {
  /// The loaded rules, with the run's --enable and --disable applied.
  const spec::Rules *Rules = nullptr;
};

class Checker : public analysis::LockEventListener {
public:
  explicit Checker(report::FindingSink &Sink) : Sink(Sink) {}
  /// Called once, before the analysis; most checkers need nothing from it.
  virtual void configure(const CheckerConfig &Config) {}

protected:
  report::FindingSink &Sink;
};

struct CheckerInfo {
  const char *Name;
  const char *Description;
  std::unique_ptr<Checker> (*Create)(report::FindingSink &Sink);
  /// What the checker rests on (kernel doc and section, commit), for SARIF's
  /// rule help; and where to read it, when it has a web address.
  const char *Citation = "";
  const char *HelpUri = "";
  /// Run when --checkers does not name the checkers. A checker whose
  /// findings on the real kernel are not yet triaged to a useful precision
  /// (README, "Checkers") is off until then: reports nobody can trust cost
  /// their readers as much as missed bugs.
  bool OnByDefault = true;
};

/// Every checker, in name order (CheckerRegistry.cpp).
llvm::ArrayRef<CheckerInfo> registeredCheckers();

/// Puts a finding where a rendered step is.
inline void placeAt(report::Finding &F, const analysis::PathStep &S) {
  F.Function = S.Function;
  F.File = S.File;
  F.Line = S.Line;
  F.Column = S.Column;
}

/// A rendered witness step as a finding carries it, every field copied: the
/// HTML report draws the path's graph from Callee and Via.
inline report::TraceStep toTraceStep(const analysis::PathStep &S) {
  return {S.Function, S.File, S.Line, S.Column, S.Kind, S.Detail, S.Callee, S.Via};
}

} // namespace lockcheck::checkers

#endif // LOCKCHECK_CHECKERS_CHECKER_H
