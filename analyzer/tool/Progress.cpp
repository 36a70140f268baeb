//===- tool/Progress.cpp ---------------------------------------------------===//
#include "tool/Progress.h"

#include "llvm/Support/Format.h"

#include <chrono>
#include <cmath>

namespace lockcheck::tool {

/// The terminal line is not redrawn more often than this: thousands of cache
/// hits a second would otherwise spend their time writing to the terminal.
static constexpr double RedrawPeriod = 0.1;

double ExtractionProgress::steadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

ExtractionProgress::ExtractionProgress(llvm::raw_ostream &OS, Style S, size_t Total, Clock Now)
    : OS(OS), Shown(S), Total(Total), Now(std::move(Now)), Start(this->Now()),
      LastShown(Start) {}

std::string formatDuration(double Seconds) {
  long S = std::lround(Seconds);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  if (S >= 3600)
    OS << S / 3600 << "h" << llvm::format("%02ld", S % 3600 / 60) << "m";
  else if (S >= 60)
    OS << S / 60 << "m" << llvm::format("%02ld", S % 60) << "s";
  else
    OS << S << "s";
  return Out;
}

std::string ExtractionProgress::status() const {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "lockcheck: " << Done << "/" << Total << " TUs";
  double Elapsed = Now() - Start;
  if (Done && Elapsed > 0) {
    double Rate = Done / Elapsed;
    OS << ", " << llvm::format("%.1f", Rate) << " TU/s";
    if (Done < Total)
      OS << ", ETA " << formatDuration((Total - Done) / Rate);
  }
  return Out;
}

void ExtractionProgress::tuDone() {
  ++Done;
  double T = Now();
  if (Shown == Style::Terminal) {
    if (T - LastShown < RedrawPeriod && Done < Total)
      return;
    // \r back to the start, ESC[K erases what a longer line left behind.
    OS << "\r" << status() << "\x1b[K";
    OS.flush();
    LineOnScreen = true;
  } else {
    if (T - LastShown < LinePeriod || Done == Total)
      return;
    OS << status() << "\n";
    OS.flush();
  }
  LastShown = T;
}

void ExtractionProgress::finish() {
  if (LineOnScreen)
    OS << "\r\x1b[K";
  LineOnScreen = false;
  OS.flush();
}

} // namespace lockcheck::tool
