//===- tool/lockcheck.cpp - The lockcheck command -------------------------===//
//
//   lockcheck check    -p BUILD_DIR [--format text|json|sarif|html] [-o FILE|DIR] [PATH...]
//   lockcheck extract  -p BUILD_DIR --facts DIR [--shard I/N] [PATH...]
//   lockcheck extract  --facts DIR -- COMPILER-ARGS... FILE.c   (Kbuild CHECK=)
//   lockcheck analyze  --facts DIR [--facts DIR...] [--format text|json|sarif|html] [-o FILE|DIR]
//   lockcheck baseline (-p BUILD_DIR [PATH...] | --facts DIR...) -o FILE
//   lockcheck paths    (-p BUILD_DIR [PATH...] | --facts DIR...) --from FUNC --to FUNC
//   lockcheck graph    (-p BUILD_DIR [PATH...] | --facts DIR...) --from FUNC [--to FUNC]
//   check, analyze: [--baseline FILE] [--suppressions FILE] [--show-suppressed]
//   check, extract, baseline, paths, graph: [--cache-dir DIR | --no-cache]
//   lockcheck patch    [-p BUILD_DIR] [--base REV] [--format text|json|patchwork]
//                      [--terse] [--annotate] [PATCH...|-]
//   lockcheck --list-checkers
//
// Exit status: 0 no findings, 1 findings (with a baseline: new findings), 2 bad
// usage or input, 3 some TUs failed (the others' findings are reported).
//
//===----------------------------------------------------------------------===//
#include "checkers/Checker.h"
#include "facts/FactsJson.h"
#include "facts/ShardManifest.h"
#include "report/Baseline.h"
#include "report/HtmlReport.h"
#include "report/JsonReport.h"
#include "report/SarifReport.h"
#include "report/Suppressions.h"
#include "report/TextReport.h"
#include "support/AtomicFile.h"
#include "support/ErrorMessage.h"
#include "support/RootPaths.h"
#include "tool/ExtractionWorkers.h"
#include "tool/GraphCommand.h"
#include "tool/InferContracts.h"
#include "tool/PatchMode.h"
#include "tool/Pipeline.h"
#include "tool/Progress.h"
#include "tool/ShardPlan.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unistd.h>

using namespace llvm;
using namespace lockcheck;

