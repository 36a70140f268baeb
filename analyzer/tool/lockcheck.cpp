//===- tool/lockcheck.cpp - The lockcheck command -------------------------===//
//
//   lockcheck check    -p BUILD_DIR [--format text|json|sarif|html] [-o FILE|DIR] [PATH...]
//   lockcheck extract  -p BUILD_DIR --facts DIR [PATH...]
//   lockcheck extract  --facts DIR -- COMPILER-ARGS... FILE.c   (Kbuild CHECK=)
//   lockcheck analyze  --facts DIR [--format text|json|sarif|html] [-o FILE|DIR]
//   lockcheck baseline (-p BUILD_DIR [PATH...] | --facts DIR) -o FILE
//   lockcheck paths    (-p BUILD_DIR [PATH...] | --facts DIR) --from FUNC --to FUNC
//   lockcheck graph    (-p BUILD_DIR [PATH...] | --facts DIR) --from FUNC [--to FUNC]
//   check, analyze: [--baseline FILE] [--suppressions FILE] [--show-suppressed]
//   check, extract, baseline, paths, graph: [--cache-dir DIR | --no-cache]
//   lockcheck --list-checkers
//
// Exit status: 0 no findings, 1 findings (with a baseline: new findings), 2 bad
// usage or input, 3 some TUs failed (the others' findings are reported).
//
//===----------------------------------------------------------------------===//
#include "checkers/Checker.h"
#include "facts/FactsJson.h"
#include "report/Baseline.h"
#include "report/HtmlReport.h"
#include "report/JsonReport.h"
#include "report/SarifReport.h"
#include "report/Suppressions.h"
#include "report/TextReport.h"
#include "support/AtomicFile.h"
#include "support/ErrorMessage.h"
#include "tool/ExtractionWorkers.h"
#include "tool/GraphCommand.h"
#include "tool/Pipeline.h"
#include "tool/Progress.h"

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
cl::SubCommand GraphCmd("graph", "Export the call/lock graph of a function as Graphviz DOT");

cl::opt<std::string> BuildDir("p", cl::desc("Build directory holding compile_commands.json"),
                              cl::value_desc("BUILD_DIR"), cl::sub(CheckCmd),
                              cl::sub(ExtractCmd), cl::sub(PathsCmd), cl::sub(BaselineCmd),
                              cl::sub(GraphCmd), cl::cat(Category));
cl::opt<std::string> FactsDir("facts", cl::desc("Directory of per-TU facts"),
                              cl::value_desc("DIR"), cl::sub(ExtractCmd), cl::sub(AnalyzeCmd),
                              cl::sub(PathsCmd), cl::sub(BaselineCmd), cl::sub(GraphCmd),
                              cl::cat(Category));
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
                                cl::sub(BaselineCmd), cl::sub(GraphCmd), cl::cat(Category));
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
                                    cl::sub(GraphCmd), cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("Print neither progress nor summary"), cl::sub(CheckCmd),
                    cl::sub(ExtractCmd), cl::sub(AnalyzeCmd), cl::sub(BaselineCmd),
                    cl::sub(PathsCmd), cl::sub(GraphCmd), cl::cat(Category));
cl::list<std::string> CheckPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(CheckCmd));
cl::list<std::string> BaselinePaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(BaselineCmd));
cl::list<std::string> ExtractArgs(cl::Positional, cl::desc("[PATH...] | -- COMPILER-ARGS..."),
                                  cl::sub(ExtractCmd));
cl::opt<std::string> CacheDir("cache-dir",
                              cl::desc("Facts cache folder (default with -p: "
                                       "BUILD_DIR/.lockcheck-cache; without -p: none)"),
                              cl::value_desc("DIR"), cl::sub(CheckCmd), cl::sub(ExtractCmd),
                              cl::sub(PathsCmd), cl::sub(BaselineCmd), cl::sub(GraphCmd),
                              cl::cat(Category));
cl::opt<bool> NoCache("no-cache", cl::desc("Parse every TU; neither read nor write the cache"),
                      cl::sub(CheckCmd), cl::sub(ExtractCmd), cl::sub(PathsCmd),
                      cl::sub(BaselineCmd), cl::sub(GraphCmd), cl::cat(Category));
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
};

