//===- tool/PatchReader.h - Patches and mboxes as patch mode reads them ---===//
//
// Patch mode needs to know which lines a patch changes, to tie findings to
// hunks and to annotate the patch; applying it is git's job (PatchApplier.h).
// This is a reader of the unified diff format as `git format-patch` writes it,
// one patch or an mbox of a series, which also refuses what patch mode will not
// apply: file names that leave the tree, binary patches, symbolic links and
// inputs over the size limit. Patches come from mailing lists: every fault is
// an error naming the input and its line.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_PATCHREADER_H
#define LOCKCHECK_TOOL_PATCHREADER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <string>
#include <vector>

namespace lockcheck::tool {

/// The largest patch input (a file, or standard input) patch mode reads: 8 MiB,
/// four times the largest patch of a kernel release cycle. README documents it.
inline constexpr size_t MaxPatchInputBytes = 8u << 20;

/// One `@@ -a,b +c,d @@` block of a file's diff.
struct Hunk {
  unsigned OldStart = 0, OldCount = 0, NewStart = 0, NewCount = 0;
  /// Line of the input holding the `@@` header, and its last line (1-based).
  unsigned HeaderLine = 0, LastLine = 0;
  /// The `@@ ... @@` line itself.
  std::string Header;
  /// Lines of the new file the hunk adds, and lines of the old file it removes.
  std::vector<unsigned> Added, Removed;
  /// For each added and each removed line, the line of the input holding it.
  std::vector<unsigned> AddedInputLines, RemovedInputLines;
};

/// One file's diff. Paths are relative to the top of the tree, without git's
/// `a/` and `b/`; the old path is empty for a new file, the new one for a
/// deleted file.
struct FileDiff {
  std::string OldPath, NewPath;
  std::vector<Hunk> Hunks;

  /// The path the file has after the patch, else before it.
  const std::string &path() const { return NewPath.empty() ? OldPath : NewPath; }
};

/// One patch of the input: a mail of an mbox, or the whole input.
struct Patch {
  /// The mail's subject (`[PATCH 2/3] btrfs: ...`), or empty.
  std::string Subject;
  /// The input's lines this patch spans (1-based, inclusive).
  unsigned FirstLine = 0, LastLine = 0;
  /// This patch's text, as git apply is given it.
  std::string Text;
  std::vector<FileDiff> Files;
};

/// Splits Text (named Name in errors) into its patches and reads their diffs.
/// Refuses a NUL byte, binary and symbolic-link diffs, quoted or unsafe file
/// names (absolute, `..`, `.git`) and input over MaxPatchInputBytes. A mail
/// without a diff (a cover letter) has no patch; any other input without one
/// is an error.
llvm::Expected<std::vector<Patch>> readPatches(llvm::StringRef Text, llvm::StringRef Name);

/// Checks that Path is a relative path inside the tree: no `..`, no `.`
/// component, not absolute, nothing under `.git`. The error says why not.
llvm::Error checkTreePath(llvm::StringRef Path);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_PATCHREADER_H
