//===- unittests/report/FingerprintTest.cpp - Ids that survive line moves ===//
#include "report/Fingerprint.h"
#include "unittests/report/FindingBuilder.h"

#include <gtest/gtest.h>

using namespace lockcheck::report;
using lockcheck::report::testing::finding;
using lockcheck::report::testing::traceStep;

namespace {

/// The same bug with every line and column moved, in a renamed file.
Finding moved(Finding F) {
  F.File = "/elsewhere/" + F.File;
  F.Line += 40;
  F.Column += 3;
  for (TraceStep &S : F.Trace) {
    S.File = "/elsewhere/" + S.File;
    S.Line += 40;
    S.Column += 1;
  }
  return F;
}

TEST(FingerprintTest, SixteenHexDigits) {
  std::string Print = pathFingerprint(finding("/src/a.c", 20, 5, 12));
  EXPECT_EQ(Print.size(), 16u);
  EXPECT_EQ(Print.find_first_not_of("0123456789abcdef"), std::string::npos) << Print;
}

TEST(FingerprintTest, LinesColumnsAndFilesDoNotCount) {
  Finding F = finding("/src/a.c", 20, 5, 12);
  EXPECT_EQ(pathFingerprint(F), pathFingerprint(moved(F)));
}

TEST(FingerprintTest, AFunctionOnThePathCounts) {
  Finding F = finding("/src/a.c", 20, 5, 12, "a_write_iter");
  Finding OtherEntry = finding("/src/a.c", 20, 5, 12, "b_write_iter");
  EXPECT_NE(pathFingerprint(F), pathFingerprint(OtherEntry));
  Finding ThroughWrapper = F;
  ThroughWrapper.Trace.insert(ThroughWrapper.Trace.begin() + 1,
                              traceStep("a_write_iter", "/src/a.c", 2, 2, "call", "calling 'f'"));
  EXPECT_NE(pathFingerprint(F), pathFingerprint(ThroughWrapper));
}

TEST(FingerprintTest, CheckerRuleAndLockCount) {
  Finding F = finding("/src/a.c", 20, 5, 12);
  Finding OtherChecker = F;
  OtherChecker.Checker = "lock-order";
  Finding WithRule = F;
  WithRule.Rule = "vfs-fsync-no-vfs-locks";
  Finding OtherLock = F;
  OtherLock.Lock = "obj.other_lock";
  for (const Finding *Other : {&OtherChecker, &WithRule, &OtherLock})
    EXPECT_NE(pathFingerprint(F), pathFingerprint(*Other));
}

TEST(FingerprintTest, ProvingIdentityDoesNotRenameTheFinding) {
  Finding Undecided = finding("/src/a.c", 20, 5, 12);
  Undecided.Identity = "undecided";
  Undecided.Trace.push_back(
      traceStep("f", "/src/a.c", 20, 5, "identity",
                "could not prove that both acquisitions lock the same object"));
  Finding Proven = finding("/src/a.c", 20, 5, 12);
  Proven.Identity = "same-object";
  EXPECT_EQ(pathFingerprint(Undecided), pathFingerprint(Proven));
}

TEST(FingerprintTest, TwinsAreToldApartAndTheFirstKeepsItsId) {
  // One function taking its lock a second and a third time: same path.
  std::vector<Finding> Findings{finding("/src/a.c", 20, 5, 12), finding("/src/a.c", 30, 5, 12)};
  assignFingerprints(Findings);
  EXPECT_EQ(Findings[0].Fingerprint, pathFingerprint(Findings[0]));
  EXPECT_NE(Findings[1].Fingerprint, Findings[0].Fingerprint);
  EXPECT_EQ(Findings[1].Fingerprint.size(), 16u);

  std::vector<Finding> Alone{finding("/src/a.c", 20, 5, 12)};
  assignFingerprints(Alone);
  EXPECT_EQ(Alone[0].Fingerprint, Findings[0].Fingerprint);
}

} // namespace
