//===- unittests/tool/PatchReportTest.cpp ---------------------------------===//
#include "tool/PatchReport.h"

#include "report/Fingerprint.h"
#include "../report/FindingBuilder.h"

#include "gtest/gtest.h"

#include <nlohmann/json.hpp>

using namespace lockcheck;
using namespace lockcheck::tool;
using report::testing::finding;

namespace {

// Adds the lock at line 20 of a.c (input line 6), in the only hunk.
const char *PatchText = "--- a/a.c\n"
                        "+++ b/a.c\n"
                        "@@ -18,4 +18,5 @@\n"
                        " x\n"
                        " y\n"
                        "+\tlock(o);\n"
                        " z\n"
                        " w\n";

struct PatchReportTest : ::testing::Test {
  void SetUp() override {
    auto Patches = readPatches(PatchText, "p.patch");
    ASSERT_TRUE(bool(Patches));
    Input = PatchInput{"p.patch", PatchText, std::move(*Patches)};
    Lines = inputLines(Input.Text);
  }
  std::vector<report::Finding> fingerprinted(std::vector<report::Finding> F) {
    report::assignFingerprints(F);
    return F;
  }
  PatchOutcome outcome(std::vector<PatchItem> Items) {
    PatchOutcome O{&Input, &Input.Patches[0], std::move(Items), {}, 1, false};
    return O;
  }
  PatchInput Input;
  std::vector<llvm::StringRef> Lines;
};

TEST_F(PatchReportTest, IntroducedFindingIsTiedToTheChangedLine) {
  // The lock taken at a.c:20 is the changed line; the reacquire is elsewhere.
  auto After = fingerprinted({finding("a.c", 50, 2, /*TakenLine=*/20)});
  std::vector<PatchItem> Items = comparePatchFindings(Input.Patches[0], {}, After, Lines);
  ASSERT_EQ(Items.size(), 1u);
  EXPECT_EQ(Items[0].What, PatchItem::Kind::Introduced);
  EXPECT_EQ(Items[0].HunkNumber, 1u);
  EXPECT_EQ(Items[0].InputLine, 6u);
  EXPECT_EQ(Items[0].FileLine, 20u);
  EXPECT_EQ(Items[0].LineText, "+\tlock(o);");

  std::string Text;
  llvm::raw_string_ostream OS(Text);
  writePatchText(OS, {outcome(Items)}, /*Terse=*/true);
  EXPECT_EQ(Text, "a.c:20: WARNING: acquiring 'obj.lock' that is already held "
                  "[recursive-lock], introduced by this patch\n");
  Text.clear();
  writePatchText(OS, {outcome(Items)}, /*Terse=*/false);
  EXPECT_TRUE(llvm::StringRef(Text).starts_with(
      "WARNING:RECURSIVE_LOCK: acquiring 'obj.lock' that is already held [recursive-lock], "
      "introduced by this patch\n#6: FILE: a.c:20:\n+\tlock(o);\na.c:50:2: warning: "))
      << Text;

  auto Check = nlohmann::json::parse(writePatchworkChecks({outcome(Items)}, "u"));
  EXPECT_EQ(Check["state"], "fail");
  EXPECT_EQ(Check["target_url"], "u");
}

TEST_F(PatchReportTest, KnownFindingCountsOnlyThroughAChangedLine) {
  // Same fingerprint before and after: through the changed line it is a CHECK,
  // elsewhere nothing at all.
  auto Through = fingerprinted({finding("a.c", 50, 2, 20)});
  auto Before = fingerprinted({finding("a.c", 49, 2, 20)});
  std::vector<PatchItem> Items = comparePatchFindings(Input.Patches[0], Before, Through, Lines);
  ASSERT_EQ(Items.size(), 1u);
  EXPECT_EQ(Items[0].What, PatchItem::Kind::ThroughChange);
  auto Check = nlohmann::json::parse(writePatchworkChecks({outcome(Items)}, ""));
  EXPECT_EQ(Check["state"], "warning");

  auto Elsewhere = fingerprinted({finding("b.c", 50, 2, 7)});
  EXPECT_TRUE(comparePatchFindings(Input.Patches[0], Elsewhere, Elsewhere, Lines).empty());
  Check = nlohmann::json::parse(writePatchworkChecks({outcome({})}, ""));
  EXPECT_EQ(Check["state"], "success");
}

TEST_F(PatchReportTest, RemovedFindingAndCleanOutput) {
  auto Before = fingerprinted({finding("b.c", 9, 2, 3)});
  std::vector<PatchItem> Items = comparePatchFindings(Input.Patches[0], Before, {}, Lines);
  ASSERT_EQ(Items.size(), 1u);
  EXPECT_EQ(Items[0].What, PatchItem::Kind::Removed);
  EXPECT_EQ(Items[0].TheHunk, nullptr); // b.c is not in the patch

  // Nothing to say: no text, no annotated patch.
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  writePatchText(OS, {outcome({})}, false);
  writeAnnotatedPatch(OS, llvm::ArrayRef<PatchInput>(Input), {outcome({})});
  EXPECT_EQ(Text, "");
}

TEST_F(PatchReportTest, AnnotationsFollowTheirHunk) {
  auto After = fingerprinted({finding("a.c", 50, 2, 20)});
  std::vector<PatchOutcome> Outcomes{
      outcome(comparePatchFindings(Input.Patches[0], {}, After, Lines))};
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  writeAnnotatedPatch(OS, llvm::ArrayRef<PatchInput>(Input), Outcomes);
  EXPECT_TRUE(llvm::StringRef(Text).starts_with(
      std::string(PatchText) + "lockcheck: WARNING:RECURSIVE_LOCK: "))
      << Text;
}

} // namespace
