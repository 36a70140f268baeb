//===- report/TextReport.h - Clang-style text output -----------------------===//
#ifndef LOCKCHECK_REPORT_TEXTREPORT_H
#define LOCKCHECK_REPORT_TEXTREPORT_H

#include "report/Finding.h"
#include "report/RunStats.h"

#include "llvm/Support/raw_ostream.h"

namespace lockcheck::report {

/// `file:line:col: warning: message [checker]`, then one `note:` per step and
/// a last `note: fingerprint ...`. Each suppressed finding to show follows as a
/// `remark:` with a `note: suppressed: reason` at the suppression.
void writeText(llvm::raw_ostream &OS, const std::vector<Finding> &Findings,
               const std::vector<SuppressedFinding> &Suppressed = {});
/// The end-of-run summary: counts, and every failed TU with its first error.
void writeSummary(llvm::raw_ostream &OS, const RunStats &Stats, size_t FindingCount);
/// The facts cache's line of the summary (hits, misses, rejected entries, and
/// entries not written); nothing when the run used no cache.
void writeCacheSummary(llvm::raw_ostream &OS, const RunStats &Stats);

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_TEXTREPORT_H
