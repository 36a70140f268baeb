//===- report/SuppressionComments.cpp --------------------------------------===//
#include "report/SuppressionComments.h"

#include "llvm/ADT/StringExtras.h"

namespace lockcheck::report {

static constexpr llvm::StringLiteral Marker = "lockcheck:";
static constexpr llvm::StringLiteral Expected =
    "expected 'lockcheck: ignore <checker or rule id>: <reason>'";

/// Whether the marker at Pos is inside a comment: after `/*` or `//` on the
/// same line, or on a continuation line of a block comment. Code that merely
/// contains the word (a string literal) is left alone.
static bool inComment(llvm::StringRef Line, size_t Pos) {
  llvm::StringRef Before = Line.take_front(Pos);
  return Before.contains("/*") || Before.contains("//") || Before.ltrim().starts_with("*");
}

static bool isIdChar(char C) { return llvm::isAlnum(C) || C == '-' || C == '_'; }

llvm::Expected<std::vector<SuppressionComment>> parseSuppressionComments(llvm::StringRef Text,
                                                                         llvm::StringRef File) {
  std::vector<SuppressionComment> Out;
  unsigned LineNo = 0;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    ++LineNo;
    size_t Pos = Line.find(Marker);
    if (Pos == llvm::StringRef::npos || !inComment(Line, Pos))
      continue;
    auto Fault = [&](const llvm::Twine &What) {
      return llvm::createStringError(File + ":" + llvm::Twine(LineNo) + ": " + What);
    };
    llvm::StringRef Body = Line.drop_front(Pos + Marker.size());
    // The comment ends at `*/`; a `//` comment at the end of the line.
    Body = Body.take_front(Body.find("*/")).trim();
    if (!Body.consume_front("ignore") || Body.empty() || !llvm::isSpace(Body.front()))
      return Fault(Expected);
    Body = Body.ltrim();
    llvm::StringRef Id = Body.take_while(isIdChar);
    Body = Body.drop_front(Id.size()).ltrim();
    if (Id.empty() || !Body.consume_front(":"))
      return Fault(Expected);
    llvm::StringRef Reason = Body.trim();
    if (Reason.empty())
      return Fault("suppression of '" + Id + "' gives no reason");
    Out.push_back(SuppressionComment{LineNo, Id.str(), Reason.str()});
  }
  return Out;
}

} // namespace lockcheck::report
