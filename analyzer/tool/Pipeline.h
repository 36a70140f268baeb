//===- tool/Pipeline.h - The stages of a run, for the subcommands ---------===//
#ifndef LOCKCHECK_TOOL_PIPELINE_H
#define LOCKCHECK_TOOL_PIPELINE_H

#include "analysis/LockEvents.h"
#include "facts/Facts.h"
#include "facts/FactsCache.h"
#include "graph/ProgramGraph.h"
#include "frontend/TUExtractor.h"
#include "report/Finding.h"
#include "report/RunStats.h"
#include "report/SarifReport.h"
#include "spec/Annotations.h"
#include "spec/Rules.h"
#include "tool/ExtractionWorkers.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <string>
#include <vector>

namespace lockcheck::graph {
class ProgramGraph;
} // namespace lockcheck::graph
namespace lockcheck::analysis {
class PathQuery;
class PathRenderer;
} // namespace lockcheck::analysis

namespace lockcheck::tool {

/// Keeps the commands whose source lies under one of Paths (files or folders,
/// relative to the current directory or absolute); all of them when Paths is
/// empty. A path that selects nothing is an error naming it.
llvm::Expected<std::vector<frontend::TUCommand>>
selectCommands(std::vector<frontend::TUCommand> All, const std::vector<std::string> &Paths);

/// This lockcheck build, as the facts cache records it: the version, the LLVM
/// it links, a digest of the frontend's sources and the facts format version.
std::string cacheBuildId();

/// The root of the tree a compile database builds: the deepest folder holding
/// BuildDir and every command's source file and directory. Cache keys and
/// shard manifests name files relative to it.
std::string treeRoot(const std::vector<frontend::TUCommand> &All, llvm::StringRef BuildDir);

/// The facts cache key of a compile command, its file names relative to Root.
facts::CacheKey cacheKey(const frontend::TUCommand &Cmd, llvm::StringRef Root);

/// What extraction hands over of each TU.
enum class Handover {
  Facts, ///< the facts
  Json,  ///< the facts as writeFactsJson writes them, and the main file: to be
         ///< written out, not read (saves parsing what the workers wrote)
};

/// One TU's facts as extraction hands them over.
struct ExtractedFacts {
  /// The TU's main file, as the facts name it.
  std::string MainFile;
  /// With Handover::Facts; empty with Handover::Json.
  facts::TUFacts Facts;
  /// With Handover::Json: serialized by the workers, or the cache entry's own
  /// bytes.
  std::string Json;
  /// Every file the TU read (empty when that is not known): patch mode
  /// re-extracts the TUs that read a file a patch changes.
  std::vector<facts::FileDigest> Dependencies;
};

/// Extracts every TU as Limits say, handing each TU's facts to Consume (one
/// call at a time) as soon as it is done, so they need not all stay in memory;
/// in the form Form asks for. With a Cache, a TU whose entry is
/// still valid is not parsed, and every TU parsed gets its entry (re)written;
/// hits, misses, rejected entries and write failures are counted in Stats.
/// TUs are parsed in worker processes (tool/ExtractionWorkers.h), so a TU that
/// crashes the parser fails alone. Failed TUs are recorded in Stats with their
/// first error, or how their worker died. OnTUDone, when given, is called once
/// per TU, done or failed, one call at a time.
void extractEach(const std::vector<frontend::TUCommand> &Commands, const ExtractionLimits &Limits,
                 facts::FactsCache *Cache, Handover Form, report::RunStats &Stats,
                 llvm::function_ref<void(size_t, ExtractedFacts)> Consume,
                 llvm::function_ref<void()> OnTUDone = nullptr);

/// Extracts every TU as extractEach does. Failed TUs are recorded
/// in Stats with their first error; the others' facts are returned in command
/// order.
std::vector<facts::TUFacts> extractAll(const std::vector<frontend::TUCommand> &Commands,
                                       const ExtractionLimits &Limits,
                                       facts::FactsCache *Cache,
                                       report::RunStats &Stats,
                                       llvm::function_ref<void()> OnTUDone = nullptr);

/// What becomes of the graph and the summaries once the findings are out.
enum class AnalysisLifetime {
  /// Left to the end of the process: for a caller that exits soon after.
  UntilExit,
  /// Freed: for a caller that analyzes again (patch mode, once per patch).
  Freed
};

/// What a caller of analyzeFacts wants from the run besides the findings.
struct AnalysisHooks {
  /// Once the program is linked: listeners to run beside the checkers.
  std::function<std::vector<analysis::LockEventListener *>(const graph::ProgramGraph &)> Listen;
  /// Once the analysis is over, while the graph and the summaries live.
  std::function<void(const graph::ProgramGraph &, const analysis::PathRenderer &)> Finished;
};

/// The whole-program step: links the facts, runs the analysis with the
/// checkers named in Enabled (every checker when it is empty) and returns the
/// findings sorted and deduplicated.
std::vector<report::Finding>
analyzeFacts(std::vector<facts::TUFacts> TUs, const spec::Annotations &Annotations,
             const spec::Rules &Rules, llvm::ArrayRef<std::string> Enabled,
             report::RunStats &Stats,
             AnalysisLifetime Lifetime = AnalysisLifetime::UntilExit,
             const AnalysisHooks &Hooks = {});

/// Links TUs, runs the analysis from the function From with a PathQuery
/// towards To (no target when To is empty) listening, and hands the query and
/// what it was computed on to Use. An unknown function name is an error
/// naming it.
llvm::Error runPathQuery(std::vector<facts::TUFacts> TUs, const spec::Annotations &Annotations,
                         llvm::StringRef From, llvm::StringRef To,
                         llvm::function_ref<void(const graph::ProgramGraph &,
                                                 const analysis::PathQuery &,
                                                 const analysis::PathRenderer &)>
                             Use);

/// The call paths from one function to another with the locks held at each
/// step, as text; an unknown function name is an error naming it.
llvm::Expected<std::string> queryPaths(std::vector<facts::TUFacts> TUs,
                                       const spec::Annotations &Annotations,
                                       llvm::StringRef From, llvm::StringRef To,
                                       size_t MaxPaths);

/// lockcheck's version, as reports name the tool.
std::string toolVersion();

/// Every checker as a rule reports describe (id, description, citation), in
/// the registry's order, then every loaded contract rule, in load order.
std::vector<report::RuleDescriptor> ruleDescriptors(const spec::Rules *Rules = nullptr);

/// Loads annotations from Dir (the shipped annotations/ when empty).
llvm::Expected<spec::Annotations> loadAnnotations(llvm::StringRef Dir);

/// Loads rules from Path, a file or a directory (the shipped rules/ when
/// empty), then turns on the Enable ids and off the Disable ids.
llvm::Expected<spec::Rules> loadRules(llvm::StringRef Path, const std::vector<std::string> &Enable,
                                      const std::vector<std::string> &Disable);

/// A file name relative to the current directory when it lies under it.
std::string relativeToCwd(llvm::StringRef File);

/// Rewrites absolute file names under the current directory as relative ones.
void relativizePaths(std::vector<report::Finding> &Findings);

/// The facts file name for a TU inside a facts directory: stable for the same
/// main file, distinct for distinct ones.
std::string factsFileName(llvm::StringRef MainFile);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_PIPELINE_H
