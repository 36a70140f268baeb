//===- unittests/tool/ProgressTest.cpp - What the progress display prints -===//
//
// On a clock the test moves by hand: no timing in tests.
//
//===----------------------------------------------------------------------===//
#include "tool/Progress.h"

#include <gtest/gtest.h>

using lockcheck::tool::ExtractionProgress;
using lockcheck::tool::formatDuration;

namespace {

/// A display writing to Out, on a clock at Now seconds.
class ProgressTest : public ::testing::Test {
protected:
  ExtractionProgress display(ExtractionProgress::Style S, size_t Total) {
    return ExtractionProgress(OS, S, Total, [this] { return Now; });
  }
  double Now = 100;
  std::string Out;
  llvm::raw_string_ostream OS{Out};
};

TEST(FormatDurationTest, ReadsLikeAClock) {
  EXPECT_EQ(formatDuration(0), "0s");
  EXPECT_EQ(formatDuration(44.6), "45s");
  EXPECT_EQ(formatDuration(125), "2m05s");
  EXPECT_EQ(formatDuration(3720), "1h02m");
}

TEST_F(ProgressTest, StatusHasCountRateAndEta) {
  ExtractionProgress P = display(ExtractionProgress::Style::Lines, 10);
  EXPECT_EQ(P.status(), "lockcheck: 0/10 TUs");
  P.tuDone();
  // No time has passed: no rate to speak of.
  EXPECT_EQ(P.status(), "lockcheck: 1/10 TUs");
  Now += 4;
  P.tuDone();
  // 2 TUs in 4 s: 0.5 TU/s, 8 left.
  EXPECT_EQ(P.status(), "lockcheck: 2/10 TUs, 0.5 TU/s, ETA 16s");
}

TEST_F(ProgressTest, TerminalRewritesOneLineAndErasesIt) {
  ExtractionProgress P = display(ExtractionProgress::Style::Terminal, 3);
  P.tuDone();
  EXPECT_EQ(Out, "") << "redrawn at most ten times a second";
  Now += 1;
  P.tuDone();
  // 1 TU left at 2 TU/s: half a second, rounded.
  EXPECT_EQ(Out, "\rlockcheck: 2/3 TUs, 2.0 TU/s, ETA 1s\x1b[K");
  Out.clear();
  P.tuDone();
  EXPECT_EQ(Out, "\rlockcheck: 3/3 TUs, 3.0 TU/s\x1b[K") << "the last TU is always shown";
  Out.clear();
  P.finish();
  EXPECT_EQ(Out, "\r\x1b[K");
}

TEST_F(ProgressTest, LogsGetAPlainLineNowAndThen) {
  ExtractionProgress P = display(ExtractionProgress::Style::Lines, 100);
  for (int I = 0; I < 9; ++I) {
    Now += 1;
    P.tuDone();
  }
  EXPECT_EQ(Out, "");
  Now += 1;
  P.tuDone();
  EXPECT_EQ(Out, "lockcheck: 10/100 TUs, 1.0 TU/s, ETA 1m30s\n");
  Now += 5;
  P.tuDone();
  EXPECT_EQ(Out, "lockcheck: 10/100 TUs, 1.0 TU/s, ETA 1m30s\n");
  P.finish();
  EXPECT_EQ(Out.find('\r'), std::string::npos);
}

TEST_F(ProgressTest, NothingToEraseWhenNothingWasShown) {
  ExtractionProgress P = display(ExtractionProgress::Style::Terminal, 5);
  P.finish();
  EXPECT_EQ(Out, "");
}

} // namespace
