//===- unittests/report/ReportTest.cpp - Finding order, dedupe, JSON, text ===//
#include "report/Finding.h"
#include "report/JsonReport.h"
#include "report/TextReport.h"
#include "unittests/report/FindingBuilder.h"

#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace lockcheck::report;
using lockcheck::report::testing::finding;
using lockcheck::report::testing::traceStep;

namespace {

/// file:line:column checker 'entry' for each finding.
std::vector<std::string> order(const std::vector<Finding> &Findings) {
  std::vector<std::string> Out;
  for (const Finding &F : Findings)
    Out.push_back(F.File + ":" + std::to_string(F.Line) + ":" + std::to_string(F.Column) + " " +
                  F.Checker + " " + F.Trace[0].Function);
  return Out;
}

TEST(FindingOrderTest, SortsByFileLineColumnCheckerMessage) {
  std::vector<Finding> Findings{
      finding("/src/b.c", 1, 1),
      finding("/src/a.c", 10, 2),
      finding("/src/a.c", 9, 30),
      finding("/src/a.c", 10, 1, 1, "main", "recursive-lock"),
      finding("/src/a.c", 10, 1, 1, "main", "lock-order"),
      finding("/src/a.c", 100, 1),
  };
  sortAndDeduplicate(Findings);
  // Lines and columns compare as numbers, not text.
  EXPECT_EQ(order(Findings), (std::vector<std::string>{
                                 "/src/a.c:9:30 recursive-lock main",
                                 "/src/a.c:10:1 lock-order main",
                                 "/src/a.c:10:1 recursive-lock main",
                                 "/src/a.c:10:2 recursive-lock main",
                                 "/src/a.c:100:1 recursive-lock main",
                                 "/src/b.c:1:1 recursive-lock main",
                             }));
}

TEST(FindingOrderTest, SortsByMessageLast) {
  std::vector<Finding> Findings{
      finding("/src/a.c", 5, 1, 1, "main", "recursive-lock", "acquiring 'b' that is already held"),
      finding("/src/a.c", 5, 1, 1, "main", "recursive-lock", "acquiring 'a' that is already held")};
  sortAndDeduplicate(Findings);
  ASSERT_EQ(Findings.size(), 2u);
  EXPECT_EQ(Findings[0].Message, "acquiring 'a' that is already held");
  EXPECT_EQ(Findings[1].Message, "acquiring 'b' that is already held");
}

TEST(FindingOrderTest, SameFindingFromTwoEntriesKeepsTheFirstReported) {
  std::vector<Finding> Findings{finding("/src/a.c", 20, 5, 12, "first_entry"),
                                finding("/src/a.c", 3, 1),
                                finding("/src/a.c", 20, 5, 12, "second_entry"),
                                finding("/src/a.c", 20, 5, 12, "third_entry")};
  sortAndDeduplicate(Findings);
  EXPECT_EQ(order(Findings), (std::vector<std::string>{"/src/a.c:3:1 recursive-lock main",
                                                       "/src/a.c:20:5 recursive-lock first_entry"}));
}

TEST(FindingOrderTest, LockTakenElsewhereIsAnotherFinding) {
  // Same warning place, but the held lock was taken on another line.
  std::vector<Finding> Findings{finding("/src/a.c", 20, 5, 14, "late"),
                                finding("/src/a.c", 20, 5, 12, "early")};
  sortAndDeduplicate(Findings);
  ASSERT_EQ(Findings.size(), 2u);
  EXPECT_EQ(Findings[0].Trace[1].Line, 12u);
  EXPECT_EQ(Findings[1].Trace[1].Line, 14u);
}

TEST(JsonReportTest, WritesTheDocumentedKeys) {
  std::vector<Finding> Findings{finding("/src/a.c", 20, 5, 12, "a_write_iter")};
  RunStats S;
  S.TUsAnalyzed = 3;
  S.FailedTUs = {{"/src/bad.c", "'/src/bad.c': error: unknown type name"}};
  S.Functions = 11;
  S.CallSites = 12;
  S.IndirectResolved = 13;
  S.IndirectUnresolved = 14;
  S.OpsTables = 15;
  S.LockClasses = 16;
  S.EntryPoints = 17;
  S.Summaries = 18;
  S.UnknownLockObjects = 19;
  S.DuplicateDefinitions = 20;
  S.SetAside = {{"recursive-lock: different objects of one class", 21}};
  std::string Text = writeJson(Findings, S);
  EXPECT_EQ(Text.back(), '\n');
  nlohmann::json J = nlohmann::json::parse(Text, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(J.is_discarded()) << Text;
  ASSERT_TRUE(J.is_object());
  EXPECT_EQ(J.size(), 3u) << Text;
  ASSERT_TRUE(J["suppressed"].is_array());
  EXPECT_TRUE(J["suppressed"].empty());

  ASSERT_TRUE(J["findings"].is_array());
  ASSERT_EQ(J["findings"].size(), 1u);
  const nlohmann::json &F = J["findings"][0];
  EXPECT_EQ(F.size(), 11u) << F.dump();
  EXPECT_EQ(F["fingerprint"], "");
  EXPECT_EQ(F["identity"], "");
  EXPECT_EQ(F["checker"], "recursive-lock");
  EXPECT_EQ(F["severity"], "warning");
  EXPECT_EQ(F["message"], "acquiring 'obj.lock' that is already held");
  EXPECT_EQ(F["lock"], "obj.lock");
  EXPECT_EQ(F["function"], "f");
  EXPECT_EQ(F["file"], "/src/a.c");
  EXPECT_EQ(F["line"], 20);
  EXPECT_EQ(F["column"], 5);
  ASSERT_TRUE(F["trace"].is_array());
  ASSERT_EQ(F["trace"].size(), 3u);
  const nlohmann::json &Step = F["trace"][1];
  EXPECT_EQ(Step.size(), 6u) << Step.dump();
  EXPECT_EQ(Step["function"], "f");
  EXPECT_EQ(Step["file"], "/src/a.c");
  EXPECT_EQ(Step["line"], 12);
  EXPECT_EQ(Step["column"], 3);
  EXPECT_EQ(Step["kind"], "acquire");
  EXPECT_EQ(Step["detail"], "'obj.lock' acquired here");
  EXPECT_EQ(F["trace"][0]["kind"], "entry");
  EXPECT_EQ(F["trace"][2]["kind"], "reacquire");

  const nlohmann::json &Stats = J["stats"];
  ASSERT_TRUE(Stats.is_object());
  EXPECT_EQ(Stats["tus_analyzed"], 3);
  EXPECT_EQ(Stats["tus_failed"], 1);
  ASSERT_EQ(Stats["failed_tus"].size(), 1u);
  EXPECT_EQ(Stats["failed_tus"][0]["file"], "/src/bad.c");
  EXPECT_EQ(Stats["failed_tus"][0]["error"], "'/src/bad.c': error: unknown type name");
  EXPECT_EQ(Stats["functions"], 11);
  EXPECT_EQ(Stats["call_sites"], 12);
  EXPECT_EQ(Stats["indirect_resolved"], 13);
  EXPECT_EQ(Stats["indirect_unresolved"], 14);
  EXPECT_EQ(Stats["ops_tables"], 15);
  EXPECT_EQ(Stats["lock_classes"], 16);
  EXPECT_EQ(Stats["entry_points"], 17);
  EXPECT_EQ(Stats["summaries"], 18);
  EXPECT_EQ(Stats["unknown_lock_objects"], 19);
  EXPECT_EQ(Stats["duplicate_definitions"], 20);
  EXPECT_EQ(Stats["findings"], 1);
  EXPECT_EQ(Stats["undecided_identity"], 0);
  EXPECT_EQ(Stats["set_aside"]["recursive-lock: different objects of one class"], 21);
  EXPECT_EQ(Stats["suppressed"], 0);
  // Baseline counts only when a baseline was used.
  EXPECT_FALSE(Stats.contains("baseline_known"));
  EXPECT_FALSE(Stats.contains("baseline_absent"));
}

TEST(JsonReportTest, SuppressedFindingsCarryTheirSuppressionAndBaselineCounts) {
  Finding Shown = finding("/src/a.c", 20, 5);
  Shown.Fingerprint = "00000000000000aa";
  Finding Held = finding("/src/b.c", 7, 2);
  Held.Rule = "vfs-fsync-no-vfs-locks";
  RunStats S;
  S.Suppressed = 1;
  S.BaselineUsed = true;
  S.BaselineKnown = 4;
  S.BaselineAbsent = 2;
  std::vector<SuppressedFinding> Suppressed{
      {Held, Suppression{Suppression::Source::SuppressionFile, "lockcheck.yaml", 3, "why"}}};
  nlohmann::json J = nlohmann::json::parse(writeJson({Shown}, S, Suppressed), nullptr,
                                           /*allow_exceptions=*/false);
  ASSERT_FALSE(J.is_discarded());
  EXPECT_EQ(J["findings"][0]["fingerprint"], "00000000000000aa");
  EXPECT_FALSE(J["findings"][0].contains("rule"));
  ASSERT_EQ(J["suppressed"].size(), 1u);
  EXPECT_EQ(J["suppressed"][0]["file"], "/src/b.c");
  EXPECT_EQ(J["suppressed"][0]["rule"], "vfs-fsync-no-vfs-locks");
  EXPECT_EQ(J["suppressed"][0]["suppression"],
            nlohmann::json({{"kind", "file"}, {"file", "lockcheck.yaml"}, {"line", 3},
                            {"reason", "why"}}));
  EXPECT_EQ(J["stats"]["findings"], 1);
  EXPECT_EQ(J["stats"]["suppressed"], 1);
  EXPECT_EQ(J["stats"]["baseline_known"], 4);
  EXPECT_EQ(J["stats"]["baseline_absent"], 2);
}

TEST(JsonReportTest, NoFindingsIsAnEmptyList) {
  nlohmann::json J =
      nlohmann::json::parse(writeJson({}, RunStats()), nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(J.is_discarded());
  ASSERT_TRUE(J["findings"].is_array());
  EXPECT_TRUE(J["findings"].empty());
  EXPECT_EQ(J["stats"]["findings"], 0);
  EXPECT_TRUE(J["stats"]["failed_tus"].is_array());
  EXPECT_EQ(J["stats"]["tus_failed"], 0);
}

TEST(TextReportTest, WarningThenANoteForEveryStepButTheReacquisition) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeText(OS, {finding("/src/a.c", 20, 5, 12, "a_write_iter")});
  EXPECT_EQ(OS.str(), "/src/a.c:20:5: warning: acquiring 'obj.lock' that is already held "
                      "[recursive-lock]\n"
                      "/src/a.c:1:1: note: entry point 'a_write_iter'\n"
                      "/src/a.c:12:3: note: 'obj.lock' acquired here\n");
}

TEST(TextReportTest, FingerprintIsTheLastNoteAndSuppressedFindingsAreRemarks) {
  Finding Shown = finding("/src/a.c", 20, 5, 12, "a_write_iter");
  Shown.Fingerprint = "0123456789abcdef";
  Finding Held = finding("/src/b.c", 7, 2, 3, "b_write_iter");
  Held.Fingerprint = "fedcba9876543210";
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeText(OS, {Shown},
            {{Held, Suppression{Suppression::Source::InlineComment, "/src/b.c", 6, "guarded"}}});
  EXPECT_EQ(OS.str(), "/src/a.c:20:5: warning: acquiring 'obj.lock' that is already held "
                      "[recursive-lock]\n"
                      "/src/a.c:1:1: note: entry point 'a_write_iter'\n"
                      "/src/a.c:12:3: note: 'obj.lock' acquired here\n"
                      "/src/a.c:20:5: note: fingerprint 0123456789abcdef\n"
                      "/src/b.c:7:2: remark: acquiring 'obj.lock' that is already held "
                      "[recursive-lock]\n"
                      "/src/b.c:1:1: note: entry point 'b_write_iter'\n"
                      "/src/b.c:3:3: note: 'obj.lock' acquired here\n"
                      "/src/b.c:7:2: note: fingerprint fedcba9876543210\n"
                      "/src/b.c:6: note: suppressed: guarded\n");
}

TEST(TextReportTest, SummarySaysSuppressedAndBaselineCounts) {
  RunStats S;
  std::string Plain;
  llvm::raw_string_ostream PlainOS(Plain);
  writeSummary(PlainOS, S, 0);
  EXPECT_EQ(PlainOS.str().find("suppressed"), std::string::npos);
  EXPECT_EQ(PlainOS.str().find("baseline"), std::string::npos);
  S.Suppressed = 2;
  S.BaselineUsed = true;
  S.BaselineKnown = 5;
  S.BaselineAbsent = 1;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeSummary(OS, S, 3);
  EXPECT_NE(OS.str().find("lockcheck: 2 findings suppressed\n"), std::string::npos) << Out;
  EXPECT_NE(OS.str().find("lockcheck: baseline: 3 new findings, 5 known, 1 no longer found\n"),
            std::string::npos)
      << Out;
}

} // namespace

TEST(TextReportTest, LockOrderPrintsTheExistingDependencyThenTheNewOne) {
  Finding F;
  F.Checker = "lock-order";
  F.Message = "possible circular locking dependency: acquiring 'dev.a' while holding 'dev.b'";
  F.Lock = "dev.a, dev.b";
  F.Function = "dev_write";
  F.File = "/src/a.c";
  F.Line = 35;
  F.Column = 2;
  F.Trace = {
      traceStep("dev_read", "/src/a.c", 20, 12, "entry", "entry point 'dev_read'"),
      traceStep("dev_read", "/src/a.c", 24, 2, "acquire", "'dev.a' acquired here"),
      traceStep("dev_read", "/src/a.c", 25, 2, "dependency",
                "existing dependency 'dev.a' -> 'dev.b': 'dev.b' acquired while 'dev.a' is held"),
      traceStep("dev_write", "/src/a.c", 32, 12, "entry", "entry point 'dev_write'"),
      traceStep("dev_write", "/src/a.c", 34, 2, "acquire", "'dev.b' acquired here"),
      traceStep("dev_write", "/src/a.c", 35, 2, "new-dependency", F.Message),
  };
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeText(OS, {F});
  EXPECT_EQ(OS.str(),
            "/src/a.c:35:2: warning: possible circular locking dependency: acquiring 'dev.a' "
            "while holding 'dev.b' [lock-order]\n"
            "/src/a.c:20:12: note: entry point 'dev_read'\n"
            "/src/a.c:24:2: note: 'dev.a' acquired here\n"
            "/src/a.c:25:2: note: existing dependency 'dev.a' -> 'dev.b': 'dev.b' acquired "
            "while 'dev.a' is held\n"
            "/src/a.c:32:12: note: entry point 'dev_write'\n"
            "/src/a.c:34:2: note: 'dev.b' acquired here\n");
}
