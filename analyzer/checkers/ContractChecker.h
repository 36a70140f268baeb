//===- checkers/ContractChecker.h - Documented locking contracts ----------===//
#ifndef LOCKCHECK_CHECKERS_CONTRACTCHECKER_H
#define LOCKCHECK_CHECKERS_CONTRACTCHECKER_H

#include "checkers/Checker.h"

#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace lockcheck::checkers {

/// Checks code against the locking contracts of rules/ and the lockdep
/// assertions written in it, from both sides of a method:
///   - callers: a call of a method (through its ops-table slot, or directly
///     to an implementation) with a lock held that its rule says must not be
///     (not-held-on-entry);
///   - implementations: acquiring a lock the rule says is held on entry
///     (re-entrancy), one it says they must not acquire, or one their caller
///     holds around a named function (held-around), or blocking where the rule
///     says they may not;
///   - lockdep_assert_held() and kin: reached, on some path from an entry
///     point, without the lock held (or held in the wrong mode);
///     lockdep_assert_not_held() and might_lock() reached with it held;
///   - sparse's context annotations, as sparse counts them: `__must_hold(x)`
///     and `__releases(x)` reached without x held, `__acquires(x)` reached
///     with the same object's x held; and at each return, x held for
///     `__acquires`, released for `__releases`, still held for `__must_hold`.
/// Findings carry the rule id and its severity. Inputs: AcquireWhileHeld,
/// CheckpointReached, MethodEntered and FunctionExit events. See README.md,
/// "contract".
class ContractChecker : public Checker {
public:
  using Checker::Checker;
  void configure(const CheckerConfig &Config) override;
  void onAcquireWhileHeld(const analysis::AcquireWhileHeld &Event,
                          const analysis::PathRenderer &Paths) override;
  void onCheckpoint(const analysis::CheckpointReached &Event,
                    const analysis::PathRenderer &Paths) override;
  void onMethodEntered(const analysis::MethodEntered &Event,
                       const analysis::PathRenderer &Paths) override;
  void onFunctionExit(const analysis::FunctionExit &Event,
                      const analysis::PathRenderer &Paths) override;
  void finish(const analysis::PathRenderer &Paths) override;

private:
  /// A finding found during the walk, rendered once entry paths are final.
  struct Pending {
    const analysis::Summary *Frame;
    /// The lock held, when one is, and its rendered name.
    std::optional<analysis::HeldLock> Held;
    /// The path to where the finding is, and which of its steps that is.
    const analysis::WitnessNode *Path;
    unsigned At;
    std::string Message;
    /// The rule (spec::Rules index), or none for a lockdep assertion.
    std::optional<unsigned> Rule;
    bool UndecidedObject = false;
    /// The lock the finding is about, when no lock is held.
    std::string Lock = "";
    /// A broken exit promise: the return, and the annotation that made it.
    std::optional<analysis::WitnessStep> Return = std::nullopt;
    std::optional<analysis::WitnessStep> Declared = std::nullopt;
  };
  void checkHeldAround(const analysis::AcquireWhileHeld &E, const analysis::PathRenderer &Paths);
  bool setAsideAfterWarning(bool AfterWarning);
  void report(const Pending &P, const analysis::PathRenderer &Paths);
  void reportExit(const Pending &P, const analysis::PathRenderer &Paths);

  const spec::Rules *Rules = nullptr;
  std::vector<Pending> Found;
  /// Exit promises already reported, by function, return block and lock: a
  /// function is summarised once per calling context.
  std::set<std::tuple<graph::FunctionId, unsigned, std::string>> ReportedExits;
};

} // namespace lockcheck::checkers

#endif // LOCKCHECK_CHECKERS_CONTRACTCHECKER_H
