//===- checkers/SleepInAtomicChecker.h - Sleeping where it may not --------===//
#ifndef LOCKCHECK_CHECKERS_SLEEPINATOMICCHECKER_H
#define LOCKCHECK_CHECKERS_SLEEPINATOMICCHECKER_H

#include "checkers/Checker.h"
#include "checkers/HeldAcquisition.h"

#include <set>
#include <tuple>
#include <vector>

namespace lockcheck::checkers {

/// "BUG: sleeping function called from invalid context", found statically: a
/// region where the task must not sleep (a spinlock or rwlock held, or an
/// atomic region of the annotations: preempt_disable(), local_irq_save(),
/// rcu_read_lock()) that reaches, through any number of calls, something
/// that may sleep: a blocking mutex or rw_semaphore acquisition, or a sleep
/// point of the annotations (msleep(), schedule(), might_sleep(), a user
/// copy, an allocation whose gfp flags allow direct reclaim). Inputs:
/// AcquireWhileHeld events. See README.md, "sleep-in-atomic".
class SleepInAtomicChecker : public Checker {
public:
  using Checker::Checker;
  void onAcquireWhileHeld(const analysis::AcquireWhileHeld &Event,
                          const analysis::PathRenderer &Paths) override;
  void finish(const analysis::PathRenderer &Paths) override;

private:
  void report(const HeldAcquisition &E, const analysis::PathRenderer &Paths);
  std::vector<HeldAcquisition> Found;
  /// One finding per function context, atomic region and call in the
  /// function: a user copy is both a sleep point and mmap_lock taken by its
  /// fault, a macro such as wait_event() several calls on one line.
  std::set<std::tuple<const analysis::Summary *, analysis::ClassId, unsigned>> Seen;
};

} // namespace lockcheck::checkers

#endif // LOCKCHECK_CHECKERS_SLEEPINATOMICCHECKER_H