Expected<Triage> loadTriage() {
  std::vector<std::string> KnownIds;
  for (const report::RuleDescriptor &R : tool::ruleDescriptors())
    KnownIds.push_back(R.Id);
  Triage T{report::Suppressions(std::move(KnownIds)), std::nullopt};
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
                         const report::RunStats &Stats) {
  if (Format == OutputFormat::Json)
    return report::writeJson(Findings, Stats, Suppressed);
  if (Format == OutputFormat::Sarif) {
    SmallString<256> Cwd;
    if (sys::fs::current_path(Cwd))
      Cwd.clear();
    return report::writeSarif(Findings, Suppressed, Stats,
                              {tool::toolVersion(), tool::ruleDescriptors(), std::string(Cwd)});
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
  } else if (Error E = writeOutput(formatReport(Findings, Suppressed, Stats))) {
    return fail(std::move(E));
  }
  if (!Quiet)
    report::writeSummary(errs(), Stats, Findings.size());
  return completeOr(Stats, Findings.empty() ? ExitClean : ExitFindings);
}

/// The facts cache the options ask for, or null: --no-cache wins over
/// --cache-dir; without either, BUILD_DIR/.lockcheck-cache when -p is given.
std::unique_ptr<facts::FactsCache> openCache() {
  if (NoCache)
    return nullptr;
  SmallString<256> Dir = StringRef(CacheDir);
  if (Dir.empty()) {
    if (BuildDir.empty())
      return nullptr;
    Dir = StringRef(BuildDir);
    sys::path::append(Dir, ".lockcheck-cache");
  }
  return std::make_unique<facts::FactsCache>(std::string(Dir), tool::cacheBuildId());
}

/// Extracts Commands on -j jobs, through the cache the options ask for, showing
/// progress on stderr unless --quiet: a single TU (Kbuild's CHECK hook) needs
/// none.
template <typename ExtractFn>
void extractShowingProgress(const std::vector<frontend::TUCommand> &Commands,
                            ExtractFn Extract) {
  std::optional<tool::ExtractionProgress> Progress;
  if (!Quiet && Commands.size() > 1)
    Progress.emplace(errs(),
                     errs().is_displayed() ? tool::ExtractionProgress::Style::Terminal
                                           : tool::ExtractionProgress::Style::Lines,
                     Commands.size());
  std::unique_ptr<facts::FactsCache> Cache = openCache();
  Extract(Cache.get(), [&] {
    if (Progress)
      Progress->tuDone();
  });
  if (Progress)
    Progress->finish();
}

/// The facts of Commands, in command order (failed TUs counted in Stats).
std::vector<facts::TUFacts> extractFacts(const std::vector<frontend::TUCommand> &Commands,
                                         report::RunStats &Stats) {
  std::vector<facts::TUFacts> TUs;
  extractShowingProgress(Commands, [&](facts::FactsCache *Cache, function_ref<void()> OnTUDone) {
    TUs = tool::extractAll(Commands, Jobs, Cache, Stats, OnTUDone);
  });
  return TUs;
}

Expected<std::vector<frontend::TUCommand>> commandsFromBuildDir(ArrayRef<std::string> Paths) {
  auto All = frontend::loadCompileCommands(BuildDir);
  if (!All)
    return All.takeError();
  return tool::selectCommands(std::move(*All), Paths.vec());
}

int runCheck() {
  if (BuildDir.empty())
    return fail("check: missing -p BUILD_DIR");
  if (Error E = checkOutput())
    return fail(std::move(E));
  auto Annotations = tool::loadAnnotations(AnnotationsDir);
  if (!Annotations)
    return fail(Annotations.takeError());
  auto Commands = commandsFromBuildDir(CheckPaths);
  if (!Commands)
    return fail(Commands.takeError());
  auto Triage = loadTriage();
  if (!Triage)
    return fail(Triage.takeError());
  report::RunStats Stats;
  std::vector<facts::TUFacts> TUs = extractFacts(*Commands, Stats);
  return writeReport(tool::analyzeFacts(std::move(TUs), *Annotations, Stats), Stats, *Triage);
}

