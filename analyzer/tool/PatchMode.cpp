//===- tool/PatchMode.cpp - lockcheck patch: what a patch does to locking -===//
#include "tool/PatchMode.h"

#include "tool/ContractNotes.h"
#include "tool/NewFileCommand.h"
#include "tool/PatchReport.h"
#include "tool/Pipeline.h"
#include "tool/Progress.h"
#include "tool/ScratchTree.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <optional>

namespace lockcheck::tool {

namespace {

/// Reads a patch input, refusing one over MaxPatchInputBytes before reading
/// all of it.
llvm::Expected<std::string> readInput(llvm::StringRef Name) {
  std::string Text;
  if (Name == "-") {
    llvm::SmallVector<char, 0> Chunk;
    while (true) {
      Chunk.clear();
      Chunk.resize_for_overwrite(1 << 16);
      llvm::Expected<size_t> Read = llvm::sys::fs::readNativeFile(
          llvm::sys::fs::getStdinHandle(), llvm::MutableArrayRef<char>(Chunk.data(), Chunk.size()));
      if (!Read)
        return llvm::createStringError("<stdin>: " + llvm::toString(Read.takeError()));
      if (*Read == 0)
        break;
      Text.append(Chunk.data(), *Read);
      if (Text.size() > MaxPatchInputBytes)
        return llvm::createStringError("<stdin>: patch input is larger than the limit of " +
                                       llvm::Twine(MaxPatchInputBytes >> 20) + " MiB");
    }
    return Text;
  }
  uint64_t Size = 0;
  if (std::error_code EC = llvm::sys::fs::file_size(Name, Size))
    return llvm::createStringError(EC, Name + ": " + EC.message());
  if (Size > MaxPatchInputBytes)
    return llvm::createStringError(Name + ": patch input is larger than the limit of " +
                                   llvm::Twine(MaxPatchInputBytes >> 20) + " MiB");
  auto Buffer = llvm::MemoryBuffer::getFile(Name, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), Name + ": " + Buffer.getError().message());
  return (*Buffer)->getBuffer().str();
}

std::string currentDirectory() {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  return std::string(Cwd);
}

/// The top of the git tree holding the current directory, else the current
/// directory itself (a tree unpacked from a tarball).
std::string treeTop() {
  std::string Cwd = currentDirectory();
  auto Top = runGit(Cwd, {"rev-parse", "--show-toplevel"});
  if (!Top || Top->Status != 0 || llvm::StringRef(Top->Out).trim().empty()) {
    if (!Top)
      llvm::consumeError(Top.takeError());
    return Cwd;
  }
  return llvm::StringRef(Top->Out).trim().str();
}

/// -p, else $LOCKCHECK_KERNEL_BUILD_DIR, else `git config lockcheck.buildDir`,
/// the last two relative to the current directory and the top of the tree.
llvm::Expected<std::string> buildDirectory(const PatchModeOptions &Options,
                                           llvm::StringRef Top) {
  if (!Options.BuildDir.empty())
    return Options.BuildDir;
  if (std::optional<std::string> Env = llvm::sys::Process::GetEnv("LOCKCHECK_KERNEL_BUILD_DIR"))
    if (!Env->empty())
      return *Env;
  auto Config = runGit(Top, {"config", "--get", "lockcheck.buildDir"});
  if (Config && Config->Status == 0 && !llvm::StringRef(Config->Out).trim().empty()) {
    llvm::SmallString<256> Dir = llvm::StringRef(Config->Out).trim();
    llvm::sys::fs::make_absolute(Top, Dir);
    return std::string(Dir);
  }
  if (!Config)
    llvm::consumeError(Config.takeError());
  return llvm::createStringError("patch: no build directory: give -p BUILD_DIR, set "
                                 "LOCKCHECK_KERNEL_BUILD_DIR or `git config lockcheck.buildDir`");
}

/// The .c and .h changes from REV to HEAD as a patch, with git's usual a/
/// and b/ whatever the user's configuration says, and no diff driver of theirs.
llvm::Expected<PatchInput> diffFromBase(llvm::StringRef Base, llvm::StringRef Top) {
  if (Base.starts_with("-"))
    return llvm::createStringError("patch: --base '" + Base + "' is not a revision");
  auto Diff = runGit(Top,
                     {"diff", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/",
                      "--dst-prefix=b/", Base.str(), "HEAD", "--", "*.c", "*.h"},
                     "");
  if (!Diff)
    return Diff.takeError();
  if (Diff->Status != 0)
    return llvm::createStringError("patch: --base " + Base + ": " +
                                   llvm::StringRef(Diff->Err).trim().split('\n').first);
  PatchInput In{(Base + "..HEAD").str(), std::move(Diff->Out), {}};
  return In;
}

/// Each command's facts in one state of the tree; nullopt for a TU that
/// failed or that the series deletes.
using TreeFacts = std::vector<std::optional<facts::TUFacts>>;

class PatchRun {
public:
  /// Commands holds the compile database's commands and, after them, those
  /// made for the C files the series touches that it lacks (NewFileCommand.h).
  PatchRun(const PatchModeOptions &Options, std::string Top,
           std::vector<frontend::TUCommand> Commands, spec::Annotations Annotations,
           spec::Rules Rules, const llvm::StringSet<> &SeriesFiles)
      : Options(Options), Top(std::move(Top)), Commands(std::move(Commands)),
        Annotations(std::move(Annotations)), Rules(std::move(Rules)) {
    // A TU the series touches may be missing from the working tree: a file a
    // patch adds, or deletes when the patch is already in the tree. It is no
    // failure: it is extracted in the states that have it.
    for (const frontend::TUCommand &C : this->Commands)
      Absent.push_back(SeriesFiles.contains(C.File) && !llvm::sys::fs::exists(C.File));
  }

