//===- checkers/Checker.h - What every checker is -------------------------===//
#ifndef LOCKCHECK_CHECKERS_CHECKER_H
#define LOCKCHECK_CHECKERS_CHECKER_H

#include "analysis/LockEvents.h"
#include "report/Finding.h"

#include "llvm/ADT/ArrayRef.h"

#include <memory>

namespace lockcheck::checkers {

/// A checker listens to the analysis' events and reports Findings to a sink.
/// It keeps no global state and does not depend on running after another.
class Checker : public analysis::LockEventListener {
public:
  explicit Checker(report::FindingSink &Sink) : Sink(Sink) {}

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
};

/// Every checker, in name order (CheckerRegistry.cpp).
llvm::ArrayRef<CheckerInfo> registeredCheckers();

/// A rendered witness step as a finding carries it, every field copied: the
/// HTML report draws the path's graph from Callee and Via.
inline report::TraceStep toTraceStep(const analysis::PathStep &S) {
  return {S.Function, S.File, S.Line, S.Column, S.Kind, S.Detail, S.Callee, S.Via};
}

} // namespace lockcheck::checkers

#endif // LOCKCHECK_CHECKERS_CHECKER_H
