//===- support/NumberedGraph.h - A small digraph for LLVM's graph walks ---===//
//
// llvm::scc_iterator and the other ADT graph algorithms walk any type with a
// GraphTraits specialization. A node numbered densely with its successors is
// all the analysis needs; keeping one such type (and one specialization) lets
// every layer walk its graphs without writing the traits again.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_SUPPORT_NUMBEREDGRAPH_H
#define LOCKCHECK_SUPPORT_NUMBEREDGRAPH_H

#include "llvm/ADT/GraphTraits.h"

#include <vector>

namespace lockcheck::support {

/// One node of a graph kept as a vector of nodes: its index and successors.
/// A walk over the whole graph starts from an extra root whose successors are
/// all the nodes.
struct NumberedNode {
  unsigned Id = 0;
  std::vector<const NumberedNode *> Succs;
};

} // namespace lockcheck::support

template <> struct llvm::GraphTraits<const lockcheck::support::NumberedNode *> {
  using NodeRef = const lockcheck::support::NumberedNode *;
  using ChildIteratorType = std::vector<NodeRef>::const_iterator;
  static NodeRef getEntryNode(NodeRef N) { return N; }
  static ChildIteratorType child_begin(NodeRef N) { return N->Succs.begin(); }
  static ChildIteratorType child_end(NodeRef N) { return N->Succs.end(); }
};

#endif // LOCKCHECK_SUPPORT_NUMBEREDGRAPH_H
