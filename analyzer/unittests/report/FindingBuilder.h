//===- unittests/report/FindingBuilder.h - Findings built in code ---------===//
#ifndef LOCKCHECK_UNITTESTS_REPORT_FINDINGBUILDER_H
#define LOCKCHECK_UNITTESTS_REPORT_FINDINGBUILDER_H

#include "report/Finding.h"

#include <string>

namespace lockcheck::report::testing {

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
  F.Trace.push_back({Entry, File, 1, 1, "entry", "entry point '" + Entry + "'"});
  F.Trace.push_back({"f", File, TakenLine, 3, "acquire", "'obj.lock' acquired here"});
  F.Trace.push_back({"f", File, Line, Column, "reacquire", F.Message});
  return F;
}

} // namespace lockcheck::report::testing

#endif // LOCKCHECK_UNITTESTS_REPORT_FINDINGBUILDER_H
