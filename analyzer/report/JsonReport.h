//===- report/JsonReport.h - Machine-readable findings ---------------------===//
#ifndef LOCKCHECK_REPORT_JSONREPORT_H
#define LOCKCHECK_REPORT_JSONREPORT_H

#include "report/Finding.h"
#include "report/RunStats.h"

#include <nlohmann/json.hpp>

#include <string>

namespace lockcheck::report {

/// One finding as the "findings" list of writeJson holds it.
nlohmann::ordered_json findingJson(const Finding &F);

/// `{"findings": [...], "suppressed": [...], "stats": {...}}`, keys as
/// documented in README.md; Suppressed holds the suppressed findings to show
/// (none unless asked for).
std::string writeJson(const std::vector<Finding> &Findings, const RunStats &Stats,
                      const std::vector<SuppressedFinding> &Suppressed = {});

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_JSONREPORT_H
