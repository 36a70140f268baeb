//===- report/SuppressionComments.h - `lockcheck: ignore` in the source ---===//
//
// A maintainer who has judged a finding says so beside the code, where the
// next reader of the code sees it too:
//
//   /* lockcheck: ignore recursive-lock: journal_info guards the re-entry */
//
// This reads the source text of files on disk, never the AST: suppressions
// are a reporting decision, and the frontend's facts must not depend on them.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_REPORT_SUPPRESSIONCOMMENTS_H
#define LOCKCHECK_REPORT_SUPPRESSIONCOMMENTS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace lockcheck::report {

/// One `lockcheck: ignore ID: reason` comment.
struct SuppressionComment {
  unsigned Line = 0;
  /// The checker or rule id it names.
  std::string Id;
  std::string Reason;
};

/// Every `lockcheck:` comment of a source file's Text, in line order: `/* */`
/// or `//` comments on one line, or a line of a block comment (` * lockcheck:
/// ...`). One that does not read `lockcheck: ignore ID: reason`, or whose
/// reason is empty, is an error naming File:line.
llvm::Expected<std::vector<SuppressionComment>> parseSuppressionComments(llvm::StringRef Text,
                                                                         llvm::StringRef File);

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_SUPPRESSIONCOMMENTS_H
