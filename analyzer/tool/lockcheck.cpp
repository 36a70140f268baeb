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
// Here: main, the command line and the pipeline commands (check, extract,
// analyze). The options are in Options.cpp, the steps the commands share in
// CommandSupport.cpp, the reviewers' commands in QueryCommands.cpp.
//
//===----------------------------------------------------------------------===//
#include "checkers/Checker.h"
#include "facts/ShardManifest.h"
#include "report/TextReport.h"
#include "support/AnalysisProcess.h"
#include "support/AtomicFile.h"
#include "support/HeapPrefault.h"
#include "support/RootPaths.h"
#include "tool/CommandSupport.h"
#include "tool/ExtractionWorkers.h"
#include "tool/Options.h"
#include "tool/Pipeline.h"
#include "tool/QueryCommands.h"
#include "tool/ShardPlan.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <map>
#include <unistd.h>

using namespace llvm;
using namespace lockcheck;
using namespace lockcheck::tool::cli;

namespace {

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
  lockcheck::support::restartForAnalysis(argv);
#ifdef __GLIBC__
  // analyze grows its heap to a gigabyte and a half in small blocks, and glibc
  // extends a heap 128 KiB at a time: a system call and page-table update
  // each, a fifth of analyze's system time. Extend it 64 MiB at a time;
  // pages are backed when first touched, or by the prefaulter below.
  mallopt(M_TOP_PAD, 64 << 20);
#endif
  // A worker parses TUs for its parent and says nothing else: no stack dump
  // either, its parent reports its death.
  if ((argc == 3 || argc == 4) && StringRef(argv[1]) == tool::WorkerArgument)
    return tool::runExtractionWorker(argv[2], argc == 4 ? argv[3] : "");
  InitLLVM Init(argc, argv);
  lockcheck::support::removeTemporariesOnInterrupt();
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
  // Every command but extract builds the summaries in this process, on the
  // main thread where its stack allows (support::runWithAnalysisStack).
  std::optional<lockcheck::support::HeapPrefaulter> Prefault;
  if (!ExtractCmd)
    Prefault.emplace();
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
