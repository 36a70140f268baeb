//===- report/Baseline.h - Today's findings, to report only new ones later -===//
//
// A tree with old findings cannot gate CI on "no findings"; it can gate on
// "no new findings". A baseline records the fingerprints of the findings of
// one run (report/Fingerprint.h); a later run reports only the findings whose
// fingerprint it lacks and counts its entries no longer found.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_REPORT_BASELINE_H
#define LOCKCHECK_REPORT_BASELINE_H

#include "report/Finding.h"
#include "report/RunStats.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace lockcheck::report {

/// One recorded finding. The fingerprint alone decides; the rest is there for
/// the people reading the file in review.
struct BaselineEntry {
  std::string Fingerprint;
  std::string RuleId;
  std::string Lock;
  std::string Function;
  std::string File;
  unsigned Line = 0;
  std::string Message;
};

class Baseline {
public:
  /// The baseline recording Findings (fingerprints set), in their order.
  static Baseline of(const std::vector<Finding> &Findings);
  /// Reads a baseline file; any fault is an error naming the file and what is
  /// wrong with it.
  static llvm::Expected<Baseline> readFile(llvm::StringRef Path);
  /// As readFile, from text; Name stands for the file in errors.
  static llvm::Expected<Baseline> parse(llvm::StringRef Text, llvm::StringRef Name);

  /// The file's contents: JSON, one entry per finding, ending in a newline.
  std::string toJson() const;

  /// Drops from Findings those the baseline records, and counts them in
  /// Stats (BaselineKnown), with the entries matching no finding of this run,
  /// reported or Suppressed (BaselineAbsent).
  void removeKnown(std::vector<Finding> &Findings, const std::vector<SuppressedFinding> &Suppressed,
                   RunStats &Stats) const;

  const std::vector<BaselineEntry> &entries() const { return Entries; }

private:
  std::vector<BaselineEntry> Entries;
};

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_BASELINE_H
