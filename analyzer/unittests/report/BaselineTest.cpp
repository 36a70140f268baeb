//===- unittests/report/BaselineTest.cpp - Recording and comparing runs ---===//
#include "report/Baseline.h"
#include "report/Fingerprint.h"
#include "unittests/report/FindingBuilder.h"

#include <gtest/gtest.h>

using namespace lockcheck::report;
using lockcheck::report::testing::finding;

namespace {

/// Findings at the given lines of a.c, each entered from its own function so
/// their fingerprints differ.
std::vector<Finding> findingsAt(std::initializer_list<unsigned> Lines) {
  std::vector<Finding> Out;
  for (unsigned Line : Lines)
    Out.push_back(finding("fs/a.c", Line, 2, 1, "entry_" + std::to_string(Line)));
  assignFingerprints(Out);
  return Out;
}

std::string errorOf(llvm::StringRef Text) {
  llvm::Expected<Baseline> B = Baseline::parse(Text, "base.json");
  EXPECT_FALSE(bool(B)) << Text.str();
  return B ? std::string() : llvm::toString(B.takeError());
}

TEST(BaselineTest, WrittenFileReadsBack) {
  std::vector<Finding> Findings = findingsAt({10, 20});
  std::string Json = Baseline::of(Findings).toJson();
  EXPECT_EQ(Json.back(), '\n');
  llvm::Expected<Baseline> Read = Baseline::parse(Json, "base.json");
  ASSERT_TRUE(bool(Read)) << llvm::toString(Read.takeError());
  ASSERT_EQ(Read->entries().size(), 2u);
  const BaselineEntry &E = Read->entries()[1];
  EXPECT_EQ(E.Fingerprint, Findings[1].Fingerprint);
  EXPECT_EQ(E.RuleId, "recursive-lock");
  EXPECT_EQ(E.Lock, "obj.lock");
  EXPECT_EQ(E.Function, "f");
  EXPECT_EQ(E.File, "fs/a.c");
  EXPECT_EQ(E.Line, 20u);
  EXPECT_EQ(E.Message, "acquiring 'obj.lock' that is already held");
}

TEST(BaselineTest, KeepsNewFindingsAndCountsKnownAndAbsent) {
  Baseline Old = Baseline::of(findingsAt({10, 20, 30}));
  // 20 was fixed, 40 is new; 10 moved down 5 lines, which changes nothing.
  std::vector<Finding> Today = findingsAt({15, 30, 40});
  Today[0].Trace[0].Function = "entry_10";
  assignFingerprints(Today);
  RunStats S;
  Old.removeKnown(Today, {}, S);
  ASSERT_EQ(Today.size(), 1u);
  EXPECT_EQ(Today[0].Line, 40u);
  EXPECT_TRUE(S.BaselineUsed);
  EXPECT_EQ(S.BaselineKnown, 2u);
  EXPECT_EQ(S.BaselineAbsent, 1u);
}

TEST(BaselineTest, SuppressedFindingsAreStillFound) {
  std::vector<Finding> Both = findingsAt({10, 20});
  Baseline Old = Baseline::of(Both);
  std::vector<Finding> Reported{Both[0]};
  std::vector<SuppressedFinding> Suppressed{{Both[1], Suppression{}}};
  RunStats S;
  Old.removeKnown(Reported, Suppressed, S);
  EXPECT_TRUE(Reported.empty());
  EXPECT_EQ(S.BaselineKnown, 1u);
  EXPECT_EQ(S.BaselineAbsent, 0u);
}

TEST(BaselineTest, MalformedFilesSayWhatIsWrong) {
  std::string Head = R"("format": "lockcheck-baseline", "version": 1, )"
                     R"("fingerprints": "lockcheck-fingerprint-1")";
  EXPECT_EQ(errorOf("{"), "base.json: not valid JSON");
  EXPECT_EQ(errorOf(R"({"findings": [], "stats": {}})"),
            "base.json: not a lockcheck baseline (no \"format\": \"lockcheck-baseline\")");
  EXPECT_EQ(errorOf(R"({"format": "lockcheck-baseline", "version": 7})"),
            "base.json: baseline version 7 is not supported (expected 1)");
  EXPECT_EQ(errorOf(R"({"format": "lockcheck-baseline", "version": 1, "fingerprints": "old"})"),
            "base.json: made with fingerprints \"old\", this lockcheck makes "
            "'lockcheck-fingerprint-1': make the baseline again");
  EXPECT_EQ(errorOf("{" + Head + "}"), "base.json: no \"findings\" list");
  EXPECT_EQ(errorOf("{" + Head + R"(, "findings": [3]})"),
            "base.json: findings[0] is not an object");
  EXPECT_EQ(errorOf("{" + Head + R"(, "findings": [{"fingerprint": "a"}, {"rule": "x"}]})"),
            "base.json: findings[1] has no string 'fingerprint'");
  EXPECT_EQ(errorOf("{" + Head + R"(, "findings": [{"fingerprint": "a", "line": "7"}]})"),
            "base.json: findings[0]: 'line' is not a line number");
  EXPECT_EQ(errorOf("{" + Head + R"(, "findings": [{"fingerprint": "a", "lock": 1}]})"),
            "base.json: findings[0]: 'lock' is not a string");
}

TEST(BaselineTest, MissingFileIsNamed) {
  llvm::Expected<Baseline> B = Baseline::readFile("/nonexistent/base.json");
  ASSERT_FALSE(bool(B));
  EXPECT_EQ(llvm::toString(B.takeError()), "/nonexistent/base.json: No such file or directory");
}

} // namespace
