//===- tool/lockcheck.cpp - The lockcheck command -------------------------===//
//
//   lockcheck check   -p BUILD_DIR [--format text|json] [-o FILE] [PATH...]
//   lockcheck extract -p BUILD_DIR --facts DIR [PATH...]
//   lockcheck extract --facts DIR -- COMPILER-ARGS... FILE.c   (Kbuild CHECK=)
//   lockcheck analyze --facts DIR [--format text|json] [-o FILE]
//   lockcheck paths   (-p BUILD_DIR [PATH...] | --facts DIR) --from FUNC --to FUNC
//   check, extract, paths: [--cache-dir DIR | --no-cache]
//   lockcheck --list-checkers
//
// Exit status: 0 no findings, 1 findings, 2 bad usage or input.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checker.h"
#include "facts/FactsJson.h"
#include "report/JsonReport.h"
#include "report/TextReport.h"
#include "support/AtomicFile.h"
#include "tool/Pipeline.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace llvm;
using namespace lockcheck;

namespace {

enum ExitStatus { ExitClean = 0, ExitFindings = 1, ExitError = 2 };
enum class OutputFormat { Text, Json };

cl::OptionCategory Category("lockcheck options");
cl::SubCommand CheckCmd("check", "Extract and analyze the TUs of a compile database");
cl::SubCommand ExtractCmd("extract", "Write per-TU facts to a directory");
cl::SubCommand AnalyzeCmd("analyze", "Analyze a directory of facts");
cl::SubCommand PathsCmd("paths", "Show the call paths between two functions and what is held");

cl::opt<std::string> BuildDir("p", cl::desc("Build directory holding compile_commands.json"),
                              cl::value_desc("BUILD_DIR"), cl::sub(CheckCmd),
                              cl::sub(ExtractCmd), cl::sub(PathsCmd), cl::cat(Category));
cl::opt<std::string> FactsDir("facts", cl::desc("Directory of per-TU facts"),
                              cl::value_desc("DIR"), cl::sub(ExtractCmd), cl::sub(AnalyzeCmd),
                              cl::sub(PathsCmd), cl::cat(Category));
cl::opt<OutputFormat> Format("format", cl::desc("Output format"),
                             cl::values(clEnumValN(OutputFormat::Text, "text", "clang-style text"),
                                        clEnumValN(OutputFormat::Json, "json", "JSON")),
                             cl::init(OutputFormat::Text), cl::sub(CheckCmd),
                             cl::sub(AnalyzeCmd), cl::cat(Category));
cl::opt<std::string> OutputFile("o", cl::desc("Write the report to FILE"),
                                cl::value_desc("FILE"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Parallel extraction jobs (default: all cores)"),
                       cl::init(0), cl::Prefix, cl::sub(CheckCmd), cl::sub(ExtractCmd), cl::sub(PathsCmd),
                       cl::cat(Category));
cl::opt<std::string> FromFunction("from", cl::desc("Function the paths start from"),
                                  cl::value_desc("FUNC"), cl::sub(PathsCmd), cl::cat(Category));
cl::opt<std::string> ToFunction("to", cl::desc("Function the paths end in"),
                                cl::value_desc("FUNC"), cl::sub(PathsCmd), cl::cat(Category));
cl::opt<unsigned> MaxPaths("max-paths", cl::desc("Most paths to show (default 10)"), cl::init(10),
                           cl::sub(PathsCmd), cl::cat(Category));
cl::list<std::string> PathsPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(PathsCmd));
cl::opt<std::string> AnnotationsDir("annotations",
                                    cl::desc("Annotation file or directory (default: shipped)"),
                                    cl::value_desc("PATH"), cl::sub(CheckCmd),
                                    cl::sub(AnalyzeCmd), cl::sub(PathsCmd), cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("Do not print the summary"), cl::sub(CheckCmd),
                    cl::sub(ExtractCmd), cl::sub(AnalyzeCmd), cl::cat(Category));
cl::list<std::string> CheckPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(CheckCmd));
cl::list<std::string> ExtractArgs(cl::Positional, cl::desc("[PATH...] | -- COMPILER-ARGS..."),
                                  cl::sub(ExtractCmd));
cl::opt<std::string> CacheDir("cache-dir",
                              cl::desc("Facts cache folder (default with -p: "
                                       "BUILD_DIR/.lockcheck-cache; without -p: none)"),
                              cl::value_desc("DIR"), cl::sub(CheckCmd), cl::sub(ExtractCmd),
                              cl::sub(PathsCmd), cl::cat(Category));
cl::opt<bool> NoCache("no-cache", cl::desc("Parse every TU; neither read nor write the cache"),
                      cl::sub(CheckCmd), cl::sub(ExtractCmd), cl::sub(PathsCmd),
                      cl::cat(Category));
cl::opt<bool> ListCheckers("list-checkers", cl::desc("List the checkers and exit"),
                           cl::cat(Category));

int fail(const Twine &Message) {
  WithColor::error(errs(), "lockcheck") << Message << "\n";
  return ExitError;
}

int fail(Error E) {
  std::string Message = toString(std::move(E));
  return fail(Message);
}