int runExtract() {
  if (FactsDir.empty())
    return fail("extract: missing --facts DIR");
  std::vector<frontend::TUCommand> Commands;
  if (BuildDir.empty()) {
    // Kbuild's CHECK hook: the compiler's flags and the source file.
    auto Cmd = frontend::commandFromCheckArgs(ExtractArgs);
    if (!Cmd)
      return fail(Cmd.takeError());
    Commands.push_back(std::move(*Cmd));
  } else {
    auto Selected = commandsFromBuildDir(ExtractArgs);
    if (!Selected)
      return fail(Selected.takeError());
    Commands = std::move(*Selected);
  }
  report::RunStats Stats;
  Error WriteError = Error::success();
  // The facts arrive serialized (from the cache, or on the worker threads):
  // writing them is all that is left to do here, one TU at a time.
  auto WriteFacts = [&](size_t, tool::ExtractedFacts TU) {
    if (WriteError)
      return;
    SmallString<256> Path = StringRef(FactsDir);
    sys::path::append(Path, tool::factsFileName(TU.MainFile));
    WriteError = lockcheck::support::writeFileAtomically(Path, TU.Json);
  };
  extractShowingProgress(Commands, [&](facts::FactsCache *Cache, function_ref<void()> OnTUDone) {
    tool::extractEach(Commands, Jobs, Cache, tool::Handover::Json, Stats, WriteFacts,
                      OnTUDone);
  });
  if (WriteError)
    return fail(std::move(WriteError));
  for (const auto &[File, Error] : Stats.FailedTUs)
    WithColor::error(errs(), "lockcheck") << Error << "\n";
  if (!Quiet) {
    errs() << "lockcheck: wrote facts of " << Stats.TUsAnalyzed << " TUs to " << FactsDir << ", "
           << Stats.FailedTUs.size() << " failed\n";
    report::writeCacheSummary(errs(), Stats);
  }
  return completeOr(Stats, ExitClean);
}

/// Reads every *.facts.json of --facts, in name order. An unreadable file is
/// named on stderr and counted as a failed TU; the others are used. Files are
/// parsed in parallel (-j, default all cores), then taken in name order, so
/// the result is the same for any number of jobs.
Expected<std::vector<facts::TUFacts>> loadFactsDir(report::RunStats &Stats) {
  if (!sys::fs::is_directory(FactsDir))
    return createStringError(FactsDir + ": not a directory");
  std::vector<std::string> Files;
  std::error_code EC;
  for (sys::fs::directory_iterator It(FactsDir, EC), End; It != End && !EC; It.increment(EC))
    if (StringRef(It->path()).ends_with(".facts.json"))
      Files.push_back(It->path());
  if (EC)
    return createStringError(FactsDir + ": " + EC.message());
  std::sort(Files.begin(), Files.end());
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
  if (BuildDir.empty() == FactsDir.empty())
    return createStringError(Command + ": give either -p BUILD_DIR or --facts DIR");
  auto Annotations = tool::loadAnnotations(AnnotationsDir);
  if (!Annotations)
    return Annotations.takeError();
  if (!FactsDir.empty()) {
    auto TUs = loadFactsDir(Stats);
    if (!TUs)
      return TUs.takeError();
    return Program{std::move(*Annotations), std::move(*TUs)};
  }
  auto Commands = commandsFromBuildDir(Paths);
  if (!Commands)
    return Commands.takeError();
  return Program{std::move(*Annotations), extractFacts(*Commands, Stats)};
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
  report::RunStats Stats;
  auto Loaded = loadProgram("baseline", BaselinePaths, Stats);
  if (!Loaded)
    return fail(Loaded.takeError());
  std::vector<report::Finding> Findings =
      tool::analyzeFacts(std::move(Loaded->TUs), Loaded->Annotations, Stats);
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

int runAnalyze() {
  if (FactsDir.empty())
    return fail("analyze: missing --facts DIR");
  if (Error E = checkOutput())
    return fail(std::move(E));
  auto Annotations = tool::loadAnnotations(AnnotationsDir);
  if (!Annotations)
    return fail(Annotations.takeError());
  auto Triage = loadTriage();
  if (!Triage)
    return fail(Triage.takeError());
  report::RunStats Stats;
  auto TUs = loadFactsDir(Stats);
  if (!TUs)
    return fail(TUs.takeError());
  return writeReport(tool::analyzeFacts(std::move(*TUs), *Annotations, Stats), Stats, *Triage);
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
  if (argc == 3 && StringRef(argv[1]) == tool::WorkerArgument)
    return tool::runExtractionWorker(argv[2]);
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
      outs() << C.Name << "\t" << C.Description << "\n";
    return ExitClean;
  }
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
  return fail("missing subcommand: check, extract, analyze, baseline, paths or graph (see --help)");
}
