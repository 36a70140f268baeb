//===- tool/CommandSupport.h - What the lockcheck commands share ----------===//
//
// The steps every subcommand of `lockcheck` takes the same way, as the
// options (tool/Options.h) ask: exit statuses and the one-line error, loading
// rules, suppressions and the baseline, selecting and extracting TUs through
// the facts cache, reading --facts folders, and writing the report.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_COMMANDSUPPORT_H
#define LOCKCHECK_TOOL_COMMANDSUPPORT_H

#include "facts/Facts.h"
#include "facts/FactsCache.h"
#include "frontend/TUExtractor.h"
#include "report/Baseline.h"
#include "report/Finding.h"
#include "report/RunStats.h"
#include "report/SarifReport.h"
#include "report/Suppressions.h"
#include "spec/Rules.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck::tool::cli {

enum ExitStatus { ExitClean = 0, ExitFindings = 1, ExitError = 2, ExitIncomplete = 3 };

/// A run that skipped a TU is incomplete whatever it found: its findings are
/// those of the TUs that were analyzed.
int completeOr(const report::RunStats &Stats, int Status);

/// Prints `lockcheck: error: Message` and returns ExitError.
int fail(const llvm::Twine &Message);
int fail(llvm::Error E);

/// What stands between the analysis' findings and the report. Loaded before
/// the analysis, so a bad file stops the run at once.
struct Triage {
  report::Suppressions Suppressions;
  std::optional<report::Baseline> Baseline;
  /// The checkers and the loaded contract rules, as SARIF describes them.
  std::vector<report::RuleDescriptor> Rules;
};

/// The rules of --rules (default: the shipped ones), with --enable and
/// --disable applied.
llvm::Expected<spec::Rules> loadRules();

/// The --suppressions files and the --baseline, checked against the ids of
/// the checkers and of Rules.
llvm::Expected<Triage> loadTriage(const spec::Rules &Rules);

/// What can be known of the report's destination before the analysis runs:
/// an HTML report needs a folder it may replace, and Graphviz.
llvm::Error checkOutput();

/// The report of Findings in the --format asked for, but html.
std::string formatReport(const std::vector<report::Finding> &Findings,
                         const std::vector<report::SuppressedFinding> &Suppressed,
                         const report::RunStats &Stats, const Triage &T);

/// Text to -o FILE, written atomically, or to stdout.
llvm::Error writeOutput(llvm::StringRef Text);

/// Applies T to Findings, writes the report and the summary, and returns the
/// exit status: findings left after suppressions and the baseline, or a run
/// that skipped TUs, say so.
int writeReport(std::vector<report::Finding> Findings, report::RunStats &Stats, Triage &T);

/// The selected compile commands, in database order, and the root of the tree
/// they build (tool::treeRoot).
struct Selection {
  std::vector<frontend::TUCommand> Commands;
  std::string Root;
};

/// The facts cache the options ask for, or null: --no-cache wins over
/// --cache-dir; without either, BUILD_DIR/.lockcheck-cache when -p is given.
std::unique_ptr<facts::FactsCache> openCache(llvm::StringRef Root);

/// Extracts Commands on -j jobs, through the cache the options ask for, showing
/// progress on stderr unless --quiet: a single TU (Kbuild's CHECK hook) needs
/// none. Extract runs the extraction with the cache (or null) and a callback
/// to call as each TU is done.
void extractShowingProgress(
    const std::vector<frontend::TUCommand> &Commands, llvm::StringRef Root,
    llvm::function_ref<void(facts::FactsCache *, llvm::function_ref<void()>)> Extract);

/// The facts of Commands, in command order (failed TUs counted in Stats).
std::vector<facts::TUFacts> extractFacts(const Selection &Selected, report::RunStats &Stats);

/// The commands of -p BUILD_DIR whose source lies under one of Paths (all of
/// them when Paths is empty).
llvm::Expected<Selection> commandsFromBuildDir(llvm::ArrayRef<std::string> Paths);

/// Reads the *.facts.json of every --facts folder, checked against their
/// shard manifests when there are any (facts::collectFactsSet), in file name
/// order. An unreadable file is named on stderr and counted as a failed TU, as
/// is a TU a shard could not extract; the others are used. Files are parsed in
/// parallel (-j, default all cores), then taken in name order, so the result
/// is the same for any number of jobs, shards and folders.
llvm::Expected<std::vector<facts::TUFacts>> loadFactsDirs(report::RunStats &Stats);

} // namespace lockcheck::tool::cli

#endif // LOCKCHECK_TOOL_COMMANDSUPPORT_H
