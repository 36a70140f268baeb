//===- tool/Pipeline.cpp - The stages of a run, for the subcommands -------===//
#include "tool/Pipeline.h"

#include "analysis/PathQuery.h"
#include "analysis/SummaryEngine.h"
#include "checkers/Checker.h"
#include "facts/FactsJson.h"
#include "graph/ProgramGraph.h"
#include "report/Fingerprint.h"
#include "support/AnalysisProcess.h"
#include "support/ErrorMessage.h"
#include "support/RootPaths.h"
#include "tool/ExtractionWorkers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/Errc.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/xxhash.h"

#include <mutex>

#ifndef LOCKCHECK_DATA_DIR
#error "LOCKCHECK_DATA_DIR must name the folder holding annotations/ and rules/"
#endif
#ifndef LOCKCHECK_VERSION
#error "LOCKCHECK_VERSION must name lockcheck's version"
#endif
#ifndef LOCKCHECK_BUILD_ID
#error "LOCKCHECK_BUILD_ID must name the build for the facts cache"
#endif

namespace lockcheck::tool {

static std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> Abs = Path;
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

using support::isUnder;

std::string relativeToCwd(llvm::StringRef File);

llvm::Expected<std::vector<frontend::TUCommand>>
selectCommands(std::vector<frontend::TUCommand> All, const std::vector<std::string> &Paths) {
  if (Paths.empty())
    return All;
  std::vector<std::string> Wanted;
  for (const std::string &P : Paths) {
    if (!llvm::sys::fs::exists(P))
      return llvm::createFileError(P, llvm::make_error_code(llvm::errc::no_such_file_or_directory));
    Wanted.push_back(absolute(P));
  }
  std::vector<frontend::TUCommand> Out;
  std::vector<bool> Used(Wanted.size(), false);
  for (frontend::TUCommand &C : All) {
    bool Selected = false;
    for (size_t I = 0; I < Wanted.size(); ++I)
      if (isUnder(C.File, Wanted[I]))
        Selected = Used[I] = true;
    if (Selected)
      Out.push_back(std::move(C));
  }
  for (size_t I = 0; I < Wanted.size(); ++I)
    if (!Used[I])
      return llvm::createFileError(Paths[I], llvm::createStringError(
                                                 "no compile command for a file under it"));
  return Out;
}

std::string cacheBuildId() {
  return std::string("lockcheck ") + LOCKCHECK_BUILD_ID + " facts-" +
         std::to_string(facts::FactsFormatVersion);
}

std::string treeRoot(const std::vector<frontend::TUCommand> &All, llvm::StringRef BuildDir) {
  std::vector<std::string> Paths{absolute(BuildDir)};
  for (const frontend::TUCommand &C : All) {
    Paths.push_back(C.File);
    Paths.push_back(absolute(C.Directory));
  }
  return support::commonAncestor(Paths);
}

facts::CacheKey cacheKey(const frontend::TUCommand &Cmd, llvm::StringRef Root) {
  facts::CacheKey Key{support::relativeToRoot(Cmd.File, Root),
                      support::relativeToRoot(absolute(Cmd.Directory), Root), {}};
  for (const std::string &A : Cmd.Args)
    Key.Args.push_back(support::withRootPlaceholder(A, Root));
  return Key;
}

void extractEach(const std::vector<frontend::TUCommand> &Commands, const ExtractionLimits &Limits,
                 facts::FactsCache *Cache, Handover Form, report::RunStats &Stats,
                 llvm::function_ref<void(size_t, ExtractedFacts)> Consume,
                 llvm::function_ref<void()> OnTUDone) {
  std::mutex M;
  std::vector<std::string> Errors(Commands.size());
  // First the cache, on threads: what it cannot vouch for is parsed after.
  std::vector<char> Rejected(Commands.size(), false), Missed(Commands.size(), !Cache);
  if (Cache) {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Limits.Jobs));
    for (size_t I = 0; I < Commands.size(); ++I)
      Pool.async([&, I] {
        facts::FactsCache::LookupResult Found = Cache->lookup(cacheKey(Commands[I], Cache->root()));
        if (Found.Result != facts::FactsCache::Outcome::Hit) {
          Missed[I] = true;
          Rejected[I] = Found.Result == facts::FactsCache::Outcome::Rejected;
          return;
        }
        ExtractedFacts Out{Found.Facts->MainFile, {}, "", std::move(Found.Dependencies)};
        if (Form == Handover::Json)
          Out.Json = std::move(Found.FactsJson);
        else
          Out.Facts = std::move(*Found.Facts);
        std::lock_guard<std::mutex> Lock(M);
        ++Stats.CacheHits;
        ++Stats.TUsAnalyzed;
        Consume(I, std::move(Out));
        if (OnTUDone)
          OnTUDone();
      });
    Pool.wait();
  }
  std::vector<size_t> ToParse;
  for (size_t I = 0; I < Commands.size(); ++I)
    if (Missed[I])
      ToParse.push_back(I);
  // Parsed in worker processes, so that a TU that crashes Clang fails alone.
  extractInWorkers(Commands, ToParse, Limits, [&](size_t I, WorkerOutcome Outcome) {
    // What is written out need not be read: the worker wrote it whole (its
    // record's size says so) with this very build's writer.
    llvm::Expected<facts::TUFacts> TU =
        !Outcome.Error.empty()
            ? llvm::Expected<facts::TUFacts>(llvm::createStringError(Outcome.Error))
        : Form == Handover::Facts ? facts::readFactsJson(Outcome.FactsJson)
                                  : llvm::Expected<facts::TUFacts>(facts::TUFacts());
    // A TU that does not parse is not cached: it is tried again next time.
    llvm::Error StoreError = llvm::Error::success();
    if (TU && Cache && !Outcome.Dependencies.empty())
      StoreError = Cache->store(cacheKey(Commands[I], Cache->root()), Outcome.FactsJson,
                                Outcome.Dependencies);
    if (Form != Handover::Json)
      Outcome.FactsJson.clear();
    std::lock_guard<std::mutex> Lock(M);
    if (Cache) {
      ++Stats.CacheMisses;
      if (Rejected[I])
        ++Stats.CacheRejected;
    }
    if (StoreError) {
      std::string Message = llvm::toString(std::move(StoreError));
      if (Stats.CacheWriteFailures++ == 0)
        Stats.FirstCacheWriteError = Message;
    }
    if (TU) {
      ++Stats.TUsAnalyzed;
      Consume(I, ExtractedFacts{std::move(Outcome.MainFile), std::move(*TU),
                                std::move(Outcome.FactsJson), std::move(Outcome.Dependencies)});
    } else {
      Errors[I] = support::errorMessage(TU.takeError());
    }
    if (OnTUDone)
      OnTUDone();
  });
  for (size_t I = 0; I < Commands.size(); ++I)
    if (!Errors[I].empty())
      Stats.FailedTUs.push_back({Commands[I].File, Errors[I]});
}

