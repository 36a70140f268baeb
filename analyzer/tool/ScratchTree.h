//===- tool/ScratchTree.h - A patched copy of the files a series touches --===//
//
// Patch mode never writes into the user's tree. A series is applied by git
// (`git apply`, with no repository in sight) inside a private temporary folder
// holding copies of only the files the series touches; the compiler then sees
// the patched tree through a VFS overlay (`-ivfsoverlay`) that maps each
// touched file of the real tree to its patched copy, so every other file, and
// every file name in the facts, stays the real tree's.
//
// Patches are untrusted: their file names were checked by the reader
// (PatchReader.h); here a file reached through a symbolic link that leaves the
// tree is refused, git runs with the environment stripped of GIT_* variables
// and of the user's git configuration, and nothing in a patch is ever run.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_SCRATCHTREE_H
#define LOCKCHECK_TOOL_SCRATCHTREE_H

#include "tool/PatchReader.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace lockcheck::tool {

/// What a git command printed and how it ended.
struct GitResult {
  int Status = -1;
  std::string Out, Err;
};

/// Runs git with Args from Directory (`git -C`). With an IsolatedConfig (an
/// empty file standing for the global configuration), the child's environment
/// has no GIT_* variable, no system or user configuration and a ceiling at
/// Directory's parent, so no repository, hook or configured command of the
/// user's is ever involved. Errors only when git cannot be run.
llvm::Expected<GitResult> runGit(llvm::StringRef Directory, llvm::ArrayRef<std::string> Args,
                                 llvm::StringRef IsolatedConfig = "");

class ScratchTree {
public:
  /// A new empty scratch folder for the tree whose top is TreeTop (absolute).
  static llvm::Expected<ScratchTree> create(llvm::StringRef TreeTop);
  ScratchTree(ScratchTree &&Other);
  ScratchTree &operator=(ScratchTree &&) = delete;
  /// Removes the scratch folder and everything in it.
  ~ScratchTree();

  /// Applies P (read from the input named InputName) on top of what the
  /// patches applied before it left, all of it or nothing; with Reverse, undoes
  /// it instead. A patch that does not apply is an error naming the input line
  /// of the hunk that failed.
  llvm::Error apply(const Patch &P, llvm::StringRef InputName, bool Reverse = false);

  /// Writes the VFS overlay for the tree as the patches applied so far leave
  /// it and returns its path.
  llvm::Expected<std::string> writeOverlay();

  /// Absolute real-tree paths of every file the patches applied so far touch
  /// (changed, created or deleted).
  const llvm::StringSet<> &touchedFiles() const { return Touched; }
  /// Whether a touched file no longer exists once the patches are applied.
  bool isDeleted(llvm::StringRef RealPath) const;

private:
  ScratchTree(std::string TreeTop, std::string Dir) : TreeTop(std::move(TreeTop)), Dir(Dir) {}
  /// Copies the real tree's RelPath into the scratch folder, the first time a
  /// patch touches it; refuses a path through a link that leaves the tree.
  llvm::Error bringIn(llvm::StringRef RelPath);
  std::string realPath(llvm::StringRef RelPath) const;
  std::string scratchPath(llvm::StringRef RelPath) const;

  std::string TreeTop;
  /// The scratch folder; its tree/ holds the copies.
  std::string Dir;
  llvm::StringSet<> Touched;
  /// Relative paths already brought in (present or not in the real tree).
  llvm::StringSet<> BroughtIn;
  unsigned Overlays = 0;
};

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_SCRATCHTREE_H
