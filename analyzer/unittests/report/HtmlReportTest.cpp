//===- unittests/report/HtmlReportTest.cpp - Pages, without Graphviz ------===//
//
// The pages are built here with a stand-in renderer and sources given in
// code; unittests/tool/test_html.py and test_html_browser.py run the real
// thing on the miniature kernel.
//
//===----------------------------------------------------------------------===//
#include "report/HtmlReport.h"
#include "unittests/report/FindingBuilder.h"

#include <gtest/gtest.h>

using namespace lockcheck::report;
using lockcheck::report::testing::finding;

namespace {

struct Built {
  std::vector<std::pair<std::string, std::string>> Files;
  std::vector<std::string> Dots;

  const std::string &file(llvm::StringRef Name) const {
    for (const auto &[N, Text] : Files)
      if (N == Name)
        return Text;
    static const std::string Missing = "<missing>";
    return Missing;
  }
};

Built build(const std::vector<Finding> &Findings, SourceFiles &Sources,
            const std::vector<SuppressedFinding> &Suppressed = {}) {
  Built B;
  auto Files = htmlReportFiles(Findings, Suppressed, RunStats(), {"9.9"}, Sources,
                               [&](llvm::StringRef Dot) -> llvm::Expected<std::string> {
                                 B.Dots.push_back(Dot.str());
                                 return "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg>graph " +
                                        std::to_string(B.Dots.size()) + "</svg>\n";
                               });
  EXPECT_TRUE(bool(Files)) << llvm::toString(Files.takeError());
  if (Files)
    B.Files = std::move(*Files);
  return B;
}

bool contains(const std::string &Text, llvm::StringRef Part) {
  return Text.find(Part.str()) != std::string::npos;
}

TEST(HtmlReportTest, EscapesEverythingItQuotes) {
  EXPECT_EQ(escapeHtml("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  Finding F = finding("fs/a.c", 3, 2);
  F.Message = "acquiring '<b>&amp;' that is already held";
  F.Fingerprint = "00000000000000aa";
  SourceFiles Sources;
  Sources.add("fs/a.c", "int x;\nint y;\n\tlock(o); /* </pre><script>x()</script> */\n");
  Built B = build({F}, Sources);
  for (const auto &[Name, Text] : B.Files) {
    EXPECT_FALSE(contains(Text, "<b>")) << Name;
    EXPECT_FALSE(contains(Text, "<script>x()")) << Name;
  }
  EXPECT_TRUE(contains(B.file("index.html"), "acquiring &#39;&lt;b&gt;&amp;amp;&#39;"));
  EXPECT_TRUE(contains(B.file("findings/00000000000000aa.html"),
                       "<mark>lock</mark>(o); /* &lt;/pre&gt;&lt;script&gt;x()&lt;/script&gt; "
                       "*/</span>"));
}

TEST(HtmlReportTest, OnePagePerFindingNamedByFingerprint) {
  Finding A = finding("fs/a.c", 3, 2), B = finding("fs/b.c", 4, 2), C = finding("fs/c.c", 5, 2);
  A.Fingerprint = "00000000000000aa";
  B.Fingerprint = "00000000000000aa";
  SourceFiles Sources;
  Built Out = build({A, B}, Sources, {SuppressedFinding{C, {Suppression::Source::SuppressionFile,
                                                            "supp.yaml", 3, "why <not>"}}});
  std::vector<std::string> Names;
  for (const auto &[Name, Text] : Out.Files)
    Names.push_back(Name);
  EXPECT_EQ(Names, (std::vector<std::string>{"index.html", "findings/00000000000000aa.html",
                                             "findings/00000000000000aa-2.html",
                                             "findings/finding.html"}));
  const std::string &Index = Out.file("index.html");
  EXPECT_TRUE(contains(Index, "<a href=\"findings/00000000000000aa-2.html\">fs/b.c:4:2</a>"));
  EXPECT_TRUE(contains(Index, "<table id=\"suppressed\" class=\"sortable\">"));
  EXPECT_TRUE(contains(Index, "<td>why &lt;not&gt;</td>"));
  EXPECT_TRUE(contains(Out.file("findings/finding.html"),
                       "<dt>Suppressed</dt><dd>why &lt;not&gt; (<code>supp.yaml:3</code>)</dd>"));
  // Sorting by file compares the line as a number: 9 before 10.
  EXPECT_TRUE(contains(Index, "data-key=\"fs/a.c:0000000003\""));
}

TEST(HtmlReportTest, FindingPageHasTheGraphAndEveryStep) {
  Finding F = finding("fs/a.c", 4, 7, /*TakenLine=*/2);
  F.Rule = "vfs-fsync-no-vfs-locks";
  F.Fingerprint = "00000000000000bb";
  SourceFiles Sources;
  Sources.add("fs/a.c", "void f(void)\n{\n\tlock(o);\n\tcall(lock(o));\n}\n");
  Built B = build({F}, Sources);
  ASSERT_EQ(B.Dots.size(), 1u);
  EXPECT_TRUE(contains(B.Dots[0], "digraph \"00000000000000bb\""));
  const std::string &Page = B.file("findings/00000000000000bb.html");
  // dot's XML prologue and doctype do not belong inside HTML.
  EXPECT_TRUE(contains(Page, "<div class=\"graph\"><svg>graph 1</svg>"));
  EXPECT_FALSE(contains(Page, "<?xml"));
  EXPECT_TRUE(contains(Page, "<dt>Rule</dt><dd>vfs-fsync-no-vfs-locks</dd>"));
  EXPECT_TRUE(contains(B.file("index.html"), "<td>recursive-lock / vfs-fsync-no-vfs-locks</td>"));
  for (int Step = 1; Step <= 3; ++Step)
    EXPECT_TRUE(contains(Page, "<li id=\"step-" + std::to_string(Step) + "\"")) << Step;
  // The reacquire at 4:7, two lines of context before it and one after
  // (the file ends there), the identifier at the column marked.
  EXPECT_TRUE(contains(Page, "<span class=\"line\"><span class=\"ln\">2</span>{</span>"
                             "<span class=\"line\"><span class=\"ln\">3</span>\tlock(o);</span>"
                             "<span class=\"line hit\"><span class=\"ln\">4</span>\tcall(<mark>"
                             "lock</mark>(o));</span><span class=\"line\"><span class=\"ln\">5"
                             "</span>}</span></code></pre>"))
      << Page;
}

TEST(HtmlReportTest, MissingSourceIsSaidNotFatal) {
  Finding F = finding("fs/gone.c", 3, 2);
  SourceFiles Sources;
  Built B = build({F}, Sources);
  EXPECT_TRUE(contains(B.file("findings/finding.html"),
                       "<p class=\"nosource\">source not available: fs/gone.c</p>"));
}

TEST(HtmlReportTest, ARendererErrorFailsTheReport) {
  SourceFiles Sources;
  auto Files = htmlReportFiles({finding("fs/a.c", 3, 2)}, {}, RunStats(), {"9.9"}, Sources,
                               [](llvm::StringRef) -> llvm::Expected<std::string> {
                                 return llvm::createStringError("dot -Tsvg failed: boom");
                               });
  ASSERT_FALSE(bool(Files));
  EXPECT_EQ(llvm::toString(Files.takeError()), "dot -Tsvg failed: boom");
}

} // namespace