int writeReport(std::vector<report::Finding> Findings, const report::RunStats &Stats) {
  tool::relativizePaths(Findings);
  std::string Text;
  if (Format == OutputFormat::Json) {
    Text = report::writeJson(Findings, Stats);
  } else {
    raw_string_ostream OS(Text);
    report::writeText(OS, Findings);
  }
  if (OutputFile.empty() || OutputFile == "-")
    outs() << Text;
  else if (Error E = lockcheck::support::writeFileAtomically(OutputFile, Text))
    return fail(std::move(E));
  if (!Quiet)
    report::writeSummary(errs(), Stats, Findings.size());
  return Findings.empty() ? ExitClean : ExitFindings;
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

Expected<std::vector<frontend::TUCommand>> commandsFromBuildDir(ArrayRef<std::string> Paths) {
  auto All = frontend::loadCompileCommands(BuildDir);
  if (!All)
    return All.takeError();
  return tool::selectCommands(std::move(*All), Paths.vec());
}

int runCheck() {
  if (BuildDir.empty())
    return fail("check: missing -p BUILD_DIR");
  auto Annotations = tool::loadAnnotations(AnnotationsDir);
  if (!Annotations)
    return fail(Annotations.takeError());
  auto Commands = commandsFromBuildDir(CheckPaths);
  if (!Commands)
    return fail(Commands.takeError());
  report::RunStats Stats;
  std::unique_ptr<facts::FactsCache> Cache = openCache();
  std::vector<facts::TUFacts> TUs = tool::extractAll(*Commands, Jobs, Cache.get(), Stats);
  return writeReport(tool::analyzeFacts(std::move(TUs), *Annotations, Stats), Stats);
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
  std::unique_ptr<facts::FactsCache> Cache = openCache();
  Error WriteError = Error::success();
  // The facts arrive serialized (from the cache, or on the worker threads):
  // writing them is all that is left to do here, one TU at a time.
  tool::extractEach(Commands, Jobs, Cache.get(), /*WantJson=*/true, Stats,
                    [&](size_t, tool::ExtractedFacts TU) {
                      if (WriteError)
                        return;
                      SmallString<256> Path = StringRef(FactsDir);
                      sys::path::append(Path, tool::factsFileName(TU.Facts.MainFile));
                      WriteError = lockcheck::support::writeFileAtomically(Path, TU.Json);
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
  return Stats.FailedTUs.empty() ? ExitClean : ExitError;
}

/// Reads every *.facts.json of --facts, in name order. An unreadable file is
/// named on stderr and counted as a failed TU; the others are used.
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
  std::vector<facts::TUFacts> TUs;
  for (const std::string &F : Files) {
    auto TU = facts::readFactsFile(F);
    if (!TU) {
      std::string Message = toString(TU.takeError());
      WithColor::error(errs(), "lockcheck") << Message << "\n";
      Stats.FailedTUs.push_back({F, Message});
      continue;
    }
    TUs.push_back(std::move(*TU));
    ++Stats.TUsAnalyzed;
  }
  return TUs;
}

int runPaths() {
  if (BuildDir.empty() == FactsDir.empty())
    return fail("paths: give either -p BUILD_DIR or --facts DIR");
  if (FromFunction.empty() || ToFunction.empty())
    return fail("paths: missing --from FUNC or --to FUNC");
  auto Annotations = tool::loadAnnotations(AnnotationsDir);
  if (!Annotations)
    return fail(Annotations.takeError());
  report::RunStats Stats;
  std::vector<facts::TUFacts> TUs;
  if (!FactsDir.empty()) {
    auto Loaded = loadFactsDir(Stats);
    if (!Loaded)
      return fail(Loaded.takeError());
    TUs = std::move(*Loaded);
  } else {
    auto Commands = commandsFromBuildDir(PathsPaths);
    if (!Commands)
      return fail(Commands.takeError());
    std::unique_ptr<facts::FactsCache> Cache = openCache();
    TUs = tool::extractAll(*Commands, Jobs, Cache.get(), Stats);
    // paths prints no summary; a cache that cannot be written is still said.
    if (Stats.CacheWriteFailures)
      WithColor::warning(errs(), "lockcheck")
          << Stats.CacheWriteFailures
          << " cache entries not written: " << Stats.FirstCacheWriteError << "\n";
  }
  for (const auto &[File, Error] : Stats.FailedTUs)
    errs() << "lockcheck: skipped " << File << ": " << Error << "\n";
  auto Text = tool::queryPaths(std::move(TUs), *Annotations, FromFunction, ToFunction, MaxPaths);
  if (!Text)
    return fail(Text.takeError());
  outs() << *Text;
  return ExitClean;
}

int runAnalyze() {
  if (FactsDir.empty())
    return fail("analyze: missing --facts DIR");
  auto Annotations = tool::loadAnnotations(AnnotationsDir);
  if (!Annotations)
    return fail(Annotations.takeError());
  report::RunStats Stats;
  auto TUs = loadFactsDir(Stats);
  if (!TUs)
    return fail(TUs.takeError());
  return writeReport(tool::analyzeFacts(std::move(*TUs), *Annotations, Stats), Stats);
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM Init(argc, argv);
  cl::HideUnrelatedOptions(Category);
  std::string ParseErrors;
  raw_string_ostream ErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(argc, argv, "lockcheck: locking contracts of the Linux kernel\n",
                                   &ErrorStream)) {
    // llvm::cl says "prog: Unknown command line argument '--x'.  Try: ...";
    // keep the fault alone, in lockcheck's style.
    // Option-value faults are printed by llvm::cl itself, on one line.
    if (StringRef(ParseErrors).trim().empty())
      return ExitError;
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
  return fail("missing subcommand: check, extract or analyze (see --help)");
}
