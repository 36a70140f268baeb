//===- checkers/LockOrderChecker.h - Circular lock dependencies -----------===//
#ifndef LOCKCHECK_CHECKERS_LOCKORDERCHECKER_H
#define LOCKCHECK_CHECKERS_LOCKORDERCHECKER_H

#include "checkers/Checker.h"
#include "checkers/HeldAcquisition.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lockcheck::checkers {

/// Static lockdep. Builds the whole-program lock-order graph, an edge A -> B
/// whenever B is acquired, blocking, while A is held on some path (each edge
/// with one witness), and reports its cycles as lockdep reports a "possible
/// circular locking dependency": every pair of locks taken in both orders, and
/// one shortest cycle for each strongly connected component left once those
/// pairs are set aside. Nodes are lock classes with their `_nested` subclass,
/// as lockdep keys its classes; a trylock adds no edge, since it cannot wait.
/// A lock a method's contract says is held on entry orders what it takes.
/// Inputs: AcquireWhileHeld events. See README.md, "lock-order".
class LockOrderChecker : public Checker {
public:
  using Checker::Checker;
  /// The rules name the contract a lock held on entry comes from.
  void configure(const CheckerConfig &Config) override { Rules = Config.Rules; }
  void onAcquireWhileHeld(const analysis::AcquireWhileHeld &Event,
                          const analysis::PathRenderer &Paths) override;
  /// Finds the cycles and renders them once entry paths are final.
  void finish(const analysis::PathRenderer &Paths) override;

private:
  /// A node of the lock-order graph: a lock class and its subclass.
  using LockNode = std::pair<analysis::ClassId, int>;
  using Dependency = std::pair<LockNode, LockNode>;

  /// Reports the cycle Nodes[0] -> Nodes[1] -> ... -> Nodes[0].
  void reportCycle(const std::vector<LockNode> &Nodes, const analysis::PathRenderer &Paths);

  /// Every dependency seen, with the witness kept for it.
  std::map<Dependency, HeldAcquisition> Edges;
  /// Each node's name as reports print it (`inode.i_rwsem/1`).
  std::map<LockNode, std::string> NodeNames;
  const spec::Rules *Rules = nullptr;
};

} // namespace lockcheck::checkers

#endif // LOCKCHECK_CHECKERS_LOCKORDERCHECKER_H
