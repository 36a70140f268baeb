//===- report/Fingerprint.h - A finding's name across runs ----------------===//
//
// CI compares today's findings with yesterday's (baselines), and reviewers
// suppress one finding by name: both need an id that survives edits elsewhere
// in the file. Line numbers move whenever anything above them changes, so the
// id is built from what makes the finding the bug it is: the checker (and
// rule), the lock class and the functions of its witness path.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_REPORT_FINGERPRINT_H
#define LOCKCHECK_REPORT_FINGERPRINT_H

#include "report/Finding.h"

#include <string>
#include <vector>

namespace lockcheck::report {

/// Names what goes into a fingerprint; changed whenever that changes, so
/// baselines made with other fingerprints are refused rather than misread.
inline constexpr const char *FingerprintScheme = "lockcheck-fingerprint-1";

/// 16 hex digits from the checker, rule, lock class and the kind and function
/// of every witness step in path order; never a file name, line or column.
std::string pathFingerprint(const Finding &F);

/// Sets every finding's Fingerprint. Findings with the same path fingerprint
/// (one function taking a lock twice at two places) are told apart by their
/// rank among themselves in report order, so fingerprints are unique in a run.
/// Expects Findings sorted as sortAndDeduplicate leaves them.
void assignFingerprints(std::vector<Finding> &Findings);

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_FINGERPRINT_H
