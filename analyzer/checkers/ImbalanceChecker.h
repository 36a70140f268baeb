//===- checkers/ImbalanceChecker.h - Returns that disagree on locks -------===//
#ifndef LOCKCHECK_CHECKERS_IMBALANCECHECKER_H
#define LOCKCHECK_CHECKERS_IMBALANCECHECKER_H

#include "checkers/Checker.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace lockcheck::checkers {

/// Reports a function whose returns leave a lock in different states (taken
/// and kept on one path, not on another; a caller's lock released on one path
/// only), so that its caller cannot know whether it holds the lock. Deliberate
/// shapes are silent: a lock helper that returns holding the lock on every
/// path, an unlock helper that releases it on every path, and returns whose
/// value says which state the lock is in (the trylock convention, nonzero when
/// taken, with a trylock behind it; the lock_killable convention, zero when
/// taken). Inputs: FunctionExit events. See README.md, "imbalance".
class ImbalanceChecker : public Checker {
public:
  using Checker::Checker;
  void onFunctionExit(const analysis::FunctionExit &Event,
                      const analysis::PathRenderer &Paths) override;
  /// Renders the findings once entry paths are final.
  void finish(const analysis::PathRenderer &Paths) override;

  /// What a function's return leaves a lock as, seen from its caller.
  enum class Effect {
    Unchanged, ///< not touched, or taken and released, or released and taken back
    Taken,     ///< taken here and still held
    Released   ///< held by the caller and released here
  };

private:
  struct Pending {
    const analysis::Summary *Frame;
    graph::FunctionId Function;
    std::string Lock;
    std::string Message;
    /// Where the lock was taken in the function, when it was.
    const analysis::WitnessNode *TakenAt = nullptr;
  };
  void record(const analysis::FunctionExit &E, std::string Lock, std::string Message,
              const analysis::WitnessNode *TakenAt);

  std::vector<Pending> Found;
  /// Function and message of every finding, so that a function summarised in
  /// several calling contexts is reported once per lock.
  std::set<std::pair<graph::FunctionId, std::string>> Reported;
};

} // namespace lockcheck::checkers

#endif // LOCKCHECK_CHECKERS_IMBALANCECHECKER_H