namespace {

enum ExitStatus { ExitClean = 0, ExitFindings = 1, ExitError = 2, ExitIncomplete = 3 };

/// A run that skipped a TU is incomplete whatever it found: its findings are
/// those of the TUs that were analyzed.
int completeOr(const report::RunStats &Stats, int Status) {
  return Stats.FailedTUs.empty() ? Status : ExitIncomplete;
}
enum class OutputFormat { Text, Json, Sarif, Html };

cl::OptionCategory Category("lockcheck options");
cl::SubCommand CheckCmd("check", "Extract and analyze the TUs of a compile database");
cl::SubCommand ExtractCmd("extract", "Write per-TU facts to a directory");
cl::SubCommand AnalyzeCmd("analyze", "Analyze a directory of facts");
cl::SubCommand PathsCmd("paths", "Show the call paths between two functions and what is held");
cl::SubCommand BaselineCmd("baseline", "Record today's findings, to report only new ones later");
cl::SubCommand InferCmd("infer-contracts",
                        "Infer what is held on entry to each ops-table method, as a rules file");
cl::SubCommand GraphCmd("graph", "Export the call/lock graph of a function as Graphviz DOT");
cl::SubCommand PatchCmd("patch", "What a patch or a series does to the findings");

cl::opt<std::string> BuildDir("p", cl::desc("Build directory holding compile_commands.json"),
                              cl::value_desc("BUILD_DIR"), cl::sub(CheckCmd),
                              cl::sub(ExtractCmd), cl::sub(PathsCmd), cl::sub(BaselineCmd),
                              cl::sub(GraphCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                              cl::cat(Category));
cl::list<std::string> FactsDirs("facts",
                                cl::desc("Directory of per-TU facts (analyze, paths, baseline, "
                                         "graph: repeat it for the folders of several shards)"),
                                cl::value_desc("DIR"), cl::sub(ExtractCmd), cl::sub(AnalyzeCmd),
                                cl::sub(PathsCmd), cl::sub(BaselineCmd), cl::sub(GraphCmd),
                                cl::sub(InferCmd), cl::cat(Category));
cl::opt<std::string> Shard("shard",
                           cl::desc("Extract only shard I of N of the selected TUs, and write "
                                    "its manifest (one CI job of N)"),
                           cl::value_desc("I/N"), cl::sub(ExtractCmd), cl::cat(Category));
cl::opt<OutputFormat> Format("format", cl::desc("Output format"),
                             cl::values(clEnumValN(OutputFormat::Text, "text", "clang-style text"),
                                        clEnumValN(OutputFormat::Json, "json", "JSON"),
                                        clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0"),
                                        clEnumValN(OutputFormat::Html, "html",
                                                   "HTML pages in the folder -o DIR")),
                             cl::init(OutputFormat::Text), cl::sub(CheckCmd),
                             cl::sub(AnalyzeCmd), cl::cat(Category));
cl::opt<std::string> OutputFile("o",
                                cl::desc("Write the report (baseline: the baseline; graph: the "
                                         "graph) to FILE; --format html: to the folder DIR"),
                                cl::value_desc("FILE"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                cl::sub(BaselineCmd), cl::sub(GraphCmd), cl::sub(InferCmd),
    cl::cat(Category));
cl::opt<std::string> BaselineFile("baseline",
                                  cl::desc("Report only the findings this baseline lacks"),
                                  cl::value_desc("FILE"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                  cl::cat(Category));
cl::list<std::string> SuppressionFiles("suppressions",
                                       cl::desc("YAML file of suppressed findings, with reasons"),
                                       cl::value_desc("FILE"), cl::sub(CheckCmd),
                                       cl::sub(AnalyzeCmd), cl::cat(Category));
cl::opt<bool> ShowSuppressed("show-suppressed", cl::desc("List suppressed findings too"),
                             cl::sub(CheckCmd), cl::sub(AnalyzeCmd), cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Parallel extraction jobs (default: all cores)"),
                       cl::init(0), cl::Prefix, cl::sub(CheckCmd), cl::sub(ExtractCmd),
                       cl::sub(PathsCmd), cl::sub(BaselineCmd), cl::sub(GraphCmd),
                       cl::sub(InferCmd), cl::sub(PatchCmd), cl::cat(Category));
cl::opt<unsigned> TUTimeout("tu-timeout",
                            cl::desc("Fail a TU still parsing after this many seconds "
                                     "(default 0: no limit)"),
                            cl::value_desc("SECONDS"), cl::init(0), cl::sub(CheckCmd),
                            cl::sub(ExtractCmd), cl::sub(PathsCmd), cl::sub(BaselineCmd),
                            cl::sub(GraphCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                            cl::cat(Category));
cl::opt<std::string> FromFunction("from", cl::desc("Function the paths start from"),
                                  cl::value_desc("FUNC"), cl::sub(PathsCmd), cl::sub(GraphCmd),
                                  cl::cat(Category));
cl::opt<std::string> ToFunction("to", cl::desc("Function the paths end in"),
                                cl::value_desc("FUNC"), cl::sub(PathsCmd), cl::sub(GraphCmd),
                                cl::cat(Category));
cl::opt<unsigned> MaxPaths("max-paths", cl::desc("Most paths to show (default 10)"), cl::init(10),
                           cl::sub(PathsCmd), cl::cat(Category));
cl::list<std::string> PathsPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(PathsCmd));
cl::list<std::string> InferPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(InferCmd));
enum class GraphFormat { Dot };
cl::opt<GraphFormat> GraphOutputFormat("format", cl::desc("Graph format"),
                                       cl::values(clEnumValN(GraphFormat::Dot, "dot",
                                                             "Graphviz DOT")),
                                       cl::init(GraphFormat::Dot), cl::sub(GraphCmd),
                                       cl::cat(Category));
cl::list<std::string> GraphPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(GraphCmd));
cl::opt<std::string> AnnotationsDir("annotations",
                                    cl::desc("Annotation file or directory (default: shipped)"),
                                    cl::value_desc("PATH"), cl::sub(CheckCmd),
                                    cl::sub(AnalyzeCmd), cl::sub(PathsCmd), cl::sub(BaselineCmd),
                                    cl::sub(GraphCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                                    cl::cat(Category));
cl::opt<std::string> RulesPath("rules",
                               cl::desc("Rules file or directory (default: shipped rules/)"),
                               cl::value_desc("FILE|DIR"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                               cl::sub(BaselineCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                               cl::cat(Category));
cl::list<std::string> EnableRules("enable", cl::desc("Turn a rule on by id"),
                                  cl::value_desc("ID"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                  cl::sub(BaselineCmd), cl::cat(Category));
cl::list<std::string> DisableRules("disable", cl::desc("Turn a rule off by id"),
                                   cl::value_desc("ID"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                   cl::sub(BaselineCmd), cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("Print neither progress nor summary"), cl::sub(CheckCmd),
                    cl::sub(ExtractCmd), cl::sub(AnalyzeCmd), cl::sub(BaselineCmd),
                    cl::sub(PathsCmd), cl::sub(GraphCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                    cl::cat(Category));
cl::list<std::string> CheckPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(CheckCmd));
cl::list<std::string> BaselinePaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(BaselineCmd));
cl::list<std::string> ExtractArgs(cl::Positional, cl::desc("[PATH...] | -- COMPILER-ARGS..."),
                                  cl::sub(ExtractCmd));
cl::opt<std::string> CacheDir("cache-dir",
                              cl::desc("Facts cache folder (default with -p: "
                                       "BUILD_DIR/.lockcheck-cache; without -p: none)"),
                              cl::value_desc("DIR"), cl::sub(CheckCmd), cl::sub(ExtractCmd),
                              cl::sub(PathsCmd), cl::sub(BaselineCmd), cl::sub(GraphCmd),
                              cl::sub(InferCmd), cl::sub(PatchCmd), cl::cat(Category));
cl::opt<bool> NoCache("no-cache", cl::desc("Parse every TU; neither read nor write the cache"),
                      cl::sub(CheckCmd), cl::sub(ExtractCmd), cl::sub(PathsCmd),
                      cl::sub(BaselineCmd), cl::sub(GraphCmd), cl::sub(InferCmd),
                      cl::sub(PatchCmd), cl::cat(Category));
cl::list<std::string> PatchInputs(cl::Positional, cl::desc("[PATCH...|-]"), cl::sub(PatchCmd));
cl::opt<std::string> PatchBase("base", cl::desc("Compare HEAD with REV instead of reading patches"),
                               cl::value_desc("REV"), cl::sub(PatchCmd), cl::cat(Category));
cl::opt<tool::PatchModeOptions::Format> PatchFormat(
    "format", cl::desc("Output format"),
    cl::values(clEnumValN(tool::PatchModeOptions::Format::Text, "text", "checkpatch-like text"),
               clEnumValN(tool::PatchModeOptions::Format::Json, "json", "JSON"),
               clEnumValN(tool::PatchModeOptions::Format::Patchwork, "patchwork",
                          "patchwork checks API object")),
    cl::init(tool::PatchModeOptions::Format::Text), cl::sub(PatchCmd), cl::cat(Category));
cl::opt<bool> PatchTerse("terse", cl::desc("One line per finding, as checkpatch --terse"),
                         cl::sub(PatchCmd), cl::cat(Category));
cl::opt<bool> PatchAnnotate("annotate", cl::desc("Print the patch with notes under its hunks"),
                            cl::sub(PatchCmd), cl::cat(Category));
cl::opt<std::string> PatchTargetUrl("target-url", cl::desc("patchwork check's target_url"),
                                    cl::value_desc("URL"), cl::sub(PatchCmd), cl::cat(Category));
cl::list<std::string> EnabledCheckers("checkers",
                                      cl::desc("Run these checkers (default: those on by default, "
                                               "see --list-checkers)"),
                                      cl::value_desc("NAME,..."), cl::CommaSeparated,
                                      cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                      cl::sub(BaselineCmd), cl::cat(Category));
cl::opt<bool> ListCheckers("list-checkers", cl::desc("List the checkers and exit"),
                           cl::cat(Category));

int fail(const Twine &Message) {
  WithColor::error(errs(), "lockcheck") << Message << "\n";
  return ExitError;
}

int fail(Error E) {
  std::string Message = lockcheck::support::errorMessage(std::move(E));
  return fail(Message);
}

/// What stands between the analysis' findings and the report. Loaded before
/// the analysis, so a bad file stops the run at once.
struct Triage {
  report::Suppressions Suppressions;
  std::optional<report::Baseline> Baseline;
  /// The checkers and the loaded contract rules, as SARIF describes them.
  std::vector<report::RuleDescriptor> Rules;
};

Expected<spec::Rules> loadRules() {
  return tool::loadRules(RulesPath, EnableRules, DisableRules);
}

Expected<Triage> loadTriage(const spec::Rules &Rules) {
  std::vector<std::string> KnownIds;
  std::vector<report::RuleDescriptor> Descriptors = tool::ruleDescriptors(&Rules);
  for (const report::RuleDescriptor &R : Descriptors)
    KnownIds.push_back(R.Id);
  Triage T{report::Suppressions(std::move(KnownIds)), std::nullopt, std::move(Descriptors)};
  for (const std::string &File : SuppressionFiles)
    if (Error E = T.Suppressions.loadFile(File))
      return E;
  if (!BaselineFile.empty()) {
    auto B = report::Baseline::readFile(BaselineFile);
    if (!B)
      return B.takeError();
    T.Baseline = std::move(*B);
  }
  return T;
}

/// What can be known of the report's destination before the analysis runs:
/// an HTML report needs a folder it may replace, and Graphviz.
Error checkOutput() {
  if (Format != OutputFormat::Html)
    return Error::success();
  if (OutputFile.empty() || OutputFile == "-")
    return createStringError("--format html: missing -o DIR");
  return report::checkHtmlOutput(OutputFile);
}

std::string formatReport(const std::vector<report::Finding> &Findings,
                         const std::vector<report::SuppressedFinding> &Suppressed,
                         const report::RunStats &Stats, const Triage &T) {
  if (Format == OutputFormat::Json)
    return report::writeJson(Findings, Stats, Suppressed);
  if (Format == OutputFormat::Sarif) {
    SmallString<256> Cwd;
    if (sys::fs::current_path(Cwd))
      Cwd.clear();
    return report::writeSarif(Findings, Suppressed, Stats,
                              {tool::toolVersion(), T.Rules, std::string(Cwd)});
  }
  std::string Text;
  raw_string_ostream OS(Text);
  report::writeText(OS, Findings, Suppressed);
  return Text;
}

/// Text to -o FILE, written atomically, or to stdout.
Error writeOutput(StringRef Text) {
  if (!OutputFile.empty() && OutputFile != "-")
    return lockcheck::support::writeFileAtomically(OutputFile, Text);
  outs() << Text;
  return Error::success();
}

int writeReport(std::vector<report::Finding> Findings, report::RunStats &Stats, Triage &T) {
  tool::relativizePaths(Findings);
  // Suppressions first: a finding both suppressed and in the baseline is
  // suppressed, and the baseline's "no longer found" counts it as found.
  std::vector<report::SuppressedFinding> Suppressed;
  if (Error E = T.Suppressions.apply(Findings, Suppressed, Stats))
    return fail(std::move(E));
  if (T.Baseline)
    T.Baseline->removeKnown(Findings, Suppressed, Stats);
  if (!ShowSuppressed)
    Suppressed.clear();
  if (Format == OutputFormat::Html) {
    if (Error E = report::writeHtmlReport(OutputFile, Findings, Suppressed, Stats,
                                          {tool::toolVersion()}))
      return fail(std::move(E));
  } else if (Error E = writeOutput(formatReport(Findings, Suppressed, Stats, T))) {
    return fail(std::move(E));
  }
  if (!Quiet)
    report::writeSummary(errs(), Stats, Findings.size());
  return completeOr(Stats, Findings.empty() ? ExitClean : ExitFindings);
}

/// The selected compile commands, in database order, and the root of the tree
/// they build (tool::treeRoot).
struct Selection {
  std::vector<frontend::TUCommand> Commands;
  std::string Root;
};

/// The facts cache the options ask for, or null: --no-cache wins over
/// --cache-dir; without either, BUILD_DIR/.lockcheck-cache when -p is given.
std::unique_ptr<facts::FactsCache> openCache(StringRef Root) {
  if (NoCache)
    return nullptr;
  SmallString<256> Dir = StringRef(CacheDir);
  if (Dir.empty()) {
    if (BuildDir.empty())
      return nullptr;
    Dir = StringRef(BuildDir);
    sys::path::append(Dir, ".lockcheck-cache");
  }
  return std::make_unique<facts::FactsCache>(std::string(Dir), tool::cacheBuildId(),
                                             Root.str());
}

/// Extracts Commands on -j jobs, through the cache the options ask for, showing
/// progress on stderr unless --quiet: a single TU (Kbuild's CHECK hook) needs
/// none.
template <typename ExtractFn>
void extractShowingProgress(const std::vector<frontend::TUCommand> &Commands, StringRef Root,
                            ExtractFn Extract) {
  std::optional<tool::ExtractionProgress> Progress;
  if (!Quiet && Commands.size() > 1)
    Progress.emplace(errs(),
                     errs().is_displayed() ? tool::ExtractionProgress::Style::Terminal
                                           : tool::ExtractionProgress::Style::Lines,
                     Commands.size());
  std::unique_ptr<facts::FactsCache> Cache = openCache(Root);
  Extract(Cache.get(), [&] {
    if (Progress)
      Progress->tuDone();
  });
  if (Progress)
    Progress->finish();
}

/// The facts of Commands, in command order (failed TUs counted in Stats).
std::vector<facts::TUFacts> extractFacts(const Selection &Selected, report::RunStats &Stats) {
  std::vector<facts::TUFacts> TUs;
  extractShowingProgress(Selected.Commands, Selected.Root,
                         [&](facts::FactsCache *Cache, function_ref<void()> OnTUDone) {
                           TUs = tool::extractAll(Selected.Commands, {Jobs, TUTimeout}, Cache,
                                                  Stats, OnTUDone);
                         });
  return TUs;
}

Expected<Selection> commandsFromBuildDir(ArrayRef<std::string> Paths) {
  auto All = frontend::loadCompileCommands(BuildDir);
  if (!All)
    return All.takeError();
  // The root comes from the whole database, so that a selection of a few
  // folders shares cache entries with a run over all of them.
  std::string Root = tool::treeRoot(*All, BuildDir);
  auto Selected = tool::selectCommands(std::move(*All), Paths.vec());
  if (!Selected)
    return Selected.takeError();
  return Selection{std::move(*Selected), std::move(Root)};
}

int runCheck() {
  if (BuildDir.empty())
    return fail("check: missing -p BUILD_DIR");
  if (Error E = checkOutput())
    return fail(std::move(E));
  auto Annotations = tool::loadAnnotations(AnnotationsDir);
  if (!Annotations)
    return fail(Annotations.takeError());
  auto Rules = loadRules();
  if (!Rules)
    return fail(Rules.takeError());
  auto Selected = commandsFromBuildDir(CheckPaths);
  if (!Selected)
    return fail(Selected.takeError());
  auto Triage = loadTriage(*Rules);
  if (!Triage)
    return fail(Triage.takeError());
  report::RunStats Stats;
  std::vector<facts::TUFacts> TUs = extractFacts(*Selected, Stats);
  return writeReport(
      tool::analyzeFacts(std::move(TUs), *Annotations, *Rules, EnabledCheckers, Stats), Stats,
      *Triage);
}

/// The shard --shard asks for of Selected, replacing its commands by the
/// shard's own; the manifest to write, without its TUs.
Expected<facts::ShardManifest> keepShard(Selection &Selected) {
  auto Spec = tool::parseShardSpec(Shard);
  if (!Spec)
    return Spec.takeError();
  std::vector<facts::CacheKey> Keys;
  std::vector<uint64_t> Costs;
  for (const frontend::TUCommand &C : Selected.Commands) {
    Keys.push_back(tool::cacheKey(C, Selected.Root));
    // A source that cannot be read costs as little as an empty one: it
    // fails at once, and the same on every runner.
    uint64_t Size = 0;
    if (sys::fs::file_size(C.File, Size))
      Size = 0;
    Costs.push_back(Size + tool::PerTUCost);
  }
  tool::ShardShare Share = tool::planShard(Keys, Costs, *Spec);
  std::vector<frontend::TUCommand> Mine;
  for (size_t I : Share.Commands)
    Mine.push_back(std::move(Selected.Commands[I]));
  Selected.Commands = std::move(Mine);
  return std::move(Share.Manifest);
}

int runExtract() {
  if (FactsDirs.empty())
    return fail("extract: missing --facts DIR");
  if (FactsDirs.size() > 1)
    return fail("extract: writes one --facts DIR, not several");
  StringRef FactsDir = FactsDirs.front();
  if (!Shard.empty() && BuildDir.empty())
    return fail("extract: --shard needs -p BUILD_DIR");
  Selection Selected;
  std::optional<facts::ShardManifest> Manifest;
  if (BuildDir.empty()) {
    // Kbuild's CHECK hook: the compiler's flags and the source file.
    auto Cmd = frontend::commandFromCheckArgs(ExtractArgs);
    if (!Cmd)
      return fail(Cmd.takeError());
    Selected.Root = Cmd->Directory;
    Selected.Commands.push_back(std::move(*Cmd));
  } else {
    auto FromBuildDir = commandsFromBuildDir(ExtractArgs);
    if (!FromBuildDir)
      return fail(FromBuildDir.takeError());
    Selected = std::move(*FromBuildDir);
    if (!Shard.empty()) {
      auto ShardManifest = keepShard(Selected);
      if (!ShardManifest)
        return fail(ShardManifest.takeError());
      Manifest = std::move(*ShardManifest);
    }
  }
  const std::vector<frontend::TUCommand> &Commands = Selected.Commands;
  // Named after the file relative to the tree's root: the same name on every
  // runner, wherever the tree lies.
  std::vector<std::string> FactsNames;
  for (const frontend::TUCommand &C : Commands)
    FactsNames.push_back(tool::factsFileName(lockcheck::support::relativeToRoot(C.File, Selected.Root)));
  report::RunStats Stats;
  Error WriteError = Error::success();
  // The facts arrive serialized (from the cache, or on the worker threads):
  // writing them is all that is left to do here, one TU at a time.
  auto WriteFacts = [&](size_t I, tool::ExtractedFacts TU) {
    if (WriteError)
      return;
    SmallString<256> Path = FactsDir;
    sys::path::append(Path, FactsNames[I]);
    WriteError = lockcheck::support::writeFileAtomically(Path, TU.Json);
  };
  extractShowingProgress(Commands, Selected.Root,
                         [&](facts::FactsCache *Cache, function_ref<void()> OnTUDone) {
                           tool::extractEach(Commands, {Jobs, TUTimeout}, Cache,
                                             tool::Handover::Json, Stats, WriteFacts, OnTUDone);
                         });
  if (WriteError)
    return fail(std::move(WriteError));
  if (Manifest) {
    std::map<std::string, std::string> Failed(Stats.FailedTUs.begin(), Stats.FailedTUs.end());
    for (size_t I = 0; I < Commands.size(); ++I) {
      auto It = Failed.find(Commands[I].File);
      Manifest->TUs.push_back({lockcheck::support::relativeToRoot(Commands[I].File, Selected.Root),
                               FactsNames[I], It == Failed.end() ? "" : It->second});
    }
    SmallString<256> Path = FactsDir;
    sys::path::append(Path, facts::shardManifestName(Manifest->Index, Manifest->Count));
    if (Error E = lockcheck::support::writeFileAtomically(
            Path, facts::writeShardManifestJson(*Manifest)))
      return fail(std::move(E));
  }
  for (const auto &[File, Error] : Stats.FailedTUs)
    WithColor::error(errs(), "lockcheck") << Error << "\n";
  if (!Quiet) {
    errs() << "lockcheck: wrote facts of " << Stats.TUsAnalyzed << " TUs to " << FactsDir;
    if (Manifest)
      errs() << " (shard " << Manifest->Index << "/" << Manifest->Count << ")";
    errs() << ", " << Stats.FailedTUs.size() << " failed\n";
    report::writeCacheSummary(errs(), Stats);
  }
  return completeOr(Stats, ExitClean);
}

/// Reads the *.facts.json of every --facts folder, checked against their
/// shard manifests when there are any (facts::collectFactsSet), in file name
/// order. An unreadable file is named on stderr and counted as a failed TU, as
/// is a TU a shard could not extract; the others are used. Files are parsed in
/// parallel (-j, default all cores), then taken in name order, so the result
/// is the same for any number of jobs, shards and folders.
Expected<std::vector<facts::TUFacts>> loadFactsDirs(report::RunStats &Stats) {
  auto Set = facts::collectFactsSet(FactsDirs);
  if (!Set)
    return Set.takeError();
  const std::vector<std::string> &Files = Set->Files;
  Stats.FailedTUs = Set->FailedTUs;
  std::vector<std::optional<Expected<facts::TUFacts>>> Read(Files.size());
  {
    DefaultThreadPool Pool(hardware_concurrency(Jobs));
    for (size_t I = 0; I < Files.size(); ++I)
      Pool.async([&, I] { Read[I].emplace(facts::readFactsFile(Files[I])); });
    Pool.wait();
  }
  std::vector<facts::TUFacts> TUs;
  for (size_t I = 0; I < Files.size(); ++I) {
    Expected<facts::TUFacts> &TU = *Read[I];
    if (!TU) {
      std::string Message = lockcheck::support::errorMessage(TU.takeError());
      WithColor::error(errs(), "lockcheck") << Message << "\n";
      Stats.FailedTUs.push_back({Files[I], Message});
      continue;
    }
    TUs.push_back(std::move(*TU));
    ++Stats.TUsAnalyzed;
  }
  return TUs;
}

/// What paths and baseline work on: the annotations and the TUs of either
/// -p BUILD_DIR [PATH...] (extracted, through the cache) or --facts DIR.
struct Program {
  spec::Annotations Annotations;
  std::vector<facts::TUFacts> TUs;
};

Expected<Program> loadProgram(StringRef Command, ArrayRef<std::string> Paths,
                              report::RunStats &Stats) {
  if (BuildDir.empty() == FactsDirs.empty())
    return createStringError(Command + ": give either -p BUILD_DIR or --facts DIR");
  auto Annotations = tool::loadAnnotations(AnnotationsDir);
  if (!Annotations)
    return Annotations.takeError();
  if (!FactsDirs.empty()) {
    auto TUs = loadFactsDirs(Stats);
    if (!TUs)
      return TUs.takeError();
    return Program{std::move(*Annotations), std::move(*TUs)};
  }
  auto Selected = commandsFromBuildDir(Paths);
  if (!Selected)
    return Selected.takeError();
  return Program{std::move(*Annotations), extractFacts(*Selected, Stats)};
}

/// loadProgram for paths and graph, which print no summary: skipped TUs and
/// a cache that cannot be written are still said.
Expected<Program> loadProgramToQuery(StringRef Command, ArrayRef<std::string> Paths,
                                     report::RunStats &Stats) {
  auto Loaded = loadProgram(Command, Paths, Stats);
  if (!Loaded)
    return Loaded;
  if (Stats.CacheWriteFailures)
    WithColor::warning(errs(), "lockcheck")
        << Stats.CacheWriteFailures
        << " cache entries not written: " << Stats.FirstCacheWriteError << "\n";
  for (const auto &[File, Error] : Stats.FailedTUs)
    errs() << "lockcheck: skipped " << File << ": " << Error << "\n";
  return Loaded;
}

int runPaths() {
  if (FromFunction.empty() || ToFunction.empty())
    return fail("paths: missing --from FUNC or --to FUNC");
  report::RunStats Stats;
  auto Loaded = loadProgramToQuery("paths", PathsPaths, Stats);
  if (!Loaded)
    return fail(Loaded.takeError());
  auto Text = tool::queryPaths(std::move(Loaded->TUs), Loaded->Annotations, FromFunction,
                               ToFunction, MaxPaths);
  if (!Text)
    return fail(Text.takeError());
  outs() << *Text;
  return completeOr(Stats, ExitClean);
}

int runGraph() {
  if (FromFunction.empty())
    return fail("graph: missing --from FUNC");
  report::RunStats Stats;
  auto Loaded = loadProgramToQuery("graph", GraphPaths, Stats);
  if (!Loaded)
    return fail(Loaded.takeError());
  auto Dot = tool::exportGraph(std::move(Loaded->TUs), Loaded->Annotations, FromFunction,
                               ToFunction);
  if (!Dot)
    return fail(Dot.takeError());
  if (Error E = writeOutput(*Dot))
    return fail(std::move(E));
  return completeOr(Stats, ExitClean);
}

int runBaseline() {
  if (OutputFile.empty() || OutputFile == "-")
    return fail("baseline: missing -o FILE");
  auto Rules = loadRules();
  if (!Rules)
    return fail(Rules.takeError());
  report::RunStats Stats;
  auto Loaded = loadProgram("baseline", BaselinePaths, Stats);
  if (!Loaded)
    return fail(Loaded.takeError());
  std::vector<report::Finding> Findings =
      tool::analyzeFacts(std::move(Loaded->TUs), Loaded->Annotations, *Rules,
                         EnabledCheckers, Stats);
  // Relative names, as reports print them: the file is read in review.
  tool::relativizePaths(Findings);
  if (Error E = lockcheck::support::writeFileAtomically(
          OutputFile, report::Baseline::of(Findings).toJson()))
    return fail(std::move(E));
  if (!Quiet) {
    report::writeSummary(errs(), Stats, Findings.size());
    errs() << "lockcheck: baseline of " << Findings.size() << " findings written to "
           << OutputFile << "\n";
  }
  return completeOr(Stats, ExitClean);
}

int runInferContracts() {
  auto Rules = loadRules();
  if (!Rules)
    return fail(Rules.takeError());
  report::RunStats Stats;
  auto Loaded = loadProgramToQuery("infer-contracts", InferPaths, Stats);
  if (!Loaded)
    return fail(Loaded.takeError());
  if (Error E = writeOutput(
          tool::inferContracts(std::move(Loaded->TUs), Loaded->Annotations, *Rules)))
    return fail(std::move(E));
  return completeOr(Stats, ExitClean);
}

int runPatch() {
  tool::PatchModeOptions Options;
  Options.BuildDir = BuildDir;
  Options.Base = PatchBase;
  Options.Inputs = PatchInputs;
  Options.OutputFormat = PatchFormat;
  Options.Terse = PatchTerse;
  Options.Annotate = PatchAnnotate;
  Options.TargetUrl = PatchTargetUrl;
  Options.AnnotationsDir = AnnotationsDir;
  Options.RulesPath = RulesPath;
  Options.CacheDir = CacheDir;
  Options.NoCache = NoCache;
  Options.Limits = {Jobs, TUTimeout};
  Options.Quiet = Quiet;
  auto Status = tool::runPatchMode(Options, outs());
  if (!Status)
    return fail(Status.takeError());
  return *Status;
}

int runAnalyze() {
  if (FactsDirs.empty())
    return fail("analyze: missing --facts DIR");
  if (Error E = checkOutput())
    return fail(std::move(E));
  auto Annotations = tool::loadAnnotations(AnnotationsDir);
  if (!Annotations)
    return fail(Annotations.takeError());
  auto Rules = loadRules();
  if (!Rules)
    return fail(Rules.takeError());
  auto Triage = loadTriage(*Rules);
  if (!Triage)
    return fail(Triage.takeError());
  report::RunStats Stats;
  auto TUs = loadFactsDirs(Stats);
  if (!TUs)
    return fail(TUs.takeError());
  return writeReport(
      tool::analyzeFacts(std::move(*TUs), *Annotations, *Rules, EnabledCheckers, Stats), Stats,
      *Triage);
}

/// Parses the command line. llvm::cl prints some faults (an option's bad
/// value) straight to stderr, whatever stream it is given: stderr goes to a
/// temporary file meanwhile, so that Errors gets every fault and lockcheck
/// prints it in its own form.
bool parseCommandLine(int argc, char **argv, std::string &Errors) {
  raw_string_ostream ErrorStream(Errors);
  errs().flush();
  FILE *Captured = std::tmpfile();
  int Saved = Captured ? dup(STDERR_FILENO) : -1;
  if (Saved >= 0)
    dup2(fileno(Captured), STDERR_FILENO);
  bool Ok = cl::ParseCommandLineOptions(
      argc, argv, "lockcheck: locking contracts of the Linux kernel\n", &ErrorStream);
  errs().flush();
  if (Saved >= 0) {
    dup2(Saved, STDERR_FILENO);
    close(Saved);
    std::rewind(Captured);
    char Buffer[4096];
    for (size_t N; (N = std::fread(Buffer, 1, sizeof Buffer, Captured)) > 0;)
      Errors.append(Buffer, N);
  }
  if (Captured)
    std::fclose(Captured);
  return Ok;
}

} // namespace

int main(int argc, char **argv) {
  // A worker parses TUs for its parent and says nothing else: no stack dump
  // either, its parent reports its death.
  if ((argc == 3 || argc == 4) && StringRef(argv[1]) == tool::WorkerArgument)
    return tool::runExtractionWorker(argv[2], argc == 4 ? argv[3] : "");
  InitLLVM Init(argc, argv);
  cl::HideUnrelatedOptions(Category);
  std::string ParseErrors;
  if (!parseCommandLine(argc, argv, ParseErrors)) {
    // llvm::cl says "prog: Unknown command line argument '--x'.  Try: ...";
    // keep the fault alone, in lockcheck's style.
    StringRef First = StringRef(ParseErrors).trim().split('\n').first.trim();
    First = First.substr(First.find(": ") == StringRef::npos ? 0 : First.find(": ") + 2);
    First = First.split(".  Try:").first.rtrim(".!");
    std::string Message = First.empty() ? "bad command line" : First.str();
    Message[0] = toLower(Message[0]);
    return fail(Message);
  }
  if (ListCheckers) {
    for (const checkers::CheckerInfo &C : checkers::registeredCheckers())
      outs() << C.Name << "\t" << C.Description
             << (C.OnByDefault ? "" : " (off by default: --checkers)") << "\n";
    return ExitClean;
  }
  for (const std::string &Name : EnabledCheckers)
    if (llvm::none_of(checkers::registeredCheckers(),
                      [&](const checkers::CheckerInfo &C) { return Name == C.Name; }))
      return fail("unknown checker '" + Name + "' (see --list-checkers)");
  if (CheckCmd)
    return runCheck();
  if (ExtractCmd)
    return runExtract();
  if (AnalyzeCmd)
    return runAnalyze();
  if (PathsCmd)
    return runPaths();
  if (BaselineCmd)
    return runBaseline();
  if (GraphCmd)
    return runGraph();
  if (InferCmd)
    return runInferContracts();
  if (PatchCmd)
    return runPatch();
  return fail("missing subcommand: check, extract, analyze, baseline, paths, graph, "
              "infer-contracts or patch (see --help)");
}
