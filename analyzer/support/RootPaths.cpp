//===- support/RootPaths.cpp - File names relative to a tree's root -------===//
#include "support/RootPaths.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace lockcheck::support {

bool isUnder(llvm::StringRef Path, llvm::StringRef Dir) {
  if (Path == Dir)
    return true;
  if (Dir == "/")
    return Path.starts_with("/");
  return Path.starts_with(Dir) && Path.size() > Dir.size() &&
         llvm::sys::path::is_separator(Path[Dir.size()]);
}

std::string relativeToRoot(llvm::StringRef Path, llvm::StringRef Root) {
  if (Root.empty() || !isUnder(Path, Root))
    return Path.str();
  if (Path == Root)
    return ".";
  return Path.drop_front(Root == "/" ? 1 : Root.size() + 1).str();
}

std::string underRoot(llvm::StringRef Name, llvm::StringRef Root) {
  if (Root.empty() || llvm::sys::path::is_absolute(Name))
    return Name.str();
  if (Name == ".")
    return Root.str();
  llvm::SmallString<256> Path = Root;
  llvm::sys::path::append(Path, Name);
  return std::string(Path);
}

std::string rebase(llvm::StringRef Path, llvm::StringRef OldRoot, llvm::StringRef NewRoot) {
  if (OldRoot.empty() || NewRoot.empty() || !isUnder(Path, OldRoot))
    return Path.str();
  return underRoot(relativeToRoot(Path, OldRoot), NewRoot);
}

std::string withRootPlaceholder(llvm::StringRef Arg, llvm::StringRef Root) {
  // "/" would match every absolute name and say nothing about the tree.
  if (Root.empty() || Root == "/")
    return Arg.str();
  std::string Out;
  while (!Arg.empty()) {
    size_t At = Arg.find(Root);
    if (At == llvm::StringRef::npos) {
      Out += Arg;
      break;
    }
    size_t End = At + Root.size();
    // Only the whole folder name: /work/kernel is not in /work/kernel2.
    bool Whole = End == Arg.size() || llvm::sys::path::is_separator(Arg[End]);
    Out += Arg.take_front(At);
    Out += Whole ? llvm::StringRef("${root}") : Root;
    Arg = Arg.drop_front(End);
  }
  return Out;
}

std::string commonAncestor(llvm::ArrayRef<std::string> Paths) {
  if (Paths.empty())
    return "";
  llvm::StringRef Common = Paths.front();
  for (llvm::StringRef P : Paths.drop_front())
    while (!isUnder(P, Common) && Common != "/")
      Common = llvm::sys::path::parent_path(Common);
  return Common.empty() ? "/" : Common.str();
}

} // namespace lockcheck::support
