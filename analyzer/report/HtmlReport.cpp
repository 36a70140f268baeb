//===- report/HtmlReport.cpp -----------------------------------------------===//
#include "report/HtmlReport.h"

#include "report/CallLockGraph.h"
#include "report/Graphviz.h"
#include "report/HtmlAssets.h"
#include "support/AtomicDirectory.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace lockcheck::report {

/// Lines shown before and after each step's own line.
static constexpr unsigned ContextLines = 2;

static std::unique_ptr<SourceFiles::Text> splitLines(std::string Contents) {
  auto T = std::make_unique<SourceFiles::Text>();
  T->Contents = std::move(Contents);
  llvm::StringRef Rest = T->Contents;
  while (!Rest.empty()) {
    auto [Line, Next] = Rest.split('\n');
    T->Lines.push_back(Line.rtrim('\r'));
    Rest = Next;
  }
  return T;
}

const SourceFiles::Text *SourceFiles::read(llvm::StringRef File) {
  auto Found = Files.find(File);
  if (Found != Files.end())
    return Found->second.get();
  std::unique_ptr<Text> T;
  if (auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/true))
    T = splitLines((*Buffer)->getBuffer().str());
  return Files.emplace(File.str(), std::move(T)).first->second.get();
}

void SourceFiles::add(llvm::StringRef File, std::string Contents) {
  Files[File.str()] = splitLines(std::move(Contents));
}

std::optional<llvm::StringRef> SourceFiles::line(llvm::StringRef File, unsigned Number) {
  const Text *T = read(File);
  if (!T || Number == 0 || Number > T->Lines.size())
    return std::nullopt;
  return T->Lines[Number - 1];
}

std::string escapeHtml(llvm::StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  for (char C : Text) {
    switch (C) {
    case '&': Out += "&amp;"; break;
    case '<': Out += "&lt;"; break;
    case '>': Out += "&gt;"; break;
    case '"': Out += "&quot;"; break;
    case '\'': Out += "&#39;"; break;
    default: Out += C;
    }
  }
  return Out;
}

static void writeHead(llvm::raw_ostream &OS, llvm::StringRef Title, const HtmlReportInfo &Info) {
  OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<meta name=\"generator\" content=\"lockcheck " << escapeHtml(Info.ToolVersion)
     << "\">\n<title>" << escapeHtml(Title) << "</title>\n<style>" << HtmlStyle
     << "</style>\n</head>\n<body>\n";
}

static std::string location(llvm::StringRef File, unsigned Line, unsigned Column = 0) {
  std::string Out = File.str();
  if (Line)
    Out += ":" + std::to_string(Line);
  if (Line && Column)
    Out += ":" + std::to_string(Column);
  return Out;
}

static std::string checkerText(const Finding &F) {
  return F.Rule.empty() ? F.Checker : F.Checker + " / " + F.Rule;
}

/// One page name per finding, from its fingerprint: stable across runs, so
/// a link to a finding's page in review stays good.
static std::vector<std::string> pageNames(const std::vector<const Finding *> &All) {
  llvm::StringMap<unsigned> Used;
  std::vector<std::string> Names;
  for (const Finding *F : All) {
    std::string Base = F->Fingerprint.empty() ? "finding" : F->Fingerprint;
    unsigned N = ++Used[Base];
    Names.push_back("findings/" + (N == 1 ? Base : Base + "-" + std::to_string(N)) + ".html");
  }
  return Names;
}

static void writeFindingTable(llvm::raw_ostream &OS, llvm::StringRef Id,
                              llvm::ArrayRef<const Finding *> Findings,
                              llvm::ArrayRef<std::string> Pages,
                              llvm::ArrayRef<const Suppression *> SuppressedBy) {
  OS << "<table id=\"" << Id << "\" class=\"sortable\">\n<thead><tr>"
     << "<th data-column=\"checker\"><button type=\"button\">Checker</button></th>"
     << "<th data-column=\"lock\"><button type=\"button\">Lock</button></th>"
     << "<th data-column=\"file\"><button type=\"button\">File</button></th>"
     << "<th data-column=\"function\"><button type=\"button\">Function</button></th>"
     << "<th>Message</th>";
  if (!SuppressedBy.empty())
    OS << "<th>Suppressed because</th>";
  OS << "</tr></thead>\n<tbody>\n";
  for (size_t I = 0; I < Findings.size(); ++I) {
    const Finding &F = *Findings[I];
    // File sorts by name, then line as a number: zero-padded, 9 before 10.
    std::string Line = std::to_string(F.Line);
    std::string FileKey = F.File + ":" + std::string(10 - Line.size(), '0') + Line;
    OS << "<tr data-order=\"" << I << "\"><td>" << escapeHtml(checkerText(F)) << "</td>"
       << "<td class=\"mono\">" << escapeHtml(F.Lock) << "</td>"
       << "<td class=\"mono\" data-key=\"" << escapeHtml(FileKey) << "\"><a href=\""
       << escapeHtml(Pages[I]) << "\">" << escapeHtml(location(F.File, F.Line, F.Column))
       << "</a></td><td class=\"mono\">" << escapeHtml(F.Function) << "</td>"
       << "<td><a href=\"" << escapeHtml(Pages[I]) << "\">" << escapeHtml(F.Message)
       << "</a></td>";
    if (!SuppressedBy.empty())
      OS << "<td>" << escapeHtml(SuppressedBy[I]->Reason) << "</td>";
    OS << "</tr>\n";
  }
  OS << "</tbody>\n</table>\n";
}

