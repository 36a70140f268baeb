//===- tool/Progress.h - Extraction progress on stderr ---------------------===//
//
// Extracting a kernel tree takes minutes; a silent terminal for that long looks
// hung, and a CI log with no sign of life gets a job killed. On a terminal one
// line is rewritten in place; elsewhere a plain line is printed now and then.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_PROGRESS_H
#define LOCKCHECK_TOOL_PROGRESS_H

#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <functional>
#include <string>

namespace lockcheck::tool {

class ExtractionProgress {
public:
  enum class Style {
    /// One line, redrawn in place (at most ten times a second).
    Terminal,
    /// A line of its own every LinePeriod seconds, for logs.
    Lines
  };
  /// Seconds since some fixed point; a test passes its own clock.
  using Clock = std::function<double()>;
  static constexpr double LinePeriod = 10;

  ExtractionProgress(llvm::raw_ostream &OS, Style S, size_t Total, Clock Now = steadySeconds);

  /// One more TU done: parsed, taken from the cache, or failed. Callers
  /// serialize the calls.
  void tuDone();
  /// Erases the terminal line, so what follows starts on a clean line.
  void finish();

  /// `lockcheck: 120/566 TUs, 3.4 TU/s, ETA 2m11s` (no rate before any time
  /// has passed).
  std::string status() const;

  static double steadySeconds();

private:
  llvm::raw_ostream &OS;
  Style Shown;
  size_t Total;
  size_t Done = 0;
  Clock Now;
  double Start;
  double LastShown;
  bool LineOnScreen = false;
};

/// 45s, 2m05s, 1h02m.
std::string formatDuration(double Seconds);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_PROGRESS_H
