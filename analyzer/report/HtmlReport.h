//===- report/HtmlReport.h - A folder of pages for reviewers --------------===//
//
// `--format html -o DIR`: index.html lists the findings in a table sortable
// by checker, lock and file; findings/FINGERPRINT.html explains one finding,
// its path drawn as a graph (Graphviz, as inline SVG) and the source lines of
// every step. Self-contained: no script or style is fetched from anywhere.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_REPORT_HTMLREPORT_H
#define LOCKCHECK_REPORT_HTMLREPORT_H

#include "report/Finding.h"
#include "report/RunStats.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockcheck::report {

/// Source files read from disk once each, for the lines a report quotes.
class SourceFiles {
public:
  /// Line Number (from 1) of File, without its newline; none when the file
  /// cannot be read or is shorter.
  std::optional<llvm::StringRef> line(llvm::StringRef File, unsigned Number);
  /// Uses Text as File's contents instead of reading it.
  void add(llvm::StringRef File, std::string Text);

  /// A file's contents and its lines (pointing into the contents).
  struct Text {
    std::string Contents;
    std::vector<llvm::StringRef> Lines;
  };

private:
  const Text *read(llvm::StringRef File);
  /// A null entry: the file could not be read.
  std::map<std::string, std::unique_ptr<Text>, std::less<>> Files;
};

/// Turns a DOT graph into an SVG document (report/Graphviz.h in the tool).
using SvgRenderer = llvm::function_ref<llvm::Expected<std::string>(llvm::StringRef Dot)>;

struct HtmlReportInfo {
  std::string ToolVersion;
};

/// The report's files as (name relative to the report folder, contents):
/// index.html first, then one page per finding and per suppressed finding.
llvm::Expected<std::vector<std::pair<std::string, std::string>>>
htmlReportFiles(const std::vector<Finding> &Findings,
                const std::vector<SuppressedFinding> &Suppressed, const RunStats &Stats,
                const HtmlReportInfo &Info, SourceFiles &Sources, SvgRenderer RenderSvg);

/// Fails early, before the analysis, when the report could not be written:
/// Dir is a folder this tool did not write, or Graphviz is missing.
llvm::Error checkHtmlOutput(llvm::StringRef Dir);

/// Writes the report into a new folder beside Dir and swaps it into place
/// (support/AtomicDirectory.h): an interrupted run leaves the old report.
llvm::Error writeHtmlReport(llvm::StringRef Dir, const std::vector<Finding> &Findings,
                            const std::vector<SuppressedFinding> &Suppressed,
                            const RunStats &Stats, const HtmlReportInfo &Info);

/// Text made safe inside HTML elements and quoted attribute values.
std::string escapeHtml(llvm::StringRef Text);

/// The file every lockcheck report folder holds, so that a later run knows
/// the folder is its own to replace.
inline constexpr const char *HtmlReportMarker = ".lockcheck-report";

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_HTMLREPORT_H
