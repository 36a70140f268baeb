//===- report/Suppressions.h - Findings judged and held back, with why ----===//
//
// Two ways to hold a finding back, both with a reason that cannot be left
// out: a `lockcheck: ignore` comment in the source (SuppressionComments.h), at
// the finding's line or its entry function's, on the line or the line before;
// and a YAML file for code that should not carry tool comments:
//
//   suppressions:
//     - checker: recursive-lock          # or rule: <rules/ id>
//       function: btrfs_sync_file        # and/or fingerprint: 0123456789abcdef
//       reason: journal_info guards the re-entry (v5.16)
//
// Suppressed findings are not reported, but counted, and listed on request.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_REPORT_SUPPRESSIONS_H
#define LOCKCHECK_REPORT_SUPPRESSIONS_H

#include "report/Finding.h"
#include "report/RunStats.h"
#include "report/SuppressionComments.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace lockcheck::report {

/// One entry of a suppression file. A finding matches when the id is its
/// checker or rule, and the fingerprint and function, when given, are its
/// own (the function it is reported in, or its entry point).
struct SuppressionEntry {
  std::string Id;
  std::string Fingerprint;
  std::string Function;
  std::string Reason;
  /// Where the entry is: the suppression file and the entry's line.
  std::string File;
  unsigned Line = 0;
};

class Suppressions {
public:
  /// KnownIds: every checker and rule id; a suppression naming another is an
  /// error, so a misspelt one never silently suppresses nothing.
  explicit Suppressions(std::vector<std::string> KnownIds);

  /// Loads a suppression file; errors are one line naming file:line:col.
  llvm::Error loadFile(llvm::StringRef Path);
  /// As loadFile, from text; Name stands for the file.
  llvm::Error loadBuffer(llvm::StringRef Text, llvm::StringRef Name);

  /// Moves every finding a suppression covers from Findings to Suppressed
  /// (order kept) and counts them in Stats. Reads the source files findings
  /// point at, as named (relative to the current directory or absolute), for
  /// comments; a malformed or unknown one there is an error naming file:line.
  /// A file that cannot be read holds no comments.
  llvm::Error apply(std::vector<Finding> &Findings, std::vector<SuppressedFinding> &Suppressed,
                    RunStats &Stats);

private:
  std::optional<Suppression> fromFile(const Finding &F) const;
  llvm::Expected<std::optional<Suppression>> fromComments(const Finding &F);
  /// The comments of File, read and checked once.
  llvm::Expected<const std::vector<SuppressionComment> *> commentsOf(const std::string &File);

  llvm::StringSet<> KnownIds;
  std::vector<SuppressionEntry> Entries;
  llvm::StringMap<std::vector<SuppressionComment>> CommentsByFile;
};

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_SUPPRESSIONS_H
