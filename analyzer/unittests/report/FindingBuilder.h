//===- unittests/report/FindingBuilder.h - Findings built in code ---------===//
#ifndef LOCKCHECK_UNITTESTS_REPORT_FINDINGBUILDER_H
#define LOCKCHECK_UNITTESTS_REPORT_FINDINGBUILDER_H

#include "report/Finding.h"

#include <string>
#include <utility>

namespace lockcheck::report::testing {

/// A step of a finding's trace that names neither the function it enters
/// (Callee) nor an ops-table slot (Via).
inline TraceStep traceStep(std::string Function, std::string File, unsigned Line,
                           unsigned Column, std::string Kind, std::string Detail) {
  return {std::move(Function), std::move(File),   Line,          Column,
          std::move(Kind),     std::move(Detail), /*Callee=*/"", /*Via=*/""};
}

/// A recursive-lock finding at File:Line:Column in `f`, whose lock was taken
/// at TakenLine, entered from Entry: entry, acquire and reacquire steps.
inline Finding finding(std::string File, unsigned Line, unsigned Column, unsigned TakenLine = 1,
                       std::string Entry = "main", std::string Checker = "recursive-lock",
                       std::string Message = "acquiring 'obj.lock' that is already held") {
  Finding F;
  F.Checker = std::move(Checker);
  F.Message = std::move(Message);
  F.Lock = "obj.lock";
  F.Function = "f";
  F.File = File;
  F.Line = Line;
  F.Column = Column;
  F.Trace.push_back(traceStep(Entry, File, 1, 1, "entry", "entry point '" + Entry + "'"));
  F.Trace.push_back(traceStep("f", File, TakenLine, 3, "acquire", "'obj.lock' acquired here"));
  F.Trace.push_back(traceStep("f", File, Line, Column, "reacquire", F.Message));
  return F;
}

} // namespace lockcheck::report::testing

#endif // LOCKCHECK_UNITTESTS_REPORT_FINDINGBUILDER_H
