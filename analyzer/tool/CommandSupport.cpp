//===- tool/CommandSupport.cpp - What the lockcheck commands share --------===//
#include "tool/CommandSupport.h"

#include "facts/FactsJson.h"
#include "facts/ShardManifest.h"
#include "report/HtmlReport.h"
#include "report/JsonReport.h"
#include "report/TextReport.h"
#include "support/AtomicFile.h"
#include "support/ErrorMessage.h"
#include "tool/Options.h"
#include "tool/Pipeline.h"
#include "tool/Progress.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace lockcheck::tool::cli {

int completeOr(const report::RunStats &Stats, int Status) {
  return Stats.FailedTUs.empty() ? Status : ExitIncomplete;
}

int fail(const Twine &Message) {
  WithColor::error(errs(), "lockcheck") << Message << "\n";
  return ExitError;
}

int fail(Error E) {
  std::string Message = lockcheck::support::errorMessage(std::move(E));
  return fail(Message);
}

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

void extractShowingProgress(
    const std::vector<frontend::TUCommand> &Commands, StringRef Root,
    function_ref<void(facts::FactsCache *, function_ref<void()>)> Extract) {
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

} // namespace lockcheck::tool::cli
