//===- tool/QueryCommands.h - lockcheck paths, graph, baseline, ... -------===//
//
// The subcommands for reviewers and maintainers: they ask a question of the
// program (what paths lead from one function to another, what its call/lock
// graph is, what is held on entry to each method, what a patch changes) or
// record today's findings, rather than report findings as check and analyze
// do. Each reads its options (tool/Options.h) and returns lockcheck's exit
// status.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_QUERYCOMMANDS_H
#define LOCKCHECK_TOOL_QUERYCOMMANDS_H

namespace lockcheck::tool::cli {

/// `lockcheck paths`: the call paths from --from to --to, with what is held.
int runPaths();
/// `lockcheck graph`: the call/lock graph of --from as Graphviz DOT.
int runGraph();
/// `lockcheck baseline`: today's findings, to -o FILE.
int runBaseline();
/// `lockcheck infer-contracts`: what is held on entry to each ops-table
/// method, as a rules file.
int runInferContracts();
/// `lockcheck patch`: what a patch or a series does to the findings.
int runPatch();

} // namespace lockcheck::tool::cli

#endif // LOCKCHECK_TOOL_QUERYCOMMANDS_H