std::vector<facts::TUFacts> extractAll(const std::vector<frontend::TUCommand> &Commands,
                                       const ExtractionLimits &Limits,
                                       facts::FactsCache *Cache,
                                       report::RunStats &Stats,
                                       llvm::function_ref<void()> OnTUDone) {
  std::vector<std::optional<facts::TUFacts>> Results(Commands.size());
  extractEach(
      Commands, Limits, Cache, Handover::Facts, Stats,
      [&](size_t I, ExtractedFacts TU) { Results[I] = std::move(TU.Facts); }, OnTUDone);
  std::vector<facts::TUFacts> Out;
  for (std::optional<facts::TUFacts> &TU : Results)
    if (TU)
      Out.push_back(std::move(*TU));
  return Out;
}

namespace {

class CollectingSink : public report::FindingSink {
public:
  void report(report::Finding F) override {
    std::lock_guard<std::mutex> Lock(M);
    Findings.push_back(std::move(F));
  }
  void count(const std::string &Reason) override {
    std::lock_guard<std::mutex> Lock(M);
    ++SetAside[Reason];
  }
  std::vector<report::Finding> Findings;
  std::map<std::string, unsigned> SetAside;

private:
  std::mutex M;
};

} // namespace

std::vector<report::Finding> analyzeFacts(std::vector<facts::TUFacts> TUs,
                                          const spec::Annotations &Annotations,
                                          const spec::Rules &Rules,
                                          llvm::ArrayRef<std::string> Enabled,
                                          report::RunStats &Stats,
                                          AnalysisLifetime Lifetime,
                                          const AnalysisHooks &Hooks) {
  // The graph and the summaries are a gigabyte in millions of small blocks,
  // and every caller exits once it has written the findings: as clang does
  // with -disable-free, they are left to the end of the process rather than
  // freed one by one, which took 6% of analyze on fs/ and mm/.
  auto GraphOwner = std::make_unique<graph::ProgramGraph>(std::move(TUs));
  graph::ProgramGraph &Graph = *GraphOwner;
  CollectingSink Sink;
  std::vector<std::unique_ptr<checkers::Checker>> Checkers;
  auto EngineOwner = std::make_unique<analysis::SummaryEngine>(Graph, Annotations);
  analysis::SummaryEngine &Engine = *EngineOwner;
  Engine.setRules(Rules);
  for (const checkers::CheckerInfo &Info : checkers::registeredCheckers()) {
    if (Enabled.empty() ? !Info.OnByDefault : !llvm::is_contained(Enabled, Info.Name))
      continue;
    Checkers.push_back(Info.Create(Sink));
    Checkers.back()->configure({&Rules});
    Engine.addListener(*Checkers.back());
  }
  if (Hooks.Listen)
    for (analysis::LockEventListener *L : Hooks.Listen(Graph))
      Engine.addListener(*L);
  // Summaries are demanded depth-first along call chains: a large stack keeps
  // deep kernel call chains from overflowing it.
  support::runWithAnalysisStack([&] { Engine.run(); });
  if (Hooks.Finished)
    Hooks.Finished(Graph, Engine.renderer());

  analysis::EngineStats ES = Engine.stats();
  Stats.Functions = static_cast<unsigned>(Graph.functionCount());
  // lockdep annotations are recorded beside the calls but are none.
  for (graph::FunctionId F = 0; F < Graph.functionCount(); ++F)
    Stats.CallSites += static_cast<unsigned>(
        llvm::count_if(Graph.fact(F).Calls, [](const facts::CallFact &C) {
          return C.Kind != facts::CalleeKind::LockdepAnnotation;
        }));
  Stats.IndirectResolved = ES.IndirectResolved;
  Stats.IndirectUnresolved = ES.IndirectUnresolved;
  Stats.OpsTables = static_cast<unsigned>(Graph.tableCount());
  Stats.LockClasses = ES.LockClasses;
  Stats.EntryPoints = static_cast<unsigned>(Graph.entryPoints().size());
  Stats.Summaries = ES.Summaries;
  Stats.UnknownLockObjects = ES.UnknownLockObjects;
  Stats.DuplicateDefinitions = Graph.linkStats().DuplicateDefinitions;

  Stats.SetAside = std::move(Sink.SetAside);
  std::vector<report::Finding> Findings = std::move(Sink.Findings);
  size_t Before = Findings.size();
  report::sortAndDeduplicate(Findings);
  Stats.DuplicateFindings = static_cast<unsigned>(Before - Findings.size());
  report::assignFingerprints(Findings);
  if (Lifetime == AnalysisLifetime::UntilExit) {
    llvm::BuryPointer(std::move(EngineOwner));
    llvm::BuryPointer(std::move(GraphOwner));
  }
  return Findings;
}

