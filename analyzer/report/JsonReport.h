//===- report/JsonReport.h - Machine-readable findings ---------------------===//
#ifndef LOCKCHECK_REPORT_JSONREPORT_H
#define LOCKCHECK_REPORT_JSONREPORT_H

#include "report/Finding.h"
#include "report/RunStats.h"

#include <string>

namespace lockcheck::report {

/// `{"findings": [...], "stats": {...}}`, keys as documented in README.md.
std::string writeJson(const std::vector<Finding> &Findings, const RunStats &Stats);

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_JSONREPORT_H
