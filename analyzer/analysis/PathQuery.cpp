//===- analysis/PathQuery.cpp - Call paths between two functions ----------===//
#include "analysis/PathQuery.h"

#include "llvm/ADT/STLExtras.h"

#include <deque>
#include <optional>
#include <set>

namespace lockcheck::analysis {

void PathQuery::onCall(const CallWhileHeld &E, const PathRenderer &Paths) {
  auto Note = [&](const Summary *S, graph::FunctionId F) {
    if (FunctionOf.emplace(S, F).second)
      Order.push_back(S);
  };
  Note(&E.Frame, E.Function);
  Note(&E.Callee, E.Step.Target);
  Edge Out{Paths.renderStep(E.Step), &E.Callee, {}};
  for (const HeldLock &H : E.Held) {
    if (!H.Lock.isResolved() || !H.TakenAt)
      continue;
    Out.Held.push_back({Paths.lockName(H.Lock), Paths.renderStep(H.TakenAt->Step)});
  }
  // The analysis keeps a few states per block apart, and reports the call
  // once for each: one edge, holding what every state holds.
  for (Edge &Existing : Edges[&E.Frame])
    if (Existing.Callee == Out.Callee && Existing.Step.Line == Out.Step.Line &&
        Existing.Step.Column == Out.Step.Column && Existing.Step.File == Out.Step.File) {
      llvm::erase_if(Existing.Held, [&](const HeldNote &H) {
        return llvm::none_of(Out.Held, [&](const HeldNote &O) { return O.Lock == H.Lock; });
      });
      return;
    }
  Edges[&E.Frame].push_back(std::move(Out));
}

std::vector<const Summary *> PathQuery::contextsOf(graph::FunctionId Target) const {
  std::vector<const Summary *> Out;
  for (const Summary *S : Order)
    if (FunctionOf.at(S) == Target)
      Out.push_back(S);
  return Out;
}

std::vector<std::vector<QueryStep>>
PathQuery::pathsIntoContexts(graph::FunctionId Target, const PathRenderer &Paths,
                             size_t MaxPaths) const {
  std::map<const Summary *, std::vector<std::pair<const Summary *, const Edge *>>> Into;
  for (const Summary *Frame : Order)
    if (auto It = Edges.find(Frame); It != Edges.end())
      for (const Edge &E : It->second)
        Into[E.Callee].push_back({Frame, &E});
  // Breadth-first towards the callers from every context of Target at once,
  // over (summary, whether a lock is held somewhere between it and the
  // context): a function is often reached both under a lock and under none,
  // by paths of every length, and the paths under a lock are the ones that
  // carry a contract. Toward[State] is the edge from the state's summary one
  // step nearer a context, Next[State] that state.
  using State = std::pair<const Summary *, bool>;
  std::map<State, const Edge *> Toward;
  std::map<State, State> Next;
  std::deque<State> Queue;
  std::set<const Summary *> Contexts;
  for (const Summary *Context : contextsOf(Target)) {
    Contexts.insert(Context);
    Toward.emplace(State{Context, false}, nullptr);
    Queue.push_back({Context, false});
  }
  std::vector<State> Locked, Unlocked;
  while (!Queue.empty() && Locked.size() < MaxPaths) {
    State At = Queue.front();
    Queue.pop_front();
    // An ops-table method ends the search, called from elsewhere or not
    // (the VFS calls ->write_iter, and syscalls the VFS).
    const EntryPathNode *Entry = At.first->EntryPath;
    if (Entry && !Entry->Parent && Entry->Step.Table != graph::NoTable &&
        !(Contexts.count(At.first) && !At.second)) {
      (At.second ? Locked : Unlocked).push_back(At);
      continue;
    }
    auto Callers = Into.find(At.first);
    if (Callers == Into.end())
      continue;
    for (const auto &[Frame, E] : Callers->second) {
      State Caller{Frame, At.second || !E->Held.empty()};
      if (Toward.emplace(Caller, E).second) {
        Next[Caller] = At;
        Queue.push_back(Caller);
      }
    }
  }
  Locked.insert(Locked.end(), Unlocked.begin(), Unlocked.end());
  if (Locked.size() > MaxPaths)
    Locked.resize(MaxPaths);
  std::vector<std::vector<QueryStep>> Result;
  for (State Root : Locked) {
    std::vector<QueryStep> Path;
    Path.push_back({Paths.renderStep(Root.first->EntryPath->Step), {}});
    std::vector<HeldNote> Held;
    for (State S = Root; Toward.at(S); S = Next.at(S)) {
      const Edge *E = Toward.at(S);
      Held.insert(Held.end(), E->Held.begin(), E->Held.end());
      Path.push_back({E->Step, Held});
    }
    Result.push_back(std::move(Path));
  }
  return Result;
}

std::vector<std::vector<QueryStep>> PathQuery::pathsTo(graph::FunctionId To,
                                                       const PathRenderer &Paths,
                                                       size_t MaxPaths) const {
  // Breadth-first over partial paths, from every context the starting
  // function was entered in (the ones nothing called), so shorter paths come
  // first. A context is expanded at most MaxPaths times: enough to find
  // MaxPaths distinct paths without enumerating every path of the kernel.
  std::set<const Summary *> Called;
  for (const auto &[Frame, Out] : Edges)
    for (const Edge &E : Out)
      Called.insert(E.Callee);
  struct Partial {
    const Summary *At;
    std::vector<const Edge *> Chain;
    const Summary *Root;
  };
  std::deque<Partial> Queue;
  for (const Summary *S : Order)
    if (!Called.count(S) &&
        (From == NoFunction ? S->EntryPath && S->EntryPath->Step.Table != graph::NoTable
                            : FunctionOf.at(S) == From))
      Queue.push_back({S, {}, S});
  std::map<const Summary *, size_t> Expanded;
  std::vector<std::vector<QueryStep>> Result;
  while (!Queue.empty() && Result.size() < MaxPaths) {
    Partial P = std::move(Queue.front());
    Queue.pop_front();
    if (FunctionOf.at(P.At) == To && !P.Chain.empty()) {
      std::vector<QueryStep> Path;
      Path.push_back({Paths.renderStep(P.Root->EntryPath->Step), {}});
      std::vector<HeldNote> Held;
      for (const Edge *E : P.Chain) {
        Held.insert(Held.end(), E->Held.begin(), E->Held.end());
        Path.push_back({E->Step, Held});
      }
      Result.push_back(std::move(Path));
      continue;
    }
    if (++Expanded[P.At] > MaxPaths)
      continue;
    auto It = Edges.find(P.At);
    if (It == Edges.end())
      continue;
    for (const Edge &E : It->second) {
      bool Cycle = E.Callee == P.Root;
      for (const Edge *Prev : P.Chain)
        Cycle |= Prev->Callee == E.Callee;
      if (Cycle)
        continue;
      Partial Next{E.Callee, P.Chain, P.Root};
      Next.Chain.push_back(&E);
      Queue.push_back(std::move(Next));
    }
  }
  return Result;
}

} // namespace lockcheck::analysis
