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

class PathQuery : public LockEventListener {
public:
  /// Paths from From to To; with From NoFunction, from every function entered
  /// through an ops table.
  PathQuery(graph::FunctionId From, graph::FunctionId To) : From(From), To(To) {}

  void onCall(const CallWhileHeld &Event, const PathRenderer &Paths) override;

  /// The shortest path to each context the target was reached in, in a
  /// stable order, at most MaxPaths of them.
  std::vector<std::vector<QueryStep>> paths(const PathRenderer &Paths, size_t MaxPaths) const {
    return pathsTo(To, Paths, MaxPaths);
  }
  /// As paths, to Target instead of the target given at construction: one
  /// run of the analysis answers for many functions.
  std::vector<std::vector<QueryStep>> pathsTo(graph::FunctionId Target,
                                              const PathRenderer &Paths, size_t MaxPaths) const;
  /// Every calling context Target was reached in, in a stable order.
  std::vector<const Summary *> contextsOf(graph::FunctionId Target) const;
  /// Up to MaxPaths shortest paths into Target's calling contexts from
  /// functions entered through an ops table, those under a lock first (one
  /// per entry context), found backwards from the contexts: unlike paths, it
  /// finds the path under a lock however many shorter paths have none.
  std::vector<std::vector<QueryStep>> pathsIntoContexts(graph::FunctionId Target,
                                                        const PathRenderer &Paths,
                                                        size_t MaxPaths) const;

private:
  struct Edge {
    PathStep Step;
    const Summary *Callee;
    std::vector<HeldNote> Held;
  };
  graph::FunctionId From, To;
  std::map<const Summary *, std::vector<Edge>> Edges;
  std::map<const Summary *, graph::FunctionId> FunctionOf;
  std::vector<const Summary *> Order;
};

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_PATHQUERY_H
