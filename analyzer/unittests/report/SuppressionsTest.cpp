//===- unittests/report/SuppressionsTest.cpp - Comments and the YAML file ===//
#include "report/SuppressionComments.h"
#include "report/Suppressions.h"
#include "unittests/report/FindingBuilder.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>

using namespace lockcheck::report;
using lockcheck::report::testing::finding;

namespace {

const std::vector<std::string> KnownIds{"lock-order", "recursive-lock"};

std::string commentError(llvm::StringRef Text) {
  auto Parsed = parseSuppressionComments(Text, "fs/a.c");
  EXPECT_FALSE(bool(Parsed)) << Text.str();
  return Parsed ? std::string() : llvm::toString(Parsed.takeError());
}

TEST(SuppressionCommentsTest, ReadsBlockAndLineComments) {
  auto Parsed = parseSuppressionComments(
      "int x;\n"
      "\tdown_write(&o->sem); /* lockcheck: ignore recursive-lock: guarded by journal_info */\n"
      "// lockcheck: ignore lock-order:   order fixed by i_ino \n"
      " * lockcheck: ignore recursive-lock: inside a block comment\n"
      "printf(\"lockcheck: ignore this, it is a string\");\n",
      "fs/a.c");
  ASSERT_TRUE(bool(Parsed)) << llvm::toString(Parsed.takeError());
  ASSERT_EQ(Parsed->size(), 3u);
  EXPECT_EQ((*Parsed)[0].Line, 2u);
  EXPECT_EQ((*Parsed)[0].Id, "recursive-lock");
  EXPECT_EQ((*Parsed)[0].Reason, "guarded by journal_info");
  EXPECT_EQ((*Parsed)[1].Line, 3u);
  EXPECT_EQ((*Parsed)[1].Id, "lock-order");
  EXPECT_EQ((*Parsed)[1].Reason, "order fixed by i_ino");
  EXPECT_EQ((*Parsed)[2].Line, 4u);
}

TEST(SuppressionCommentsTest, AReasonIsMandatory) {
  EXPECT_EQ(commentError("\n/* lockcheck: ignore recursive-lock: */\n"),
            "fs/a.c:2: suppression of 'recursive-lock' gives no reason");
  EXPECT_EQ(commentError("/* lockcheck: ignore recursive-lock */"),
            "fs/a.c:1: expected 'lockcheck: ignore <checker or rule id>: <reason>'");
  EXPECT_EQ(commentError("\n\n// lockcheck: ignroe recursive-lock: typo\n"),
            "fs/a.c:3: expected 'lockcheck: ignore <checker or rule id>: <reason>'");
  EXPECT_EQ(commentError("/* lockcheck: ignore : no id */"),
            "fs/a.c:1: expected 'lockcheck: ignore <checker or rule id>: <reason>'");
}

/// A temporary folder holding source files, removed at the end of the test.
class SuppressionsTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("lockcheck-suppressions", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  std::string write(llvm::StringRef Name, llvm::StringRef Text) {
    llvm::SmallString<128> Path = Dir;
    llvm::sys::path::append(Path, Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    EXPECT_FALSE(EC);
    OS << Text;
    return std::string(Path);
  }

  /// Applies S to Findings; returns the lines of the suppressed ones.
  std::vector<unsigned> suppressedLines(Suppressions &S, std::vector<Finding> &Findings) {
    std::vector<SuppressedFinding> Suppressed;
    RunStats Stats;
    llvm::Error E = S.apply(Findings, Suppressed, Stats);
    EXPECT_FALSE(bool(E)) << llvm::toString(std::move(E));
    EXPECT_EQ(Stats.Suppressed, Suppressed.size());
    std::vector<unsigned> Lines;
    for (const SuppressedFinding &F : Suppressed)
      Lines.push_back(F.Found.Line);
    return Lines;
  }

  std::string loadError(llvm::StringRef Yaml) {
    Suppressions S(KnownIds);
    llvm::Error E = S.loadBuffer(Yaml, "supp.yaml");
    EXPECT_TRUE(bool(E)) << Yaml.str();
    return E ? llvm::toString(std::move(E)) : std::string();
  }

  llvm::SmallString<128> Dir;
};

// Lines 1-9 of a.c; the entry function is defined on line 1 (finding()).
TEST_F(SuppressionsTest, CommentAtTheFindingOrTheLineBefore) {
  std::string A = write("a.c", "void entry(void)\n{\n"
                               "\t/* lockcheck: ignore recursive-lock: on the line before */\n"
                               "\tlock(); /* line 4 */\n"
                               "\tlock(); /* lockcheck: ignore recursive-lock: on the line */\n"
                               "\t/* lockcheck: ignore recursive-lock: two lines above */\n"
                               "\n"
                               "\tlock();\n"
                               "\tlock(); /* lockcheck: ignore lock-order: another checker */\n");
  std::vector<Finding> Findings{finding(A, 4, 2, 2, "entry"), finding(A, 5, 2, 2, "entry"),
                                finding(A, 8, 2, 2, "entry"), finding(A, 9, 2, 2, "entry")};
  Suppressions S(KnownIds);
  EXPECT_EQ(suppressedLines(S, Findings), (std::vector<unsigned>{4, 5}));
  ASSERT_EQ(Findings.size(), 2u);
  EXPECT_EQ(Findings[0].Line, 8u);
  EXPECT_EQ(Findings[1].Line, 9u);
}

TEST_F(SuppressionsTest, CommentAtTheEntryFunction) {
  std::string Entry = write("entry.c", "/* lockcheck: ignore recursive-lock: callers hold no lock */\n"
                                       "void entry(void) {}\n");
  std::string A = write("a.c", "\n\n\n\n\n");
  Finding F = finding(A, 4, 2, 2, "entry");
  F.Trace[0].File = Entry;
  F.Trace[0].Line = 2;
  std::vector<Finding> Findings{F};
  std::vector<SuppressedFinding> Suppressed;
  RunStats Stats;
  Suppressions S(KnownIds);
  ASSERT_FALSE(bool(S.apply(Findings, Suppressed, Stats)));
  ASSERT_EQ(Suppressed.size(), 1u);
  EXPECT_EQ(Suppressed[0].By.From, Suppression::Source::InlineComment);
  EXPECT_EQ(Suppressed[0].By.File, Entry);
  EXPECT_EQ(Suppressed[0].By.Line, 1u);
  EXPECT_EQ(Suppressed[0].By.Reason, "callers hold no lock");
}

TEST_F(SuppressionsTest, BadCommentInAFindingsFileIsAnError) {
  std::string A = write("a.c", "\n/* lockcheck: ignore recursive-lock */\n\n\n");
  std::string B = write("b.c", "\n/* lockcheck: ignore recursive-lok: typo */\n\n\n");
  for (const auto &[File, Message] :
       {std::pair{A, ":2: expected 'lockcheck: ignore <checker or rule id>: <reason>'"},
        std::pair{B, ":2: unknown checker or rule 'recursive-lok'"}}) {
    std::vector<Finding> Findings{finding(File, 4, 2)};
    std::vector<SuppressedFinding> Suppressed;
    RunStats Stats;
    Suppressions S(KnownIds);
    llvm::Error E = S.apply(Findings, Suppressed, Stats);
    ASSERT_TRUE(bool(E));
    EXPECT_EQ(llvm::toString(std::move(E)), File + Message);
  }
}

TEST_F(SuppressionsTest, UnreadableSourceHoldsNoComments) {
  std::vector<Finding> Findings{finding(std::string(Dir) + "/gone.c", 4, 2)};
  Suppressions S(KnownIds);
  EXPECT_TRUE(suppressedLines(S, Findings).empty());
  EXPECT_EQ(Findings.size(), 1u);
}

TEST_F(SuppressionsTest, FileEntriesByFingerprintOrFunction) {
  Suppressions S(KnownIds);
  llvm::Error E = S.loadBuffer("suppressions:\n"
                               "  - checker: recursive-lock\n"
                               "    fingerprint: 00000000000000aa\n"
                               "    reason: known, fixed upstream\n"
                               "  - checker: recursive-lock\n"
                               "    function: b_write_iter\n"
                               "    reason: 'b: guarded'\n"
                               "  - checker: lock-order\n"
                               "    function: f\n"
                               "    reason: another checker\n",
                               "supp.yaml");
  ASSERT_FALSE(bool(E)) << llvm::toString(std::move(E));
  std::vector<Finding> Findings{finding("/no/a.c", 10, 2, 1, "a_write_iter"),
                                finding("/no/a.c", 20, 2, 1, "a_write_iter"),
                                finding("/no/a.c", 30, 2, 1, "b_write_iter")};
  Findings[0].Fingerprint = "00000000000000aa";
  Findings[1].Fingerprint = "00000000000000bb";
  std::vector<SuppressedFinding> Suppressed;
  RunStats Stats;
  ASSERT_FALSE(bool(S.apply(Findings, Suppressed, Stats)));
  ASSERT_EQ(Suppressed.size(), 2u);
  EXPECT_EQ(Suppressed[0].Found.Line, 10u);
  EXPECT_EQ(Suppressed[0].By.From, Suppression::Source::SuppressionFile);
  EXPECT_EQ(Suppressed[0].By.File, "supp.yaml");
  EXPECT_EQ(Suppressed[0].By.Line, 2u);
  EXPECT_EQ(Suppressed[0].By.Reason, "known, fixed upstream");
  EXPECT_EQ(Suppressed[1].Found.Line, 30u);
  EXPECT_EQ(Suppressed[1].By.Line, 5u);
  ASSERT_EQ(Findings.size(), 1u);
  EXPECT_EQ(Findings[0].Line, 20u);
}

TEST_F(SuppressionsTest, RuleIdsMatchFindingsOfThatRule) {
  Suppressions S({"vfs-fsync-no-vfs-locks", "recursive-lock"});
  ASSERT_FALSE(bool(S.loadBuffer("suppressions:\n  - rule: vfs-fsync-no-vfs-locks\n"
                                 "    function: f\n    reason: r\n",
                                 "supp.yaml")));
  std::vector<Finding> Findings{finding("/no/a.c", 10, 2), finding("/no/a.c", 20, 2)};
  Findings[1].Rule = "vfs-fsync-no-vfs-locks";
  EXPECT_EQ(suppressedLines(S, Findings), (std::vector<unsigned>{20}));
}

TEST_F(SuppressionsTest, FileErrorsNameFileLineAndFault) {
  EXPECT_EQ(loadError("suppressions:\n  - checker: recursive-lock\n    function: f\n"),
            "supp.yaml:2:5: missing required key 'reason'");
  EXPECT_EQ(loadError("suppressions:\n  - checker: recursive-lock\n    function: f\n"
                      "    reason: ''\n"),
            "supp.yaml:2:5: a suppression of 'recursive-lock' gives no reason");
  EXPECT_EQ(loadError("suppressions:\n  - checker: recursive-lok\n    function: f\n"
                      "    reason: r\n"),
            "supp.yaml:2:5: unknown checker or rule 'recursive-lok'");
  EXPECT_EQ(loadError("suppressions:\n  - function: f\n    reason: r\n"),
            "supp.yaml:2:5: a suppression names either a 'checker' or a 'rule'");
  EXPECT_EQ(loadError("suppressions:\n  - checker: recursive-lock\n    reason: r\n"),
            "supp.yaml:2:5: a suppression of 'recursive-lock' needs a 'fingerprint' or a "
            "'function'");
  EXPECT_EQ(loadError("suppressions:\n  - checker: recursive-lock\n    function: f\n"
                      "    reason: r\n    file: a.c\n"),
            "supp.yaml:5:5: unknown key 'file'");
}

} // namespace
