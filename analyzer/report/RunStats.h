//===- report/RunStats.h - What a run did, for the summary ----------------===//
#ifndef LOCKCHECK_REPORT_RUNSTATS_H
#define LOCKCHECK_REPORT_RUNSTATS_H

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lockcheck::report {

struct RunStats {
  unsigned TUsAnalyzed = 0;
  /// Each failed TU with its first error.
  std::vector<std::pair<std::string, std::string>> FailedTUs;
  unsigned Functions = 0;
  unsigned CallSites = 0;
  unsigned IndirectResolved = 0;
  unsigned IndirectUnresolved = 0;
  unsigned OpsTables = 0;
  unsigned LockClasses = 0;
  unsigned EntryPoints = 0;
  unsigned Summaries = 0;
  unsigned UnknownLockObjects = 0;
  unsigned DuplicateDefinitions = 0;
  unsigned DuplicateFindings = 0;
  /// Candidates checkers set aside, by reason, sorted by reason.
  std::map<std::string, unsigned> SetAside;
};

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_RUNSTATS_H