static std::string indexPage(const std::vector<Finding> &Findings,
                             const std::vector<SuppressedFinding> &Suppressed,
                             const RunStats &Stats, const HtmlReportInfo &Info,
                             llvm::ArrayRef<std::string> Pages) {
  std::string Html;
  llvm::raw_string_ostream OS(Html);
  writeHead(OS, "lockcheck: " + std::to_string(Findings.size()) + " findings", Info);
  OS << "<h1>lockcheck: " << Findings.size() << " findings</h1>\n<p class=\"summary\">"
     << Stats.TUsAnalyzed << " TUs analyzed, " << Stats.FailedTUs.size() << " skipped; "
     << Stats.Functions << " functions, " << Stats.CallSites << " call sites, "
     << Stats.IndirectResolved << " indirect call sites resolved; " << Stats.Suppressed
     << " findings suppressed";
  if (Stats.BaselineUsed)
    OS << "; baseline: " << Findings.size() << " new, " << Stats.BaselineKnown << " known, "
       << Stats.BaselineAbsent << " no longer found";
  OS << ".</p>\n";
  std::vector<const Finding *> Reported;
  for (const Finding &F : Findings)
    Reported.push_back(&F);
  if (Reported.empty())
    OS << "<p>No findings.</p>\n";
  else
    writeFindingTable(OS, "findings", Reported, Pages.take_front(Reported.size()), {});
  if (!Suppressed.empty()) {
    std::vector<const Finding *> Held;
    std::vector<const Suppression *> By;
    for (const SuppressedFinding &S : Suppressed) {
      Held.push_back(&S.Found);
      By.push_back(&S.By);
    }
    OS << "<h2>Suppressed</h2>\n";
    writeFindingTable(OS, "suppressed", Held, Pages.drop_front(Reported.size()), By);
  }
  if (!Stats.FailedTUs.empty()) {
    OS << "<h2>Skipped TUs</h2>\n<ul>\n";
    for (const auto &[File, Error] : Stats.FailedTUs)
      OS << "<li><code>" << escapeHtml(File) << "</code>: " << escapeHtml(Error) << "</li>\n";
    OS << "</ul>\n";
  }
  OS << "<script>" << HtmlSortScript << "</script>\n</body>\n</html>\n";
  return Html;
}

/// The source around Line, the line itself marked and the identifier at
/// Column highlighted.
static void writeSource(llvm::raw_ostream &OS, SourceFiles &Sources, const TraceStep &S) {
  if (!Sources.line(S.File, S.Line)) {
    OS << "<p class=\"nosource\">source not available: " << escapeHtml(S.File) << "</p>\n";
    return;
  }
  OS << "<pre class=\"source\"><code>";
  unsigned First = S.Line > ContextLines ? S.Line - ContextLines : 1;
  for (unsigned N = First; N <= S.Line + ContextLines; ++N) {
    std::optional<llvm::StringRef> Text = Sources.line(S.File, N);
    if (!Text)
      break;
    bool Hit = N == S.Line;
    OS << "<span class=\"line" << (Hit ? " hit" : "") << "\"><span class=\"ln\">" << N
       << "</span>";
    size_t Column = S.Column ? S.Column - 1 : Text->size();
    if (Hit && Column < Text->size()) {
      llvm::StringRef Rest = Text->drop_front(Column);
      llvm::StringRef Word =
          Rest.take_while([](char C) { return llvm::isAlnum(C) || C == '_'; });
      if (Word.empty())
        Word = Rest.take_front(1);
      OS << escapeHtml(Text->take_front(Column)) << "<mark>" << escapeHtml(Word) << "</mark>"
         << escapeHtml(Rest.drop_front(Word.size()));
    } else {
      OS << escapeHtml(*Text);
    }
    OS << "</span>";
  }
  OS << "</code></pre>\n";
}

/// dot's SVG document as an element to inline in HTML: its XML prologue and
/// doctype dropped.
static llvm::StringRef svgElement(llvm::StringRef Svg) {
  size_t Start = Svg.find("<svg");
  return Start == llvm::StringRef::npos ? Svg : Svg.drop_front(Start);
}

