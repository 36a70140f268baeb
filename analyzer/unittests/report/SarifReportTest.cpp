//===- unittests/report/SarifReportTest.cpp - What each SARIF field holds ===//
//
// The schema check is unittests/tool/test_sarif.py; these assert that the
// fields hold what the findings say.
//
//===----------------------------------------------------------------------===//
#include "report/SarifReport.h"
#include "unittests/report/FindingBuilder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace lockcheck::report;
using lockcheck::report::testing::finding;
using lockcheck::report::testing::traceStep;

namespace {

const std::vector<RuleDescriptor> Rules{
    {"lock-order", "two locks taken in both orders", "", ""},
    {"recursive-lock", "acquiring a lock that is already held on the path",
     "Documentation/locking/mutex-design.rst", "https://docs.kernel.org/locking/mutex-design.html"}};

nlohmann::json sarif(const std::vector<Finding> &Findings,
                     const std::vector<SuppressedFinding> &Suppressed = {},
                     const RunStats &Stats = RunStats(), std::string Root = "/src") {
  std::string Text = writeSarif(Findings, Suppressed, Stats, {"9.9", Rules, std::move(Root)});
  EXPECT_EQ(Text.back(), '\n');
  nlohmann::json J = nlohmann::json::parse(Text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(J.is_discarded()) << Text;
  return J;
}

/// A finding in a relative file, reached through a call, with a second held
/// lock (two acquire steps) and the identity note.
Finding witnessed() {
  Finding F = finding("fs/a.c", 20, 5, 12, "a_write_iter");
  F.Fingerprint = "0123456789abcdef";
  F.Identity = "undecided";
  F.Trace.insert(F.Trace.begin() + 1,
                 traceStep("a_write_iter", "fs/a.c", 2, 9, "call", "calling 'f'"));
  F.Trace.insert(F.Trace.begin() + 3,
                 traceStep("f", "include/x.h", 7, 3, "acquire", "'obj.other' acquired here"));
  F.Trace.push_back(traceStep("f", "fs/a.c", 20, 5, "identity", "could not prove"));
  return F;
}

TEST(SarifReportTest, OneRunWithTheToolAndItsRules) {
  nlohmann::json J = sarif({});
  EXPECT_EQ(J["version"], "2.1.0");
  ASSERT_EQ(J["runs"].size(), 1u);
  const nlohmann::json &Driver = J["runs"][0]["tool"]["driver"];
  EXPECT_EQ(Driver["name"], "lockcheck");
  EXPECT_EQ(Driver["version"], "9.9");
  ASSERT_EQ(Driver["rules"].size(), 2u);
  EXPECT_EQ(Driver["rules"][0]["id"], "lock-order");
  // No citation: no help, rather than an empty one.
  EXPECT_FALSE(Driver["rules"][0].contains("help"));
  EXPECT_FALSE(Driver["rules"][0].contains("helpUri"));
  const nlohmann::json &Recursive = Driver["rules"][1];
  EXPECT_EQ(Recursive["shortDescription"]["text"],
            "acquiring a lock that is already held on the path");
  EXPECT_EQ(Recursive["help"]["text"], "Documentation/locking/mutex-design.rst");
  EXPECT_EQ(Recursive["helpUri"], "https://docs.kernel.org/locking/mutex-design.html");
  EXPECT_EQ(J["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///src/");
  EXPECT_TRUE(J["runs"][0]["results"].empty());
}

TEST(SarifReportTest, ResultHasLocationRuleAndFingerprint) {
  nlohmann::json J = sarif({witnessed()});
  ASSERT_EQ(J["runs"][0]["results"].size(), 1u);
  const nlohmann::json &R = J["runs"][0]["results"][0];
  EXPECT_EQ(R["ruleId"], "recursive-lock");
  EXPECT_EQ(R["ruleIndex"], 1);
  EXPECT_EQ(R["level"], "warning");
  EXPECT_EQ(R["message"]["text"], "acquiring 'obj.lock' that is already held");
  const nlohmann::json &Loc = R["locations"][0];
  EXPECT_EQ(Loc["physicalLocation"]["artifactLocation"],
            nlohmann::json({{"uri", "fs/a.c"}, {"uriBaseId", "SRCROOT"}}));
  EXPECT_EQ(Loc["physicalLocation"]["region"],
            nlohmann::json({{"startLine", 20}, {"startColumn", 5}}));
  EXPECT_EQ(Loc["logicalLocations"][0]["name"], "f");
  EXPECT_EQ(R["partialFingerprints"][SarifFingerprintKey], "0123456789abcdef");
  EXPECT_EQ(R["properties"]["lock"], "obj.lock");
  EXPECT_EQ(R["properties"]["identity"], "undecided");
  EXPECT_FALSE(R.contains("baselineState"));
  EXPECT_FALSE(R.contains("suppressions"));
}

TEST(SarifReportTest, ThreadFlowHoldsEveryWitnessStepInOrder) {
  Finding F = witnessed();
  nlohmann::json J = sarif({F});
  const nlohmann::json &R = J["runs"][0]["results"][0];
  ASSERT_EQ(R["codeFlows"].size(), 1u);
  ASSERT_EQ(R["codeFlows"][0]["threadFlows"].size(), 1u);
  const nlohmann::json &Steps = R["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(Steps.size(), F.Trace.size());
  for (size_t I = 0; I < F.Trace.size(); ++I) {
    const TraceStep &S = F.Trace[I];
    const nlohmann::json &Loc = Steps[I]["location"];
    EXPECT_EQ(Loc["physicalLocation"]["artifactLocation"]["uri"], S.File) << I;
    EXPECT_EQ(Loc["physicalLocation"]["region"]["startLine"], S.Line) << I;
    EXPECT_EQ(Loc["logicalLocations"][0]["name"], S.Function) << I;
    EXPECT_EQ(Loc["message"]["text"], S.Detail) << I;
    EXPECT_EQ(Steps[I]["properties"]["kind"], S.Kind) << I;
  }
  EXPECT_EQ(Steps[0]["kinds"], nlohmann::json({"enter", "function"}));
  EXPECT_EQ(Steps[1]["kinds"], nlohmann::json({"call", "function"}));
  EXPECT_EQ(Steps[2]["kinds"], nlohmann::json({"acquire", "lock"}));
}

TEST(SarifReportTest, RelatedLocationsAreWhereHeldLocksWereTaken) {
  nlohmann::json J = sarif({witnessed()});
  const nlohmann::json &Related = J["runs"][0]["results"][0]["relatedLocations"];
  ASSERT_EQ(Related.size(), 2u);
  EXPECT_EQ(Related[0]["id"], 0);
  EXPECT_EQ(Related[0]["physicalLocation"]["region"]["startLine"], 12);
  EXPECT_EQ(Related[0]["message"]["text"], "'obj.lock' acquired here");
  EXPECT_EQ(Related[1]["id"], 1);
  EXPECT_EQ(Related[1]["physicalLocation"]["artifactLocation"]["uri"], "include/x.h");
  EXPECT_EQ(Related[1]["message"]["text"], "'obj.other' acquired here");
}

TEST(SarifReportTest, AbsoluteFilesAreFileUrisEncoded) {
  Finding F = finding("/usr/src/my tree/a#b.c", 3, 1);
  nlohmann::json J = sarif({F}, {}, RunStats(), "");
  const nlohmann::json &Artifact =
      J["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(Artifact, nlohmann::json({{"uri", "file:///usr/src/my%20tree/a%23b.c"}}));
  EXPECT_FALSE(J["runs"][0].contains("originalUriBaseIds"));
}

TEST(SarifReportTest, BaselineMarksReportedResultsNew) {
  RunStats S;
  S.BaselineUsed = true;
  S.BaselineKnown = 3;
  S.BaselineAbsent = 1;
  Finding Held = finding("fs/b.c", 7, 2);
  nlohmann::json J = sarif(
      {witnessed()},
      {{Held, Suppression{Suppression::Source::InlineComment, "fs/b.c", 6, "guarded"}}}, S);
  const nlohmann::json &Results = J["runs"][0]["results"];
  ASSERT_EQ(Results.size(), 2u);
  EXPECT_EQ(Results[0]["baselineState"], "new");
  // A suppressed finding may be in the baseline too: it is not said to be new.
  EXPECT_FALSE(Results[1].contains("baselineState"));
  EXPECT_EQ(J["runs"][0]["properties"]["baselineKnown"], 3);
  EXPECT_EQ(J["runs"][0]["properties"]["baselineAbsent"], 1);
}

TEST(SarifReportTest, SuppressedResultsSayWhereAndWhy) {
  Finding Held = finding("fs/b.c", 7, 2);
  nlohmann::json J =
      sarif({}, {{Held, Suppression{Suppression::Source::InlineComment, "fs/b.c", 6, "guarded"}},
                 {Held, Suppression{Suppression::Source::SuppressionFile, "supp.yaml", 4, "ok"}}});
  const nlohmann::json &Results = J["runs"][0]["results"];
  ASSERT_EQ(Results.size(), 2u);
  const nlohmann::json &Inline = Results[0]["suppressions"][0];
  EXPECT_EQ(Inline["kind"], "inSource");
  EXPECT_EQ(Inline["justification"], "guarded");
  EXPECT_EQ(Inline["location"]["physicalLocation"]["region"]["startLine"], 6);
  EXPECT_EQ(Results[1]["suppressions"][0]["kind"], "external");
  EXPECT_EQ(Results[1]["suppressions"][0]["location"]["physicalLocation"]["artifactLocation"]
                   ["uri"],
            "supp.yaml");
}

TEST(SarifReportTest, SkippedTUsAreNotifications) {
  RunStats S;
  S.FailedTUs = {{"/src/bad.c", "/src/bad.c:1:5: error: expected ';'"}};
  nlohmann::json J = sarif({}, {}, S);
  const nlohmann::json &Notes = J["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(Notes.size(), 1u);
  EXPECT_EQ(Notes[0]["level"], "error");
  EXPECT_EQ(Notes[0]["message"]["text"], "skipped: /src/bad.c:1:5: error: expected ';'");
  EXPECT_EQ(Notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///src/bad.c");
}

} // namespace