  /// The real tree's facts, through the cache.
  void extractBase(facts::FactsCache *Cache) {
    Real.resize(Commands.size());
    Dependencies.resize(Commands.size());
    std::vector<frontend::TUCommand> Present;
    std::vector<size_t> Index;
    for (size_t I = 0; I < Commands.size(); ++I)
      if (!Absent[I]) {
        Present.push_back(Commands[I]);
        Index.push_back(I);
      }
    std::optional<ExtractionProgress> Progress;
    if (!Options.Quiet && Present.size() > 1)
      Progress.emplace(llvm::errs(),
                       llvm::errs().is_displayed() ? ExtractionProgress::Style::Terminal
                                                   : ExtractionProgress::Style::Lines,
                       Present.size());
    extractEach(
        Present, Options.Limits, Cache, Handover::Facts, Stats,
        [&](size_t J, ExtractedFacts TU) {
          Real[Index[J]] = std::move(TU.Facts);
          Dependencies[Index[J]] = std::move(TU.Dependencies);
        },
        [&] {
          if (Progress)
            Progress->tuDone();
        });
    if (Progress)
      Progress->finish();
    if (!Options.Quiet)
      for (const auto &[File, Error] : Stats.FailedTUs)
        llvm::errs() << "lockcheck: skipped " << File << ": " << Error << "\n";
  }

  /// The facts of the tree as Scratch's patches leave it: the real tree's,
  /// with every TU that reads a touched file extracted again through the
  /// overlay. Counts those TUs in Reextracted.
  llvm::Expected<TreeFacts> patchedFacts(ScratchTree &Scratch, unsigned &Reextracted) {
    auto Overlay = Scratch.writeOverlay();
    if (!Overlay)
      return Overlay.takeError();
    const llvm::StringSet<> &Touched = Scratch.touchedFiles();
    TreeFacts State = Real;
    std::vector<frontend::TUCommand> Again;
    std::vector<size_t> Index;
    for (size_t I = 0; I < Commands.size(); ++I) {
      // A TU that does not parse in the tree is left out of every state (it
      // was named when the tree was extracted), so it cannot fail each patch.
      if (!Real[I] && !Absent[I])
        continue;
      // A TU missing from the tree is in the states whose patches bring it.
      if (Absent[I] && !Touched.contains(Commands[I].File))
        continue;
      bool Reads = Touched.contains(Commands[I].File) || Dependencies[I].empty() ||
                   llvm::any_of(Dependencies[I], [&](const facts::FileDigest &D) {
                     return Touched.contains(D.Path);
                   });
      if (!Reads)
        continue;
      State[I].reset();
      if (Scratch.isDeleted(Commands[I].File))
        continue;
      frontend::TUCommand Cmd = Commands[I];
      Cmd.Args.insert(Cmd.Args.begin() + (Cmd.Args.empty() ? 0 : 1), {"-ivfsoverlay", *Overlay});
      Again.push_back(std::move(Cmd));
      Index.push_back(I);
    }
    report::RunStats PatchedStats;
    // Never cached: the overlay is gone once the run ends.
    extractEach(Again, Options.Limits, /*Cache=*/nullptr, Handover::Facts, PatchedStats,
                [&](size_t J, ExtractedFacts TU) { State[Index[J]] = std::move(TU.Facts); });
    if (!PatchedStats.FailedTUs.empty())
      return llvm::createStringError(PatchedStats.FailedTUs.front().second +
                                     " (with the patch applied)");
    Reextracted = static_cast<unsigned>(Again.size());
    return State;
  }

