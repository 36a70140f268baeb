//===- tool/GraphCommand.h - `lockcheck graph`: calls and locks as DOT ----===//
#ifndef LOCKCHECK_TOOL_GRAPHCOMMAND_H
#define LOCKCHECK_TOOL_GRAPHCOMMAND_H

#include "facts/Facts.h"
#include "spec/Annotations.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace lockcheck::tool {

/// The call/lock graph reached from the function From as Graphviz DOT
/// (report/CallLockGraph.h): every call with its file:line, indirect calls
/// with the ops-table slot they resolved through, the locks the caller holds
/// at each call and where each function takes a lock. With To, only the
/// calls on some path from From to To. File names under the current
/// directory are relative to it.
llvm::Expected<std::string> exportGraph(std::vector<facts::TUFacts> TUs,
                                        const spec::Annotations &Annotations,
                                        llvm::StringRef From, llvm::StringRef To);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_GRAPHCOMMAND_H
