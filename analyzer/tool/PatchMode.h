//===- tool/PatchMode.h - lockcheck patch: what a patch does to locking ---===//
//
//   lockcheck patch [-p BUILD_DIR] [--base REV] [--format text|json|patchwork]
//                   [--terse] [--annotate] [PATCH...|-]
//
// Checks the tree as a patch (or a series) leaves it against the tree without
// it, leaving the working tree untouched: the base's facts come from the facts
// cache, the series is applied by git in a scratch folder (ScratchTree.h), and
// only the TUs that read a file the series touches are extracted again, through
// a VFS overlay. Findings are compared by fingerprint and tied to hunks
// (PatchReport.h).
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_PATCHMODE_H
#define LOCKCHECK_TOOL_PATCHMODE_H

#include "tool/ExtractionWorkers.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace lockcheck::tool {

struct PatchModeOptions {
  /// -p; when empty, $LOCKCHECK_KERNEL_BUILD_DIR, then `git config
  /// lockcheck.buildDir` (relative to the top of the tree).
  std::string BuildDir;
  /// --base REV: compare HEAD (the working tree) with REV instead of reading
  /// patches.
  std::string Base;
  /// Patch files, `-` for standard input.
  std::vector<std::string> Inputs;
  enum class Format { Text, Json, Patchwork } OutputFormat = Format::Text;
  bool Terse = false;
  bool Annotate = false;
  /// patchwork's target_url.
  std::string TargetUrl;
  std::string AnnotationsDir;
  /// --rules; empty for the shipped rules/.
  std::string RulesPath;
  std::string CacheDir;
  bool NoCache = false;
  ExtractionLimits Limits;
  bool Quiet = false;
};

/// Runs `lockcheck patch` and writes its report to Out; returns the exit
/// status: 1 when a patch introduces a finding, else 0. Bad input (no build
/// directory, a patch that does not read or does not apply, a patched TU that
/// does not compile) is an error, and nothing is written to Out.
llvm::Expected<int> runPatchMode(const PatchModeOptions &Options, llvm::raw_ostream &Out);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_PATCHMODE_H
