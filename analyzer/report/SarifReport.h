//===- report/SarifReport.h - SARIF 2.1.0 for code-scanning tools ---------===//
//
// Code review tools (GitHub code scanning, VS Code's SARIF viewer,
// CodeChecker) read SARIF: one run, the rules it checks, and a result per
// finding with its witness path as a code flow.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_REPORT_SARIFREPORT_H
#define LOCKCHECK_REPORT_SARIFREPORT_H

#include "report/Finding.h"
#include "report/RunStats.h"

#include <string>
#include <vector>

namespace lockcheck::report {

/// What SARIF says about a rule: a checker today, a contract rule of rules/
/// with its citation later.
struct RuleDescriptor {
  /// The id findings carry (Finding::ruleId()).
  std::string Id;
  /// One line: what the rule finds.
  std::string ShortDescription;
  /// The source the rule rests on (kernel doc and section, commit), as text.
  std::string Citation;
  /// Where that source can be read; empty when it has no web address.
  std::string HelpUri;
};

/// The run as a whole.
struct SarifRun {
  std::string ToolVersion;
  /// Every rule the run checked, in the order SARIF lists them.
  std::vector<RuleDescriptor> Rules;
  /// The folder relative file names are relative to (absolute); empty to
  /// leave relative names unanchored.
  std::string SourceRoot;
};

/// A SARIF 2.1.0 log with one run: a result per finding (witness steps as a
/// thread flow, where each held lock was taken as related locations, the
/// fingerprint as a partial fingerprint), then one per shown suppressed
/// finding with its suppression. Ends with a newline.
std::string writeSarif(const std::vector<Finding> &Findings,
                       const std::vector<SuppressedFinding> &Suppressed, const RunStats &Stats,
                       const SarifRun &Run);

/// The key of the fingerprint in partialFingerprints.
inline constexpr const char *SarifFingerprintKey = "lockcheckPath/v1";

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_SARIFREPORT_H