  /// The findings of one state, file names relative to the top of the tree;
  /// with Notes, the contract notes of the patch that leaves the tree so.
  std::vector<report::Finding> findings(const TreeFacts &State, PatchOutcome *Notes = nullptr) {
    std::vector<facts::TUFacts> TUs;
    for (const std::optional<facts::TUFacts> &TU : State)
      if (TU)
        TUs.push_back(*TU);
    report::RunStats Ignored;
    std::optional<ContractNotes> Contracts;
    if (Notes)
      Contracts.emplace(*Notes->ThePatch, Top, Rules);
    std::vector<report::Finding> Found =
        analyzeFacts(std::move(TUs), Annotations, Rules, /*Enabled=*/{}, Ignored,
                     AnalysisLifetime::Freed,
                     Contracts ? Contracts->hooks() : AnalysisHooks{});
    if (Contracts)
      Notes->Notes = Contracts->take();
    std::string Prefix = Top + "/";
    auto Relative = [&](std::string &File) {
      if (llvm::StringRef(File).starts_with(Prefix))
        File.erase(0, Prefix.size());
    };
    for (report::Finding &F : Found) {
      Relative(F.File);
      for (report::TraceStep &S : F.Trace)
        Relative(S.File);
    }
    return Found;
  }

  unsigned tusAnalyzed() const { return Stats.TUsAnalyzed; }
  const TreeFacts &realFacts() const { return Real; }

private:
  const PatchModeOptions &Options;
  std::string Top;
  std::vector<frontend::TUCommand> Commands;
  spec::Annotations Annotations;
  spec::Rules Rules;
  report::RunStats Stats;
  TreeFacts Real;
  std::vector<std::vector<facts::FileDigest>> Dependencies;
  /// Per command: its file is not in the working tree (see the constructor).
  std::vector<bool> Absent;
};

/// Whether File's nearest existing folder is where its name says, not reached
/// through a symbolic link: the file is compiled before the series is applied,
/// and applying refuses a file through a link that leaves the tree.
bool staysInTree(llvm::StringRef File) {
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(File); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Real;
    if (!llvm::sys::fs::real_path(Dir, Real))
      return Real == Dir;
  }
  return false;
}

