//===- checkers/RecursiveLockChecker.h - Re-entrant lock acquisition ------===//
#ifndef LOCKCHECK_CHECKERS_RECURSIVELOCKCHECKER_H
#define LOCKCHECK_CHECKERS_RECURSIVELOCKCHECKER_H

#include "checkers/Checker.h"
#include "checkers/HeldAcquisition.h"

#include <vector>

namespace lockcheck::checkers {

/// Reports a blocking acquisition of a lock class that is already held on
/// every path to it: the seed deadlock, where ->write_iter holds i_rwsem and
/// the ->fsync reached from iomap_dio_complete takes it again. Any rwsem mode
/// after any mode counts (a waiting writer blocks the second reader); a
/// `_nested` acquisition of another subclass and trylocks do not.
/// Inputs: AcquireWhileHeld events. See README.md, "recursive-lock".
class RecursiveLockChecker : public Checker {
public:
  using Checker::Checker;
  void onAcquireWhileHeld(const analysis::AcquireWhileHeld &Event,
                          const analysis::PathRenderer &Paths) override;
  /// Renders the findings once entry paths are final.
  void finish(const analysis::PathRenderer &Paths) override;

private:
  void report(const HeldAcquisition &E, const analysis::PathRenderer &Paths);
  std::vector<HeldAcquisition> Found;
};

} // namespace lockcheck::checkers

#endif // LOCKCHECK_CHECKERS_RECURSIVELOCKCHECKER_H
