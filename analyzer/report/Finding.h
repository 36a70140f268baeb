//===- report/Finding.h - The neutral result model -------------------------===//
//
// Checkers produce Findings; reporters print them. A Finding carries nothing
// about how it was found, only what a reader needs: the message, the lock, the
// location and every witness step in path order.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_REPORT_FINDING_H
#define LOCKCHECK_REPORT_FINDING_H

#include <string>
#include <vector>

namespace lockcheck::report {

struct TraceStep {
  std::string Function;
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  /// entry, call, indirect-call, acquire, identity; the finding's own step,
  /// printed as the warning: reacquire (recursive-lock), new-dependency
  /// (lock-order, whose existing dependencies are steps of kind dependency),
  /// sleep (sleep-in-atomic)
  std::string Kind;
  std::string Detail;
  /// The function a call step enters (or the lock primitive it calls); empty
  /// for an entry step. Reports draw the path's graph from it.
  std::string Callee;
  /// The ops-table slot (`table.field`) an indirect call resolved through, or
  /// an entry point is entered through; empty otherwise.
  std::string Via;

  /// Whether this is the finding's own step, which repeats its location.
  bool isFindingStep() const {
    return Kind == "reacquire" || Kind == "new-dependency" || Kind == "sleep";
  }
};

struct Finding {
  std::string Checker;
  /// The contract rule the finding breaks (a rules/ id such as
  /// `vfs-fsync-no-vfs-locks`), for checkers that enforce rules; empty for a
  /// checker that is its own rule (recursive-lock). SARIF's ruleId and
  /// suppressions use the rule when there is one, else the checker.
  std::string Rule;
  std::string Severity = "warning";
  std::string Message;
  std::string Lock;
  std::string Function;
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  std::vector<TraceStep> Trace;
  /// "same-object" when both acquisitions are proven to lock one object,
  /// "undecided" when only the class is known to match; empty when it does
  /// not apply.
  std::string Identity;
  /// Names the finding across runs whatever lines moved (report/Fingerprint.h);
  /// set once the run's findings are sorted.
  std::string Fingerprint;

  /// The id SARIF, baselines and suppressions know the finding by.
  const std::string &ruleId() const { return Rule.empty() ? Checker : Rule; }
};

/// Why a finding is not reported, and where that was said.
struct Suppression {
  enum class Source {
    /// `/* lockcheck: ignore ID: reason */` in the source.
    InlineComment,
    /// An entry of a --suppressions file.
    SuppressionFile
  };
  Source From = Source::InlineComment;
  /// The source file holding the comment, or the suppression file.
  std::string File;
  unsigned Line = 0;
  std::string Reason;
};

/// A finding a suppression holds back: counted, and listed on request.
struct SuppressedFinding {
  Finding Found;
  Suppression By;
};

/// Where checkers put their findings, and count what they set aside.
class FindingSink {
public:
  virtual ~FindingSink() = default;
  virtual void report(Finding F) = 0;
  /// Counts a candidate a checker dropped, by reason (for the run's stats).
  virtual void count(const std::string &Reason) {}
};

/// Orders findings by file, line, column, checker and message and drops exact
/// duplicates (the same finding reached from two entry points keeps the first
/// witness), so output never depends on traversal or hashing order.
void sortAndDeduplicate(std::vector<Finding> &Findings);

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_FINDING_H