/// Adds to Commands a command for each C file the series creates that the
/// compile database lacks, made as Kbuild would from a TU of its directory, and
/// records it in the outcomes of the patches touching the file; says so on
/// stderr unless Quiet. Returns the absolute names of the C files the series
/// touches.
llvm::StringSet<> deriveNewFileCommands(llvm::StringRef Top,
                                        std::vector<frontend::TUCommand> &Commands,
                                        std::vector<PatchOutcome> &Series, bool Quiet) {
  llvm::StringSet<> Known, SeriesFiles;
  for (const frontend::TUCommand &C : Commands)
    Known.insert(C.File);
  std::string Prefix = (Top + "/").str();
  for (PatchOutcome &O : Series)
    for (const FileDiff &F : O.ThePatch->Files) {
      if (!llvm::StringRef(F.path()).ends_with(".c"))
        continue;
      std::string File = Prefix + F.path();
      SeriesFiles.insert(File);
      // Only a file the series creates: a C file of the tree that the build
      // does not compile is not in its configuration.
      if (!Known.contains(File) && F.OldPath.empty() && staysInTree(File)) {
        std::optional<NewFileCommand> Made = commandForNewFile(Commands, File);
        if (!Made)
          continue;
        Known.insert(File);
        std::string Template = llvm::StringRef(Made->Template).starts_with(Prefix)
                                   ? Made->Template.substr(Prefix.size())
                                   : Made->Template;
        if (!Quiet)
          llvm::errs() << "lockcheck: " << F.path() << ": no compile command; compiled as "
                       << Template << " is\n";
        Commands.push_back(std::move(Made->Command));
        O.NewFileCommands.push_back({F.path(), Template});
        continue;
      }
      // A later patch of the series touching a file an earlier one added
      // compiles it the same way. (Path is captured by name: C++17 cannot
      // capture a structured binding implicitly.)
      for (const PatchOutcome *Earlier = Series.data(); Earlier != &O; ++Earlier)
        for (const auto &[Path, Template] : Earlier->NewFileCommands)
          if (Path == F.path() &&
              llvm::none_of(O.NewFileCommands,
                            [&Path = Path](const auto &P) { return P.first == Path; }))
            O.NewFileCommands.push_back({Path, Template});
    }
  return SeriesFiles;
}

std::string render(const PatchModeOptions &Options, llvm::ArrayRef<PatchInput> Inputs,
                   llvm::ArrayRef<PatchOutcome> Outcomes, unsigned TUsAnalyzed) {
  switch (Options.OutputFormat) {
  case PatchModeOptions::Format::Json:
    return writePatchJson(Outcomes, TUsAnalyzed);
  case PatchModeOptions::Format::Patchwork:
    return writePatchworkChecks(Outcomes, Options.TargetUrl);
  case PatchModeOptions::Format::Text:
    break;
  }
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  if (Options.Annotate)
    writeAnnotatedPatch(OS, Inputs, Outcomes);
  else
    writePatchText(OS, Outcomes, Options.Terse);
  return Text;
}

/// compareSeries for a series that applies on top of the working tree, its
/// first patch applied already.
llvm::Error compareForward(PatchRun &Run, ScratchTree &Scratch,
                           std::vector<PatchOutcome> &Series) {
  std::vector<report::Finding> Before = Run.findings(Run.realFacts());
  for (size_t K = 0; K < Series.size(); ++K) {
    PatchOutcome &O = Series[K];
    if (K > 0)
      if (llvm::Error E = Scratch.apply(*O.ThePatch, O.Input->Name))
        return E;
    auto State = Run.patchedFacts(Scratch, O.TUsReextracted);
    if (!State)
      return State.takeError();
    std::vector<report::Finding> After = Run.findings(*State, &O);
    O.Items = comparePatchFindings(*O.ThePatch, Before, After, inputLines(O.Input->Text));
    Before = std::move(After);
  }
  return llvm::Error::success();
}

/// Fills each outcome of Series, in order: what its patch does to the
/// findings of the tree the patches before it leave. The series applies on top
/// of the working tree, or it is already in it (b4 prep --check and git
/// send-email check committed patches; --base, AlreadyApplied, always is):
/// then the tree without the series is the first state and the working tree
/// the last.
llvm::Error compareSeries(PatchRun &Run, ScratchTree &Scratch, std::vector<PatchOutcome> &Series,
                          bool AlreadyApplied) {
  auto Apply = [&](const PatchOutcome &O, bool Reverse) {
    return Scratch.apply(*O.ThePatch, O.Input->Name, Reverse);
  };
  if (!AlreadyApplied) {
    llvm::Error Forward = Apply(Series.front(), /*Reverse=*/false);
    if (!Forward)
      return compareForward(Run, Scratch, Series);
    // Undone from the last patch to the first, so each meets the tree as
    // it left it; the error to give is the forward one.
    for (auto It = Series.rbegin(); It != Series.rend(); ++It)
      if (llvm::Error E = Apply(*It, /*Reverse=*/true)) {
        llvm::consumeError(std::move(E));
        return Forward;
      }
    llvm::consumeError(std::move(Forward));
  } else {
    for (auto It = Series.rbegin(); It != Series.rend(); ++It)
      if (llvm::Error E = Apply(*It, /*Reverse=*/true))
        return E;
  }
  unsigned Count = 0;
  auto State = Run.patchedFacts(Scratch, Count);
  if (!State)
    return State.takeError();
  std::vector<report::Finding> Before = Run.findings(*State);
  for (size_t K = 0; K < Series.size(); ++K) {
    PatchOutcome &O = Series[K];
    O.AlreadyApplied = true;
    O.TUsReextracted = Count;
    std::vector<report::Finding> After;
    if (K + 1 == Series.size()) {
      After = Run.findings(Run.realFacts(), &O);
    } else {
      if (llvm::Error E = Apply(O, /*Reverse=*/false))
        return E;
      State = Run.patchedFacts(Scratch, Count);
      if (!State)
        return State.takeError();
      After = Run.findings(*State, &O);
    }
    O.Items = comparePatchFindings(*O.ThePatch, Before, After, inputLines(O.Input->Text));
    Before = std::move(After);
  }
  return llvm::Error::success();
}

} // namespace

