//===- tool/ScratchTree.cpp - A patched copy of the files a series touches ===//
#include "tool/ScratchTree.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

extern char **environ;

namespace lockcheck::tool {

static std::string readWhole(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  return Buffer ? (*Buffer)->getBuffer().str() : std::string();
}

llvm::Expected<GitResult> runGit(llvm::StringRef Directory, llvm::ArrayRef<std::string> Args,
                                 llvm::StringRef IsolatedConfig) {
  bool Isolated = !IsolatedConfig.empty();
  llvm::ErrorOr<std::string> Git = llvm::sys::findProgramByName("git");
  if (!Git)
    return llvm::createStringError("git: not found on PATH");
  std::vector<llvm::StringRef> Argv{*Git, "-C", Directory};
  Argv.insert(Argv.end(), Args.begin(), Args.end());

  std::vector<std::string> EnvStore;
  for (char **E = environ; E && *E; ++E) {
    llvm::StringRef Var(*E);
    if (Var.starts_with("LC_ALL=") || (Isolated && Var.starts_with("GIT_")))
      continue;
    EnvStore.push_back(Var.str());
  }
  // Messages in English, to find the failing hunk in them.
  EnvStore.push_back("LC_ALL=C");
  if (Isolated) {
    EnvStore.push_back("GIT_CONFIG_NOSYSTEM=1");
    EnvStore.push_back(("GIT_CONFIG_GLOBAL=" + IsolatedConfig).str());
    EnvStore.push_back("GIT_CEILING_DIRECTORIES=" +
                       llvm::sys::path::parent_path(Directory).str());
  }
  std::vector<llvm::StringRef> Env(EnvStore.begin(), EnvStore.end());

  llvm::SmallString<128> OutFile, ErrFile;
  if (std::error_code EC = llvm::sys::fs::createTemporaryFile("lockcheck-git", "out", OutFile))
    return llvm::createStringError(EC, "cannot create a temporary file: " + EC.message());
  if (std::error_code EC = llvm::sys::fs::createTemporaryFile("lockcheck-git", "err", ErrFile)) {
    llvm::sys::fs::remove(OutFile);
    return llvm::createStringError(EC, "cannot create a temporary file: " + EC.message());
  }
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), llvm::StringRef(OutFile),
                                                llvm::StringRef(ErrFile)};
  std::string ErrMsg;
  GitResult R;
  R.Status = llvm::sys::ExecuteAndWait(*Git, Argv, Env, Redirects, 0, 0, &ErrMsg);
  R.Out = readWhole(OutFile);
  R.Err = readWhole(ErrFile);
  llvm::sys::fs::remove(OutFile);
  llvm::sys::fs::remove(ErrFile);
  if (R.Status < 0)
    return llvm::createStringError("git: " + ErrMsg);
  return R;
}

llvm::Expected<ScratchTree> ScratchTree::create(llvm::StringRef TreeTop) {
  llvm::SmallString<256> Model;
  llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Model);
  llvm::sys::path::append(Model, "lockcheck-patch");
  llvm::SmallString<256> Dir;
  if (std::error_code EC = llvm::sys::fs::createUniqueDirectory(Model, Dir))
    return llvm::createStringError(EC, Model + ": cannot create the scratch folder: " +
                                           EC.message());
  ScratchTree T(TreeTop.str(), std::string(Dir));
  llvm::SmallString<256> Tree = Dir;
  llvm::sys::path::append(Tree, "tree");
  if (std::error_code EC = llvm::sys::fs::create_directory(Tree))
    return llvm::createStringError(EC, Tree + ": " + EC.message());
  // git's global configuration while it applies patches: empty.
  llvm::SmallString<256> Config = Dir;
  llvm::sys::path::append(Config, "gitconfig");
  if (llvm::Error E = llvm::writeToOutput(Config, [](llvm::raw_ostream &) {
        return llvm::Error::success();
      }))
    return E;
  return T;
}

