//===- analysis/PathQuery.cpp - Call paths between two functions ----------===//
#include "analysis/PathQuery.h"

#include "llvm/ADT/STLExtras.h"

#include <deque>
#include <set>
#include <tuple>

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

void PathQuery::onMethodEntered(const MethodEntered &E, const PathRenderer &Paths) {
  if (FunctionOf.emplace(&E.Frame, E.Function).second)
    Order.push_back(&E.Frame);
  WitnessStep Entry;
  Entry.K = WitnessStep::Kind::Entry;
  Entry.Function = E.Function;
  Entry.Table = E.Table;
  EnteredAsMethod.emplace(&E.Frame, Paths.renderStep(Entry));
}

std::vector<const Summary *> PathQuery::roots() const {
  std::set<const Summary *> Called;
  for (const auto &[Frame, Out] : Edges)
    for (const Edge &E : Out)
      Called.insert(E.Callee);
  std::vector<const Summary *> Roots;
  for (const Summary *S : Order)
    if (FunctionOf.at(S) == From && !Called.count(S))
      Roots.push_back(S);
  return Roots;
}

std::vector<std::vector<QueryStep>> PathQuery::paths(const PathRenderer &Paths,
                                                     size_t MaxPaths) const {
  // Breadth-first over partial paths, from every context the starting
  // function was entered in, so shorter paths come first. A context is
  // expanded at most MaxPaths times: enough to find MaxPaths distinct paths
  // without enumerating every path of the kernel.
  struct Partial {
    const Summary *At;
    std::vector<const Edge *> Chain;
    const Summary *Root;
  };
  std::deque<Partial> Queue;
  for (const Summary *S : roots())
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
    if (EnteredAsMethod.count(At.first) && !(Contexts.count(At.first) && !At.second)) {
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
    Path.push_back({EnteredAsMethod.at(Root.first), {}});
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

std::vector<PathStep> PathQuery::slotCallsBelow(graph::FunctionId Target,
                                                unsigned MaxDepth) const {
  std::vector<PathStep> Out;
  std::set<std::string> Slots;
  std::set<const Summary *> Seen;
  std::vector<const Summary *> Level = contextsOf(Target);
  Seen.insert(Level.begin(), Level.end());
  for (unsigned Depth = 0; Depth < MaxDepth && !Level.empty(); ++Depth) {
    std::vector<const Summary *> Next;
    for (const Summary *S : Level) {
      auto It = Edges.find(S);
      if (It == Edges.end())
        continue;
      for (const Edge &E : It->second) {
        if (!E.Step.Via.empty() && Slots.insert(E.Step.Via).second)
          Out.push_back(E.Step);
        if (Seen.insert(E.Callee).second)
          Next.push_back(E.Callee);
      }
    }
    Level = std::move(Next);
  }
  return Out;
}

FunctionGraph PathQuery::graph(const PathRenderer &Paths) const {
  // Contexts reached from the roots, then (with a target) those that reach
  // one of the target's contexts; a call is kept when it links the two.
  FunctionGraph G;
  std::set<const Summary *> Reached;
  std::deque<const Summary *> Work;
  for (const Summary *S : roots()) {
    if (Reached.insert(S).second)
      Work.push_back(S);
    if (!S->EntryPath)
      continue;
    std::string Via = Paths.renderStep(S->EntryPath->Step).Via;
    if (!Via.empty() && !llvm::is_contained(G.EntrySlots, Via))
      G.EntrySlots.push_back(std::move(Via));
  }
  while (!Work.empty()) {
    const Summary *S = Work.front();
    Work.pop_front();
    auto It = Edges.find(S);
    if (It != Edges.end())
      for (const Edge &E : It->second)
        if (Reached.insert(E.Callee).second)
          Work.push_back(E.Callee);
  }
  std::set<const Summary *> LeadsToTarget;
  if (To != NoFunction) {
    for (const auto &[S, F] : FunctionOf)
      if (F == To)
        LeadsToTarget.insert(S);
    // Few contexts per query: a fixed point over the edges is cheap enough.
    for (bool Grew = true; Grew;) {
      Grew = false;
      for (const auto &[Frame, Out] : Edges)
        for (const Edge &E : Out)
          if (LeadsToTarget.count(E.Callee) && LeadsToTarget.insert(Frame).second)
            Grew = true;
    }
  }
  auto Kept = [&](const Summary *S) {
    return Reached.count(S) && (To == NoFunction || LeadsToTarget.count(S));
  };

  std::set<graph::FunctionId> Listed;
  auto AddFunction = [&](graph::FunctionId F) {
    if (Listed.insert(F).second)
      G.Functions.push_back(F);
  };
  AddFunction(From);
  if (To != NoFunction)
    AddFunction(To);
  // A call site reached in several contexts is one call.
  std::map<std::tuple<graph::FunctionId, graph::FunctionId, std::string, unsigned, unsigned>,
           size_t>
      CallIndex;
  for (const Summary *S : Order) {
    if (!Kept(S))
      continue;
    graph::FunctionId Caller = FunctionOf.at(S);
    AddFunction(Caller);
    auto It = Edges.find(S);
    if (It == Edges.end())
      continue;
    for (const Edge &E : It->second) {
      if (!Kept(E.Callee))
        continue;
      graph::FunctionId Callee = FunctionOf.at(E.Callee);
      AddFunction(Callee);
      auto [Known, New] = CallIndex.try_emplace(
          std::make_tuple(Caller, Callee, E.Step.File, E.Step.Line, E.Step.Column),
          G.Calls.size());
      if (New) {
        G.Calls.push_back({Caller, Callee, E.Step, E.Held});
        continue;
      }
      llvm::erase_if(G.Calls[Known->second].Held, [&](const HeldNote &H) {
        return llvm::none_of(E.Held, [&](const HeldNote &O) { return O.Lock == H.Lock; });
      });
    }
  }
  std::set<std::tuple<graph::FunctionId, std::string, std::string, unsigned>> Acquired;
  // The locks each function takes itself: the acquisitions a reader sees at
  // the function's own call (depth 0), not those deeper in its callees,
  // which their own nodes show.
  for (const Summary *S : Order) {
    if (!Kept(S))
      continue;
    graph::FunctionId F = FunctionOf.at(S);
    for (const AcquireSite &A : S->Acquires) {
      if (A.SeenDepth != 0 || !A.Path || !A.Lock.isResolved())
        continue;
      GraphAcquisition Acq{F, Paths.lockName(A.Lock), Paths.renderStep(A.Path->Step)};
      if (Acquired.insert(std::make_tuple(F, Acq.Lock, Acq.At.File, Acq.At.Line)).second)
        G.Acquisitions.push_back(std::move(Acq));
    }
  }
  return G;
}

} // namespace lockcheck::analysis
