//===- analysis/ContractInference.h - What is held when methods are called -===//
//
// For contract inference: with the engine tracking the locks held on the way
// to each method call (SummaryEngine::trackHeldBelow), every entry point that
// nothing calls reports each method call it reaches with the set of locks held
// somewhere on the way. Counting those per method and lock class gives, for
// each method, on how many of them a lock is held: always, sometimes or never.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_ANALYSIS_CONTRACTINFERENCE_H
#define LOCKCHECK_ANALYSIS_CONTRACTINFERENCE_H

#include "analysis/LockEvents.h"

#include <map>
#include <string>

namespace lockcheck::analysis {

class SummaryEngine;

/// How often one lock class is held on entry to one method.
struct HeldCounts {
  /// Ways in (entry point and held set) holding it: in any mode, only
  /// exclusive, only shared.
  unsigned Held = 0;
  unsigned Exclusive = 0;
  unsigned Shared = 0;
};

/// What the ways into one method hold.
struct MethodEntryStats {
  /// Distinct ways in: an entry point nothing calls with one set of locks
  /// held on the way.
  unsigned Ways = 0;
  std::map<std::string, HeldCounts> Locks;
};

class ContractInference : public LockEventListener {
public:
  explicit ContractInference(const SummaryEngine &Engine) : Engine(Engine) {}
  void onCheckpoint(const CheckpointReached &Event, const PathRenderer &Paths) override;

  /// By method (`record.field`), sorted.
  const std::map<std::string, MethodEntryStats> &methods() const { return Methods; }

private:
  const SummaryEngine &Engine;
  std::map<std::string, MethodEntryStats> Methods;
};

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_CONTRACTINFERENCE_H
