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
  /// The facts cache: TUs whose facts were reused, TUs extracted (a rejected
  /// entry is also a miss), and entries that could not be trusted.
  unsigned CacheHits = 0;
  unsigned CacheMisses = 0;
  unsigned CacheRejected = 0;
  /// Entries that could not be written, with the first error.
  unsigned CacheWriteFailures = 0;
  std::string FirstCacheWriteError;
  /// Findings held back by an inline comment or a suppression file.
  unsigned Suppressed = 0;
  /// With --baseline: findings not reported because the baseline has them,
  /// and baseline entries no longer found (fixed, or moved out of reach).
  bool BaselineUsed = false;
  unsigned BaselineKnown = 0;
  unsigned BaselineAbsent = 0;
};

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_RUNSTATS_H
