//===- checkers/LockOrderChecker.cpp - Circular lock dependencies ---------===//
//
// The rules follow lockdep's (kernel/locking/lockdep.c,
// Documentation/locking/lockdep-design.rst):
//   - a class is keyed with its subclass, so inode_lock_nested(dir,
//     I_MUTEX_PARENT) then inode_lock(child) is i_rwsem/1 -> i_rwsem, no cycle;
//   - a trylock records no dependency (validate_chain() skips it): it cannot
//     wait, so it closes no cycle, while the lock it took still orders what is
//     acquired under it;
//   - a class under itself is recursion, recursive-lock's finding;
//   - rw_semaphore reads are non-recursive readers (read=1 in
//     lock_acquire_shared()): every dependency ends in a lock that can wait, so
//     every cycle is a "strong" one and a deadlock, read-read ones included (two
//     readers holding A and B, each queued behind a writer of the other lock).
//     rwlock_t reads are recursive only in interrupt context
//     (read_lock_is_recursive()), which lockcheck does not model.
//
//===----------------------------------------------------------------------===//
#include "checkers/LockOrderChecker.h"
#include "support/NumberedGraph.h"

#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <tuple>

namespace lockcheck::checkers {

using support::NumberedNode;

/// A shortest cycle inside one strongly connected component (Members, sorted)
/// of the graph Succs: breadth-first from each member in turn, keeping the
/// first shortest found, so the choice depends only on the node numbering.
static std::vector<unsigned> shortestCycle(const std::vector<std::vector<unsigned>> &Succs,
                                           const std::vector<unsigned> &Members) {
  std::vector<unsigned> Best;
  for (unsigned Start : Members) {
    std::map<unsigned, unsigned> Parent{{Start, Start}};
    std::vector<unsigned> Queue{Start};
    std::vector<unsigned> Found;
    for (size_t I = 0; I < Queue.size() && Found.empty(); ++I) {
      unsigned U = Queue[I];
      for (unsigned V : Succs[U]) {
        if (V == Start) {
          for (unsigned N = U; N != Start; N = Parent[N])
            Found.push_back(N);
          Found.push_back(Start);
          std::reverse(Found.begin(), Found.end());
          break;
        }
        if (std::binary_search(Members.begin(), Members.end(), V) && Parent.emplace(V, U).second)
          Queue.push_back(V);
      }
    }
    if (!Found.empty() && (Best.empty() || Found.size() < Best.size()))
      Best = std::move(Found);
  }
  return Best;
}

void LockOrderChecker::onAcquireWhileHeld(const analysis::AcquireWhileHeld &E,
                                          const analysis::PathRenderer &Paths) {
  // A lock held on entry by a method's contract orders what the method takes
  // like one it took itself: the fault handler that holds mmap_lock around
  // ->page_mkwrite is arch code, outside any analysed tree, and the contract
  // is all that says it is held there.
  if (!E.Site.Blocking)
    return;
  // A sleep point orders nothing; an atomic region (rcu_read_lock()), an
  // allocation scope (memalloc_nofs_save()) or an SRCU read-side section is
  // no lock another task waits on to acquire.
  auto IsRegion = [](spec::LockKind K) {
    return K == spec::LockKind::Atomic || K == spec::LockKind::Scope ||
           K == spec::LockKind::Srcu;
  };
  if (E.Site.SleepOnly || IsRegion(E.Held.Kind) || IsRegion(E.Site.Kind))
    return;
  if (!E.Held.Lock.isResolved() || !E.Site.Lock.isResolved())
    return;
  // Dropped on the way, as btrfs_delayed_ref_lock() drops the caller's
  // spinlock before it waits for the mutex: no dependency.
  if (llvm::is_contained(E.Site.ReleasedOnTheWay, E.Held.Lock.Class))
    return;
  // A subclass computed at run time may be any: no edge is certain.
  if (E.Held.Subclass == analysis::UnknownSubclass || E.Site.Subclass == analysis::UnknownSubclass)
    return;
  LockNode From{E.Held.Lock.Class, E.Held.Subclass};
  LockNode To{E.Site.Lock.Class, E.Site.Subclass};
  if (From == To)
    return;
  auto [It, Inserted] = Edges.try_emplace({From, To}, HeldAcquisition::from(E));
  if (!Inserted) {
    // A witness where no WARN*() fired first: the other is set aside. Then one
    // through a bound ops table reads as the code does; one that fell back to
    // every table's slot may mix file systems. One that shows where the held
    // lock was taken beats one that cites a contract for it.
    const HeldAcquisition &Kept = It->second;
    if (std::make_tuple(Kept.Site.AfterWarning, Kept.Site.ViaFallback, Kept.Held.OnEntry) >
        std::make_tuple(E.Site.AfterWarning, E.Site.ViaFallback, E.Held.OnEntry))
      It->second = HeldAcquisition::from(E);
    return;
  }
  for (const auto &[Node, Lock] :
       {std::make_pair(From, &E.Held.Lock), std::make_pair(To, &E.Site.Lock)})
    if (!NodeNames.count(Node))
      NodeNames[Node] =
          Paths.lockName(*Lock) + (Node.second ? "/" + std::to_string(Node.second) : std::string());
}

void LockOrderChecker::finish(const analysis::PathRenderer &Paths) {
  // A dependency seen only where a WARN*() fired is a broken invariant the
  // kernel reports itself: it closes no cycle.
  for (auto It = Edges.begin(); It != Edges.end();) {
    if (It->second.Site.AfterWarning) {
      Sink.count("lock-order: dependency seen only where a WARN*() fired");
      It = Edges.erase(It);
    } else {
      ++It;
    }
  }
  // Number the nodes in name order, so that which cycle is reported does not
  // depend on the order classes were first met in.
  std::vector<LockNode> Nodes;
  for (const auto &[Node, Name] : NodeNames)
    Nodes.push_back(Node);
  llvm::sort(Nodes, [&](const LockNode &A, const LockNode &B) {
    return NodeNames.at(A) < NodeNames.at(B);
  });
  std::map<LockNode, unsigned> Index;
  for (unsigned I = 0; I < Nodes.size(); ++I)
    Index[Nodes[I]] = I;
  std::vector<std::vector<unsigned>> Succs(Nodes.size());
  for (const auto &[Edge, Witness] : Edges)
    Succs[Index[Edge.first]].push_back(Index[Edge.second]);
  for (std::vector<unsigned> &S : Succs)
    llvm::sort(S);
  auto HasEdge = [&](unsigned A, unsigned B) {
    return std::binary_search(Succs[A].begin(), Succs[A].end(), B);
  };

  // Every pair taken in both orders, once. Their edges are then set aside:
  // a longer cycle through an inverted pair is that pair's finding again.
  std::vector<NumberedNode> Graph(Nodes.size() + 1);
  std::vector<std::vector<unsigned>> Remaining(Nodes.size());
  for (unsigned A = 0; A < Nodes.size(); ++A) {
    Graph[A].Id = A;
    for (unsigned B : Succs[A]) {
      if (HasEdge(B, A)) {
        if (A < B)
          reportCycle({Nodes[A], Nodes[B]}, Paths);
        continue;
      }
      Remaining[A].push_back(B);
      Graph[A].Succs.push_back(&Graph[B]);
    }
    Graph.back().Succs.push_back(&Graph[A]);
  }
  Graph.back().Id = static_cast<unsigned>(Nodes.size());

  for (auto It = llvm::scc_begin(static_cast<const NumberedNode *>(&Graph.back())); !It.isAtEnd();
       ++It) {
    if (It->size() < 2)
      continue;
    std::vector<unsigned> Members;
    for (const NumberedNode *N : *It)
      Members.push_back(N->Id);
    llvm::sort(Members);
    std::vector<LockNode> Cycle;
    for (unsigned N : shortestCycle(Remaining, Members))
      Cycle.push_back(Nodes[N]);
    reportCycle(Cycle, Paths);
  }
  Edges.clear();
  NodeNames.clear();
}

void LockOrderChecker::reportCycle(const std::vector<LockNode> &Cycle,
                                   const analysis::PathRenderer &Paths) {
  assert(Cycle.size() >= 2 && "a cycle has two locks at least");
  // Each dependency's witness, its acquisition step marked as an existing
  // dependency for now.
  struct Rendered {
    std::string From, To;
    std::vector<report::TraceStep> Steps;
    size_t Site;
  };
  std::vector<Rendered> Deps;
  for (size_t I = 0; I < Cycle.size(); ++I) {
    const LockNode &From = Cycle[I], &To = Cycle[(I + 1) % Cycle.size()];
    Rendered R{NodeNames[From], NodeNames[To], {}, 0};
    R.Site = renderHeldAcquisition(Paths, Edges.at({From, To}), "'" + R.From + "' acquired here",
                                   "dependency",
                                   "existing dependency '" + R.From + "' -> '" + R.To + "': '" +
                                       R.To + "' acquired while '" + R.From + "' is held",
                                   R.Steps, Rules);
    Deps.push_back(std::move(R));
  }
  // lockdep reports the dependency that closes the cycle, the one it met last;
  // here that is the one whose acquisition comes last in the source.
  auto Location = [](const Rendered &R) {
    const report::TraceStep &S = R.Steps[R.Site];
    return std::tie(S.File, S.Line, S.Column);
  };
  size_t New = 0;
  for (size_t I = 1; I < Deps.size(); ++I)
    if (Location(Deps[New]) < Location(Deps[I]))
      New = I;

  Rendered &Closing = Deps[New];
  report::Finding F;
  F.Checker = "lock-order";
  F.Message = "possible circular locking dependency: acquiring '" + Closing.To +
              "' while holding '" + Closing.From + "'";
  std::vector<std::string> Locks;
  for (const Rendered &R : Deps)
    Locks.push_back(R.From);
  llvm::sort(Locks);
  F.Lock = llvm::join(Locks, ", ");
  report::TraceStep &At = Closing.Steps[Closing.Site];
  At.Kind = "new-dependency";
  At.Detail = F.Message;
  F.Function = At.Function;
  F.File = At.File;
  F.Line = At.Line;
  F.Column = At.Column;
  // As lockdep prints it: the existing chain from the new lock back to the
  // held one, then the new dependency.
  for (size_t K = 1; K <= Deps.size(); ++K) {
    std::vector<report::TraceStep> &Steps = Deps[(New + K) % Deps.size()].Steps;
    std::move(Steps.begin(), Steps.end(), std::back_inserter(F.Trace));
  }
  Sink.report(std::move(F));
}

} // namespace lockcheck::checkers