ScratchTree::ScratchTree(ScratchTree &&Other)
    : TreeTop(std::move(Other.TreeTop)), Dir(std::move(Other.Dir)),
      Touched(std::move(Other.Touched)), BroughtIn(std::move(Other.BroughtIn)),
      Overlays(Other.Overlays) {
  Other.Dir.clear();
}

ScratchTree::~ScratchTree() {
  if (!Dir.empty())
    llvm::sys::fs::remove_directories(Dir, /*IgnoreErrors=*/true);
}

std::string ScratchTree::realPath(llvm::StringRef RelPath) const {
  llvm::SmallString<256> P = llvm::StringRef(TreeTop);
  llvm::sys::path::append(P, RelPath);
  return std::string(P);
}

std::string ScratchTree::scratchPath(llvm::StringRef RelPath) const {
  llvm::SmallString<256> P = llvm::StringRef(Dir);
  llvm::sys::path::append(P, "tree", RelPath);
  return std::string(P);
}

bool ScratchTree::isDeleted(llvm::StringRef RealPath) const {
  llvm::StringRef Top = TreeTop;
  if (!RealPath.starts_with(Top) || RealPath.size() <= Top.size() + 1)
    return false;
  llvm::StringRef Rel = RealPath.drop_front(Top.size() + 1);
  return BroughtIn.contains(Rel) && !llvm::sys::fs::exists(scratchPath(Rel));
}

llvm::Error ScratchTree::bringIn(llvm::StringRef RelPath) {
  if (!BroughtIn.insert(RelPath).second)
    return llvm::Error::success();
  Touched.insert(realPath(RelPath));
  llvm::SmallString<256> RealTop;
  if (llvm::sys::fs::real_path(TreeTop, RealTop))
    RealTop = llvm::StringRef(TreeTop);
  // Each folder on the way, then the file: a link may lead anywhere, and the
  // copy must only ever read the tree.
  llvm::SmallString<256> Prefix = llvm::StringRef(TreeTop);
  for (auto It = llvm::sys::path::begin(RelPath), End = llvm::sys::path::end(RelPath);
       It != End; ++It) {
    llvm::sys::path::append(Prefix, *It);
    llvm::sys::fs::file_status Status;
    if (llvm::sys::fs::status(Prefix, Status, /*Follow=*/false))
      return llvm::Error::success(); // not in the tree yet: the patch creates it
    bool Last = std::next(It) == End;
    if (Status.type() == llvm::sys::fs::file_type::symlink_file) {
      if (Last)
        return llvm::createStringError("'" + RelPath + "' is a symbolic link in the tree");
      llvm::SmallString<256> Target;
      if (llvm::sys::fs::real_path(Prefix, Target) ||
          !llvm::StringRef(Target).starts_with((RealTop + "/").str()))
        return llvm::createStringError("'" + RelPath + "' goes through the symbolic link '" +
                                       Prefix.substr(TreeTop.size() + 1) +
                                       "', which leads out of the tree");
    }
    if (Last && Status.type() != llvm::sys::fs::file_type::regular_file)
      return llvm::createStringError("'" + RelPath + "' is not a regular file in the tree");
  }
  std::string Copy = scratchPath(RelPath);
  if (std::error_code EC =
          llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Copy)))
    return llvm::createStringError(EC, Copy + ": " + EC.message());
  if (std::error_code EC = llvm::sys::fs::copy_file(realPath(RelPath), Copy))
    return llvm::createStringError(EC, realPath(RelPath) + ": " + EC.message());
  return llvm::Error::success();
}

