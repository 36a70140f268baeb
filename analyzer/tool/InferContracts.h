//===- tool/InferContracts.h - lockcheck infer-contracts -------------------===//
#ifndef LOCKCHECK_TOOL_INFERCONTRACTS_H
#define LOCKCHECK_TOOL_INFERCONTRACTS_H

#include "facts/Facts.h"
#include "spec/Annotations.h"
#include "spec/Rules.h"

#include <string>
#include <vector>

namespace lockcheck::tool {

/// For every method the rules speak of, and every file_operations method,
/// what is held on entry from every way in, of the lock classes the rules
/// name, as a rules file
/// a maintainer can review: a rule per lock held on every way in, the whole
/// always/sometimes table in comments before it, and after it, in comments,
/// where Documented and the code disagree.
std::string inferContracts(std::vector<facts::TUFacts> TUs, const spec::Annotations &Annotations,
                           const spec::Rules &Documented);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_INFERCONTRACTS_H