static std::optional<graph::FunctionId> findFunction(const graph::ProgramGraph &Graph,
                                                     llvm::StringRef Name) {
  // An extern function of that name, else the first static one.
  if (std::optional<graph::FunctionId> F = Graph.resolveFunction(0, Name))
    return F;
  for (graph::FunctionId F = 0; F < Graph.functionCount(); ++F)
    if (Graph.name(F) == Name)
      return F;
  return std::nullopt;
}

llvm::Error runPathQuery(std::vector<facts::TUFacts> TUs, const spec::Annotations &Annotations,
                         llvm::StringRef From, llvm::StringRef To,
                         llvm::function_ref<void(const graph::ProgramGraph &,
                                                 const analysis::PathQuery &,
                                                 const analysis::PathRenderer &)>
                             Use) {
  if (TUs.empty())
    return llvm::createStringError("no TU to search");
  graph::ProgramGraph Graph(std::move(TUs));
  std::optional<graph::FunctionId> FromId = findFunction(Graph, From);
  std::optional<graph::FunctionId> ToId =
      To.empty() ? std::optional(analysis::NoFunction) : findFunction(Graph, To);
  if (!FromId)
    return llvm::createStringError("no function '" + From.str() + "' in the analyzed TUs");
  if (!ToId)
    return llvm::createStringError("no function '" + To.str() + "' in the analyzed TUs");
  analysis::SummaryEngine Engine(Graph, Annotations);
  analysis::PathQuery Query(*FromId, *ToId);
  Engine.addListener(Query);
  support::runWithAnalysisStack([&] { Engine.runFrom(*FromId); });
  Use(Graph, Query, Engine.renderer());
  return llvm::Error::success();
}