/// The hunk git names in "error: patch failed: PATH:LINE" (LINE is the hunk's
/// old start), else the first hunk of the file git names, else nothing.
static const Hunk *failedHunk(const Patch &P, llvm::StringRef GitErrors, std::string &File,
                              unsigned &Number) {
  llvm::SmallVector<llvm::StringRef, 8> Lines;
  GitErrors.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    unsigned OldLine = 0;
    llvm::StringRef Path;
    if (Line.consume_front("error: patch failed: ")) {
      auto [Name, Num] = Line.rsplit(':');
      if (Num.getAsInteger(10, OldLine))
        continue;
      Path = Name;
    } else if (Line.consume_front("error: ")) {
      Path = Line.split(": ").first;
    } else {
      continue;
    }
    for (const FileDiff &F : P.Files) {
      if (F.OldPath != Path && F.NewPath != Path)
        continue;
      File = Path.str();
      for (size_t I = 0; I < F.Hunks.size(); ++I)
        if (!OldLine || F.Hunks[I].OldStart == OldLine) {
          Number = static_cast<unsigned>(I + 1);
          return &F.Hunks[I];
        }
    }
  }
  return nullptr;
}

llvm::Error ScratchTree::apply(const Patch &P, llvm::StringRef InputName, bool Reverse) {
  for (const FileDiff &F : P.Files)
    for (const std::string *Path : {&F.OldPath, &F.NewPath})
      if (!Path->empty())
        if (llvm::Error E = bringIn(*Path))
          return llvm::createStringError(InputName + ":" + llvm::Twine(P.FirstLine) + ": " +
                                         llvm::toString(std::move(E)));
  llvm::SmallString<256> PatchFile = llvm::StringRef(Dir);
  llvm::sys::path::append(PatchFile, "patch.diff");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(PatchFile, EC);
    if (EC)
      return llvm::createStringError(EC, PatchFile + ": " + EC.message());
    OS << P.Text;
  }
  std::vector<std::string> Args{"apply", "--whitespace=nowarn"};
  if (Reverse)
    Args.push_back("--reverse");
  Args.push_back(std::string(PatchFile));
  llvm::SmallString<256> Config = llvm::StringRef(Dir);
  llvm::sys::path::append(Config, "gitconfig");
  auto Result = runGit(scratchPath(""), Args, Config);
  if (!Result)
    return Result.takeError();
  if (Result->Status == 0)
    return llvm::Error::success();
  std::string File;
  unsigned Number = 0;
  if (const Hunk *H = failedHunk(P, Result->Err, File, Number))
    return llvm::createStringError(InputName + ":" + llvm::Twine(H->HeaderLine) + ": hunk " +
                                   llvm::Twine(Number) + " of '" + File + "' (" + H->Header +
                                   ") does not apply");
  llvm::StringRef First = llvm::StringRef(Result->Err).split('\n').first;
  First.consume_front("error: ");
  return llvm::createStringError(InputName + ":" + llvm::Twine(P.FirstLine) +
                                 ": patch does not apply: " + First);
}

llvm::Expected<std::string> ScratchTree::writeOverlay() {
  nlohmann::json Roots = nlohmann::json::array();
  std::vector<std::string> Paths;
  for (const auto &Entry : BroughtIn)
    Paths.push_back(Entry.getKey().str());
  std::sort(Paths.begin(), Paths.end());
  for (const std::string &Rel : Paths)
    if (llvm::sys::fs::exists(scratchPath(Rel)))
      Roots.push_back(
          {{"type", "file"}, {"name", realPath(Rel)}, {"external-contents", scratchPath(Rel)}});
  // The real names, not the copies', in every file name the compiler reports.
  nlohmann::json Overlay{{"version", 0},
                         {"case-sensitive", "true"},
                         {"use-external-names", false},
                         {"roots", std::move(Roots)}};
  llvm::SmallString<256> Path = llvm::StringRef(Dir);
  llvm::sys::path::append(Path, "overlay-" + std::to_string(++Overlays) + ".yaml");
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    return llvm::createStringError(EC, Path + ": " + EC.message());
  OS << Overlay.dump(1) << "\n";
  return std::string(Path);
}

} // namespace lockcheck::tool
