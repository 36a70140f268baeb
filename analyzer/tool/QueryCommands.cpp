//===- tool/QueryCommands.cpp - lockcheck paths, graph, baseline, ... -----===//
#include "tool/QueryCommands.h"

#include "report/Baseline.h"
#include "report/TextReport.h"
#include "support/AtomicFile.h"
#include "tool/CommandSupport.h"
#include "tool/GraphCommand.h"
#include "tool/InferContracts.h"
#include "tool/Options.h"
#include "tool/PatchMode.h"
#include "tool/Pipeline.h"

#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace lockcheck::tool::cli {

namespace {

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

} // namespace

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

} // namespace lockcheck::tool::cli