llvm::Expected<std::string> queryPaths(std::vector<facts::TUFacts> TUs,
                                       const spec::Annotations &Annotations,
                                       llvm::StringRef From, llvm::StringRef To,
                                       size_t MaxPaths) {
  std::vector<std::vector<analysis::QueryStep>> Paths;
  if (llvm::Error E = runPathQuery(std::move(TUs), Annotations, From, To,
                                   [&](const graph::ProgramGraph &, const analysis::PathQuery &Q,
                                       const analysis::PathRenderer &R) {
                                     Paths = Q.paths(R, MaxPaths);
                                   }))
    return E;
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  unsigned N = 0;
  for (const std::vector<analysis::QueryStep> &Path : Paths) {
    OS << "path " << ++N << ": " << From << " -> " << To << "\n";
    for (const analysis::QueryStep &S : Path) {
      OS << "  " << relativeToCwd(S.Step.File) << ":" << S.Step.Line << ":" << S.Step.Column
         << ": " << S.Step.Detail;
      if (S.Step.Kind != "entry") {
        OS << "  [held: ";
        if (S.Held.empty())
          OS << "nothing";
        for (size_t I = 0; I < S.Held.size(); ++I)
          OS << (I ? ", " : "") << S.Held[I].Lock << " (" << relativeToCwd(S.Held[I].TakenAt.File)
             << ":" << S.Held[I].TakenAt.Line << ")";
        OS << "]";
      }
      OS << "\n";
    }
  }
  if (Paths.empty())
    OS << "no path from '" << From << "' to '" << To << "'\n";
  return Text;
}

std::string toolVersion() { return LOCKCHECK_VERSION; }

std::vector<report::RuleDescriptor> ruleDescriptors(const spec::Rules *Contracts) {
  std::vector<report::RuleDescriptor> Rules;
  for (const checkers::CheckerInfo &C : checkers::registeredCheckers())
    Rules.push_back({C.Name, C.Description, C.Citation, C.HelpUri});
  if (Contracts)
    for (const spec::Rule &R : Contracts->all())
      Rules.push_back({R.Id, R.Title, R.Citation, ""});
  return Rules;
}

llvm::Expected<spec::Annotations> loadAnnotations(llvm::StringRef Dir) {
  spec::Annotations A;
  llvm::SmallString<256> Path = Dir;
  if (Path.empty()) {
    Path = LOCKCHECK_DATA_DIR;
    llvm::sys::path::append(Path, "annotations");
  }
  if (!llvm::sys::fs::is_directory(Path)) {
    if (llvm::Error E = A.loadFile(Path))
      return E;
    return A;
  }
  if (llvm::Error E = A.loadDirectory(Path))
    return E;
  return A;
}

llvm::Expected<spec::Rules> loadRules(llvm::StringRef Path, const std::vector<std::string> &Enable,
                                      const std::vector<std::string> &Disable) {
  spec::Rules R;
  llvm::SmallString<256> Where = Path;
  if (Where.empty()) {
    Where = LOCKCHECK_DATA_DIR;
    llvm::sys::path::append(Where, "rules");
  }
  if (llvm::Error E = R.loadPath(Where))
    return E;
  for (const std::string &Id : Enable)
    if (llvm::Error E = R.setEnabled(Id, true))
      return llvm::createStringError("--enable: " + llvm::toString(std::move(E)));
  for (const std::string &Id : Disable)
    if (llvm::Error E = R.setEnabled(Id, false))
      return llvm::createStringError("--disable: " + llvm::toString(std::move(E)));
  return R;
}

std::string relativeToCwd(llvm::StringRef File) {
  llvm::SmallString<256> Cwd;
  // From "/", absolute names say it better than relative ones.
  if (llvm::sys::fs::current_path(Cwd) || File == Cwd || Cwd == "/")
    return File.str();
  return support::relativeToRoot(File, Cwd);
}

void relativizePaths(std::vector<report::Finding> &Findings) {
  for (report::Finding &F : Findings) {
    F.File = relativeToCwd(F.File);
    for (report::TraceStep &S : F.Trace)
      S.File = relativeToCwd(S.File);
  }
}

std::string factsFileName(llvm::StringRef MainFile) {
  // The last few path components keep the name readable (fs_btrfs_file.c);
  // the hash of the whole path keeps it unique.
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  for (auto It = llvm::sys::path::rbegin(MainFile), End = llvm::sys::path::rend(MainFile);
       It != End && Parts.size() < 3; ++It)
    if (*It != "/")
      Parts.push_back(*It);
  std::string Name;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It)
    Name += (Name.empty() ? "" : "_") + It->str();
  return Name + "-" + llvm::utohexstr(llvm::xxh3_64bits(MainFile), /*LowerCase=*/true) +
         ".facts.json";
}

} // namespace lockcheck::tool