llvm::Expected<int> runPatchMode(const PatchModeOptions &Options, llvm::raw_ostream &Out) {
  if (Options.Base.empty() == Options.Inputs.empty())
    return llvm::createStringError(
        "patch: give patch files, - for standard input, or --base REV (not both)");
  std::string Top = treeTop();
  auto BuildDir = buildDirectory(Options, Top);
  if (!BuildDir)
    return BuildDir.takeError();

  // Every input is read and checked before anything is extracted.
  std::vector<PatchInput> Inputs;
  if (!Options.Base.empty()) {
    auto In = diffFromBase(Options.Base, Top);
    if (!In)
      return In.takeError();
    if (llvm::StringRef(In->Text).trim().empty())
      return 0; // nothing changed in C sources
    Inputs.push_back(std::move(*In));
  }
  for (const std::string &Name : Options.Inputs) {
    auto Text = readInput(Name);
    if (!Text)
      return Text.takeError();
    Inputs.push_back(PatchInput{Name == "-" ? "<stdin>" : Name, std::move(*Text), {}});
  }
  for (PatchInput &In : Inputs) {
    auto Patches = readPatches(In.Text, In.Name);
    if (!Patches)
      return Patches.takeError();
    In.Patches = std::move(*Patches);
  }

  auto Annotations = loadAnnotations(Options.AnnotationsDir);
  if (!Annotations)
    return Annotations.takeError();
  auto Commands = frontend::loadCompileCommands(*BuildDir);
  if (!Commands)
    return Commands.takeError();
  std::unique_ptr<facts::FactsCache> Cache;
  if (!Options.NoCache) {
    llvm::SmallString<256> CacheDir = llvm::StringRef(Options.CacheDir);
    if (CacheDir.empty()) {
      CacheDir = *BuildDir;
      llvm::sys::path::append(CacheDir, ".lockcheck-cache");
    }
    // The root check gives the cache too, so both share its entries.
    Cache = std::make_unique<facts::FactsCache>(std::string(CacheDir), cacheBuildId(),
                                                treeRoot(*Commands, *BuildDir));
  }
  auto Scratch = ScratchTree::create(Top);
  if (!Scratch)
    return Scratch.takeError();

  std::vector<PatchOutcome> Series;
  for (const PatchInput &In : Inputs)
    for (const Patch &P : In.Patches)
      Series.push_back(PatchOutcome{&In, &P, {}, {}, 0, false});
  if (Series.empty())
    return 0; // only cover letters

  auto Rules = loadRules(Options.RulesPath, /*Enable=*/{}, /*Disable=*/{});
  if (!Rules)
    return Rules.takeError();
  llvm::StringSet<> SeriesFiles = deriveNewFileCommands(Top, *Commands, Series, Options.Quiet);
  PatchRun Run(Options, Top, std::move(*Commands), std::move(*Annotations), std::move(*Rules),
               SeriesFiles);
  Run.extractBase(Cache.get());
  if (llvm::Error E = compareSeries(Run, *Scratch, Series, !Options.Base.empty()))
    return E;
  Out << render(Options, Inputs, Series, Run.tusAnalyzed());
  return llvm::any_of(Series, [](const PatchOutcome &O) { return O.introducesFindings(); }) ? 1
                                                                                          : 0;
}

} // namespace lockcheck::tool
