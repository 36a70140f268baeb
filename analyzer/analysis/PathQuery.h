//===- analysis/PathQuery.h - Call paths between two functions ------------===//
//
// For reviewers: how does the code get from one function to another, and what
// is held on the way? Listens to the analysis' call events from one starting
// function and returns the shortest path to each calling context of the target.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_ANALYSIS_PATHQUERY_H
#define LOCKCHECK_ANALYSIS_PATHQUERY_H

#include "analysis/LockEvents.h"

#include <map>
#include <string>
#include <vector>

namespace lockcheck::analysis {

/// A lock held at a step, and where it was taken.
struct HeldNote {
  std::string Lock;
  PathStep TakenAt;
};

/// One step of a query path and every lock held when it is taken.
struct QueryStep {
  PathStep Step;
  std::vector<HeldNote> Held;
};

/// A call of a function-level call graph: the step in the caller, and the
/// locks the caller took and still holds there.
struct GraphCall {
  graph::FunctionId Caller;
  graph::FunctionId Callee;
  PathStep Step;
  std::vector<HeldNote> Held;
};

/// A lock a function takes at At: there it calls the primitive, or the
/// outermost lock wrapper that returns holding the lock.
struct GraphAcquisition {
  graph::FunctionId Function;
  std::string Lock;
  PathStep At;
};

/// The calls and acquisitions reached from a function, one node per function
/// whatever the calling contexts the analysis told apart.
struct FunctionGraph {
  /// The starting function, the target (reached or not), then the others in
  /// the order the analysis reached them.
  std::vector<graph::FunctionId> Functions;
  /// The ops-table slots the starting function was entered through.
  std::vector<std::string> EntrySlots;
  std::vector<GraphCall> Calls;
  std::vector<GraphAcquisition> Acquisitions;
};

class PathQuery : public LockEventListener {
public:
  /// With To = NoFunction, no target: paths() finds nothing and graph() is
  /// everything reached from From.
  PathQuery(graph::FunctionId From, graph::FunctionId To) : From(From), To(To) {}

  void onCall(const CallWhileHeld &Event, const PathRenderer &Paths) override;
  void onMethodEntered(const MethodEntered &Event, const PathRenderer &Paths) override;

  /// The shortest path to each context the target was reached in, in a
  /// stable order, at most MaxPaths of them.
  std::vector<std::vector<QueryStep>> paths(const PathRenderer &Paths, size_t MaxPaths) const;

  /// Every calling context Target was reached in, in a stable order.
  std::vector<const Summary *> contextsOf(graph::FunctionId Target) const;
  /// Up to MaxPaths shortest paths into Target's calling contexts from
  /// functions entered through an ops table, those under a lock first (one
  /// per entry context), found backwards from the contexts: unlike paths, it
  /// finds the path under a lock however many shorter paths have none, and
  /// needs no starting function (From may be NoFunction). A path starts at a
  /// context the analysis entered as a method (onMethodEntered), whatever
  /// shorter entry path the context was later given: on a whole kernel the
  /// ->write_iter context is also reached from vfs_iocb_iter_write, an entry
  /// point of no table, and keeps that path as its own.
  std::vector<std::vector<QueryStep>> pathsIntoContexts(graph::FunctionId Target,
                                                        const PathRenderer &Paths,
                                                        size_t MaxPaths) const;

  /// The calls through ops-table slots that Target's contexts make, directly
  /// or through at most MaxDepth - 1 calls before, nearest first, one per slot
  /// (`btrfs_file_operations.fsync`).
  std::vector<PathStep> slotCallsBelow(graph::FunctionId Target, unsigned MaxDepth) const;

  /// Every call reached from the starting function; with a target, only the
  /// calls on some path to it. A call reached in several contexts holds what
  /// it holds in all of them.
  FunctionGraph graph(const PathRenderer &Paths) const;

  graph::FunctionId from() const { return From; }
  graph::FunctionId to() const { return To; }

private:
  struct Edge {
    PathStep Step;
    const Summary *Callee;
    std::vector<HeldNote> Held;
  };
  /// The contexts the starting function was entered in (nothing called them).
  std::vector<const Summary *> roots() const;

  graph::FunctionId From, To;
  std::map<const Summary *, std::vector<Edge>> Edges;
  std::map<const Summary *, graph::FunctionId> FunctionOf;
  /// The contexts entered as ops-table methods, with their first entry step.
  std::map<const Summary *, PathStep> EnteredAsMethod;
  std::vector<const Summary *> Order;
};

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_PATHQUERY_H