static llvm::Expected<std::string> findingPage(const Finding &F, const Suppression *By,
                                               const HtmlReportInfo &Info,
                                               SourceFiles &Sources, SvgRenderer RenderSvg) {
  auto Svg = RenderSvg(writeDot(witnessGraph(F, "#step-"), F.Fingerprint));
  if (!Svg)
    return Svg.takeError();
  std::string Html;
  llvm::raw_string_ostream OS(Html);
  writeHead(OS, F.Message + " [" + F.ruleId() + "]", Info);
  OS << "<p><a href=\"../index.html\">&larr; all findings</a></p>\n"
     << "<h1>" << escapeHtml(F.Message) << " [" << escapeHtml(F.ruleId()) << "]</h1>\n"
     << "<dl class=\"facts\">\n<dt>Checker</dt><dd>" << escapeHtml(F.Checker) << "</dd>\n";
  if (!F.Rule.empty())
    OS << "<dt>Rule</dt><dd>" << escapeHtml(F.Rule) << "</dd>\n";
  OS << "<dt>Lock</dt><dd><code>" << escapeHtml(F.Lock) << "</code></dd>\n"
     << "<dt>Where</dt><dd><code>" << escapeHtml(location(F.File, F.Line, F.Column))
     << "</code> in <code>" << escapeHtml(F.Function) << "</code></dd>\n";
  if (!F.Identity.empty())
    OS << "<dt>Identity</dt><dd>" << escapeHtml(F.Identity) << "</dd>\n";
  OS << "<dt>Fingerprint</dt><dd><code>" << escapeHtml(F.Fingerprint) << "</code></dd>\n";
  if (By)
    OS << "<dt>Suppressed</dt><dd>" << escapeHtml(By->Reason) << " (<code>"
       << escapeHtml(location(By->File, By->Line)) << "</code>)</dd>\n";
  OS << "</dl>\n<h2>Path</h2>\n<div class=\"graph\">" << svgElement(*Svg) << "</div>\n"
     << "<h2>Steps</h2>\n<ol class=\"steps\">\n";
  for (size_t I = 0; I < F.Trace.size(); ++I) {
    const TraceStep &S = F.Trace[I];
    OS << "<li id=\"step-" << I + 1 << "\" class=\"step step-" << escapeHtml(S.Kind)
       << "\"><div><span class=\"kind\">" << escapeHtml(S.Kind) << "</span> "
       << escapeHtml(S.Detail) << "</div>\n<div><code>"
       << escapeHtml(location(S.File, S.Line, S.Column)) << "</code> in <code>"
       << escapeHtml(S.Function) << "</code></div>\n";
    writeSource(OS, Sources, S);
    OS << "</li>\n";
  }
  OS << "</ol>\n</body>\n</html>\n";
  return Html;
}

llvm::Expected<std::vector<std::pair<std::string, std::string>>>
htmlReportFiles(const std::vector<Finding> &Findings,
                const std::vector<SuppressedFinding> &Suppressed, const RunStats &Stats,
                const HtmlReportInfo &Info, SourceFiles &Sources, SvgRenderer RenderSvg) {
  std::vector<const Finding *> All;
  std::vector<const Suppression *> By;
  for (const Finding &F : Findings) {
    All.push_back(&F);
    By.push_back(nullptr);
  }
  for (const SuppressedFinding &S : Suppressed) {
    All.push_back(&S.Found);
    By.push_back(&S.By);
  }
  std::vector<std::string> Pages = pageNames(All);
  std::vector<std::pair<std::string, std::string>> Files;
  Files.emplace_back("index.html", indexPage(Findings, Suppressed, Stats, Info, Pages));
  for (size_t I = 0; I < All.size(); ++I) {
    auto Page = findingPage(*All[I], By[I], Info, Sources, RenderSvg);
    if (!Page)
      return Page.takeError();
    Files.emplace_back(Pages[I], std::move(*Page));
  }
  return Files;
}

llvm::Error checkHtmlOutput(llvm::StringRef Dir) {
  if (llvm::Error E = support::AtomicDirectory::checkReplaceable(Dir, HtmlReportMarker))
    return E;
  return GraphvizRenderer::find().takeError();
}

llvm::Error writeHtmlReport(llvm::StringRef Dir, const std::vector<Finding> &Findings,
                            const std::vector<SuppressedFinding> &Suppressed,
                            const RunStats &Stats, const HtmlReportInfo &Info) {
  auto Graphviz = GraphvizRenderer::find();
  if (!Graphviz)
    return Graphviz.takeError();
  auto Out = support::AtomicDirectory::create(Dir, HtmlReportMarker);
  if (!Out)
    return Out.takeError();
  SourceFiles Sources;
  auto Files = htmlReportFiles(Findings, Suppressed, Stats, Info, Sources,
                               [&](llvm::StringRef Dot) { return Graphviz->renderSvg(Dot); });
  if (!Files)
    return Files.takeError();
  for (const auto &[Name, Contents] : *Files)
    if (llvm::Error E = Out->writeFile(Name, Contents))
      return E;
  return Out->commit();
}

} // namespace lockcheck::report
