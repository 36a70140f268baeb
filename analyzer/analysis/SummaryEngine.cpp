//===- analysis/SummaryEngine.cpp - Lock summaries from the entry points --===//
#include "analysis/SummaryEngine.h"

#include "analysis/HeldSet.h"
#include "spec/Annotations.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"

#include <algorithm>

namespace lockcheck::analysis {

using graph::FunctionId;
using graph::TableId;

bool releaseLock(SummaryEngine::State &St, const LockRef &Lock, size_t Room) {
  auto It = llvm::find_if(St.Held, [&](const HeldLock &H) { return H.Lock == Lock; });
  bool WasHeld = It != St.Held.end();
  if (WasHeld)
    St.Held.erase(It);
  const size_t Index = St.Released.indexOf(Lock);
  const bool WasReleased = Index != St.Released.size();
  if (WasHeld && !WasReleased)
    return false;
  if (!WasReleased)
    St.Released.push_back(Lock, Room);
  if (Index < 64)
    St.ReleasedOnAll |= uint64_t(1) << Index;
  if (!St.Dropped.contains(Lock))
    St.Dropped.push_back(Lock, Room);
  return !WasHeld && !WasReleased;
}

/// Forgets the dropped locks St.Held holds again.
static void noteRetaken(SummaryEngine::State &St) {
  for (const HeldLock &H : St.Held)
    St.Dropped.erase(H.Lock);
}

SummaryEngine::SummaryEngine(const graph::ProgramGraph &Graph, const spec::Annotations &Annotations)
    : Graph(Graph), Annotations(Annotations), Resolver(Annotations, Classes) {
  addClassKeys();
  findFilesystemUnits();
  computeRelevantRecords();
  computeFieldUses();
  Resolver.setInferredConstructors(&InferredConstructors);
  inferConstructors();
  computeFieldWrites();
  if (const spec::ReclaimLock *Reclaim = Annotations.reclaimLock())
    for (const std::string &Scope : Reclaim->NotUnder)
      ReclaimExcluded.push_back(Classes.intern(Scope));
}

SummaryEngine::~SummaryEngine() = default;

void SummaryEngine::addClassKeys() {
  for (FunctionId F = 0; F < Graph.functionCount(); ++F)
    for (const facts::CallFact &C : Graph.fact(F).Calls) {
      const spec::LockClassSetter *S = C.Kind == facts::CalleeKind::LockdepAnnotation
                                           ? Annotations.classSetter(C.Callee)
                                           : nullptr;
      if (!S || std::max(S->LockArgument, S->KeyArgument) >= C.Args.size())
        continue;
      const std::optional<facts::AccessPath> &Lock = C.Args[S->LockArgument].Path;
      const std::optional<facts::AccessPath> &Key = C.Args[S->KeyArgument].Path;
      if (Lock && Key && Key->Root == facts::PathRoot::Global && Key->Steps.empty())
        Resolver.addClassKey(*Lock, Key->Name);
    }
}

void SummaryEngine::enter(FunctionId F, TableId Table, llvm::StringRef Field) {
  Context Ctx;
  if (Table != graph::NoTable) {
    Ctx.Bindings.push_back({Records.intern(Graph.table(Table).Record), Table});
    if (Rules)
      for (unsigned R : Rules->forMethod(Graph.table(Table).Record, Field))
        if (!Rules->rule(R).HeldOnEntry.empty())
          Ctx.EntryRules.push_back(R);
    addMethodArguments(Graph.table(Table).Record, Field, Ctx);
  }
  Ctx.Unit = pathUnit(graph::NoUnit, Table);
  WitnessStep Step;
  Step.K = WitnessStep::Kind::Entry;
  Step.Function = F;
  Step.Table = Table;
  const Summary &S = summarize(F, std::move(Ctx), nullptr, Step);
  if (Table != graph::NoTable)
    enteredMethod(F, S, Table, Field);
}

void SummaryEngine::run() {
  for (const graph::EntryPoint &E : Graph.entryPoints())
    enter(E.Function, E.Table, E.Field);
  finishListeners();
}

void SummaryEngine::finishListeners() {
  shortenEntryPaths();
  reportUnmetAtEntry();
  for (LockEventListener *L : Listeners)
    L->finish(*this);
}

/// A summary's entry path is first the chain that demanded it, which a
/// depth-first walk makes as long as it can be: through a dozen file systems'
/// callbacks to an allocator. Replace it by a shortest path from any entry
/// point, found breadth-first over the calls seen, so witnesses read as a
/// reviewer would trace them.
void SummaryEngine::shortenEntryPaths() {
  // Pointer-keyed, but only looked up, never iterated.
  llvm::DenseMap<const Summary *, std::vector<const CallEdge *>> Out;
  for (const CallEdge &E : CallEdges)
    Out[E.Caller].push_back(&E);
  llvm::DenseMap<const Summary *, const CallEdge *> Via;
  Via.reserve(Created.size());
  std::vector<Summary *> Queue;
  for (Summary *S : Created)
    if (!S->EntryPath->Parent && Via.try_emplace(S, nullptr).second)
      Queue.push_back(S);
  for (size_t I = 0; I < Queue.size(); ++I) {
    Summary *S = Queue[I];
    if (const CallEdge *E = Via[S]) {
      EntryPathNode *Path = EntryNodes.Allocate();
      new (Path) EntryPathNode{E->Step, E->Caller->EntryPath};
      S->EntryPath = Path;
    }
    auto It = Out.find(S);
    if (It == Out.end())
      continue;
    for (const CallEdge *E : It->second)
      if (Via.try_emplace(E->Callee, E).second)
        Queue.push_back(E->Callee);
  }
}

void SummaryEngine::runFrom(FunctionId F) {
  bool InTable = false;
  for (TableId T = 0; T < Graph.tableCount(); ++T)
    for (const auto &[Field, Fn] : Graph.table(T).Slots)
      if (Fn == F) {
        enter(F, T, Field);
        InTable = true;
      }
  if (!InTable)
    enter(F, graph::NoTable, "");
  finishListeners();
}

EngineStats SummaryEngine::stats() const {
  auto CountUnique = [](std::vector<std::pair<FunctionId, unsigned>> V) {
    std::sort(V.begin(), V.end());
    return static_cast<unsigned>(std::unique(V.begin(), V.end()) - V.begin());
  };
  EngineStats S;
  S.Summaries = static_cast<unsigned>(Memo.size());
  S.IndirectResolved = CountUnique(ResolvedIndirect);
  S.IndirectUnresolved = CountUnique(UnresolvedIndirect);
  S.UnknownLockObjects = UnknownLockObjects;
  S.LockClasses = static_cast<unsigned>(Classes.size());
  return S;
}

const WitnessNode *SummaryEngine::node(const WitnessStep &Step, const WitnessNode *Next) {
  WitnessNode *N = WitnessNodes.Allocate();
  new (N) WitnessNode{Step, Next};
  return N;
}

const Summary &SummaryEngine::summarize(FunctionId F, Context Ctx, const EntryPathNode *Parent,
                                        const WitnessStep &Step) {
  trimContext(F, Ctx);
  llvm::SmallVector<uint64_t, 16> Key;
  contextKey(F, Ctx, Key);
  auto Known = Memo.find(Key);
  if (Known != Memo.end())
    return *Known->second;
  uint64_t *KeptKey = MemoKeys.Allocate<uint64_t>(Key.size());
  llvm::copy(Key, KeptKey);
  std::unique_ptr<Summary> &Slot = Memo[llvm::ArrayRef<uint64_t>(KeptKey, Key.size())];
  Slot = std::make_unique<Summary>();
  Summary &S = *Slot;
  Created.push_back(&S);
  EntryPathNode *Path = EntryNodes.Allocate();
  new (Path) EntryPathNode{Step, Parent};
  S.EntryPath = Path;
  analyzeBody(F, Ctx, S);
  // Summaries live to the end of the run and their lists grew by
  // doubling: give the slack back for the summaries still to come.
  S.Acquires.shrink_to_fit();
  S.Checkpoints.shrink_to_fit();
  S.Deferred.shrink_to_fit();
  S.Complete = true;
  return S;
}

void SummaryEngine::transfer(Walk &W, unsigned Block, State &St, bool Emit) {
  const facts::BlockFact &B = W.Fact.Blocks[Block];
  // Assignments in order with the calls: `spin_unlock(&n->list_lock); n =
  // NULL;` leaves n NULL, `n = get_node(...); spin_lock(&n->list_lock);` not.
  size_t NextAssign = 0;
  auto AssignUpTo = [&](unsigned AfterCalls) {
    for (; NextAssign < B.Assigns.size() && B.Assigns[NextAssign].AfterCalls <= AfterCalls;
         ++NextAssign) {
      applyAssign(W, B, B.Assigns[NextAssign], St);
      if (!W.ObjectVars.empty())
        applyObjectAssign(W, B, B.Assigns[NextAssign], St);
    }
  };
  for (unsigned I = 0; I < B.Calls.size(); ++I) {
    AssignUpTo(I);
    applyTaskStores(B, I, St);
    applyObjectStores(W, B, I, St);
    applyCall(W, B.Calls[I], St, Emit);
    if (!St.Dropped.empty())
      noteRetaken(St);
    if (W.TestsInputs)
      noteTaken(St);
  }
  applyTaskStores(B, static_cast<unsigned>(B.Calls.size()), St);
  AssignUpTo(static_cast<unsigned>(B.Calls.size()));
  applyObjectStores(W, B, static_cast<unsigned>(B.Calls.size()), St);
}

/// An assignment decides the flag's next branch when it stores a constant or
/// copies a local whose value is known (`pcp = ({ ...; _ret; })`), and
/// forgets what an earlier branch decided otherwise.
void SummaryEngine::applyAssign(const Walk &W, const facts::BlockFact &B,
                                const facts::AssignFact &A, State &St) const {
  if (A.Pointer || !St.Aliases.empty())
    applyPointerStore(A, St);
  // A store into a place that is no local (`*ptlp`, `vmf->ptl`) decides no
  // branch.
  if (A.Var.empty())
    return;
  // A trylock-style result saved in a variable says nothing once another
  // value is stored there: `error = gfs2_trans_begin(...); if (error) goto
  // fail; ...; gfs2_trans_end(sdp); ...; error = link_dinode(...); if
  // (error)` must not take the transaction's locks again.
  llvm::erase_if(St.Pending, [&](const PendingResult &P) {
    return P.Var == A.Var && !llvm::is_contained(B.Calls, P.Call);
  });
  if (std::optional<unsigned> Local = testedLocal(W, A.Var)) {
    auto Tested = llvm::lower_bound(St.ZeroTested, std::make_pair(*Local, false));
    if (Tested != St.ZeroTested.end() && Tested->first == *Local)
      St.ZeroTested.erase(Tested);
  }
  // Only tracked locals are ever decided.
  std::optional<unsigned> Flag = trackedFlag(W, A.Var);
  if (!Flag)
    return;
  std::optional<int64_t> Value = A.Value;
  if (A.NonNull)
    Value = SomeNonZero;
  if (!Value && !A.From.empty())
    if (std::optional<unsigned> From = trackedFlag(W, A.From)) {
      Value = decided(St, *From);
      auto Source = llvm::lower_bound(St.Decided, std::make_pair(*From, SomeNonZero));
      if (Source != St.Decided.end() && Source->first == *From &&
          std::binary_search(W.CopiedOnly.begin(), W.CopiedOnly.end(), A.From))
        St.Decided.erase(Source);
    }
  // Only whether it is zero matters unless a branch compares it.
  if (Value && *Value != 0 &&
      !std::binary_search(W.ComparedFlags.begin(), W.ComparedFlags.end(), A.Var))
    Value = SomeNonZero;
  auto It = llvm::lower_bound(St.Decided, std::make_pair(*Flag, SomeNonZero));
  bool Known = It != St.Decided.end() && It->first == *Flag;
  if (Value) {
    if (Known)
      It->second = *Value;
    else
      St.Decided.insert(It, {*Flag, *Value});
  } else if (Known) {
    St.Decided.erase(It);
  }
}

/// Stores to the current task's fields made after the block's first
/// AfterCalls calls: a constant nonzero value becomes known, anything else
/// unknown. Values flow down into callees, not back up from them: kernel code
/// sets such a marker around a call and resets it itself after the call, while
/// the callee's own transactions restore what they change.
void SummaryEngine::applyTaskStores(const facts::BlockFact &B, unsigned AfterCalls, State &St) {
  for (const facts::TaskStoreFact &S : B.TaskStores) {
    if (S.AfterCalls != AfterCalls)
      continue;
    support::StringPool::Id Field = TaskFields.lookup(S.Field);
    auto It = llvm::lower_bound(St.Task, std::make_pair(Field, int64_t(0)),
                                [](const auto &A, const auto &B) { return A.first < B.first; });
    bool Known = It != St.Task.end() && It->first == Field;
    if (S.Value && *S.Value != 0) {
      if (Known)
        It->second = *S.Value;
      else
        St.Task.insert(It, {Field, *S.Value});
    } else if (Known) {
      St.Task.erase(It);
    }
  }
}

void SummaryEngine::applyCall(Walk &W, unsigned CallIdx, State &St, bool Emit) {
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  if (Emit)
    reachOwnCheckpoints(W, CallIdx, St);
  // lockdep_assert_held() and might_lock() state what the function expects;
  // they take and release nothing.
  if (Call.Kind == facts::CalleeKind::LockdepAnnotation)
    return;
  if (!W.TrackedFlags.empty())
    for (const facts::ArgFact &A : Call.Args)
      if (A.Path && !A.Path->Steps.empty())
        noteDereferenced(W, *A.Path, St);
  staleFieldsPassed(St.Inputs, Call);
  if (Emit)
    reachSleepPoint(W, CallIdx, St);
  const ResolvedCall &Resolved = resolveCall(W, CallIdx, St);
  if (Resolved.Drop && W.ResultUsed[CallIdx] && notLastDrop(W, Call, *Resolved.Drop)) {
    // It only decrements: no lock taken, no release path entered.
    PendingResult R;
    R.Call = CallIdx;
    R.Var = Call.ResultVar;
    R.NonZero = Resolved.Drop->Last == spec::TrySuccess::Zero;
    R.Forced = true;
    St.Pending.push_back(std::move(R));
    return;
  }
  if (Resolved.Primitive)
    return applyPrimitive(W, CallIdx, *Resolved.Primitive, St, Emit);
  const llvm::SmallVector<Callee, 1> &Callees = Resolved.Callees;
  if (Call.Kind == facts::CalleeKind::Field || Call.Kind == facts::CalleeKind::Param ||
      Call.Kind == facts::CalleeKind::Unknown) {
    if (Emit)
      (Callees.empty() ? UnresolvedIndirect : ResolvedIndirect).push_back({W.F, CallIdx});
  }
  if (Callees.empty())
    return;
  if (Callees.size() == 1)
    return applyCallee(W, CallIdx, Callees.front(), St, Emit);
  // Several possible callees: what holds after the call is what holds after
  // every one of them.
  State Joined;
  for (const Callee &C : Callees) {
    State Copy = St;
    applyCallee(W, CallIdx, C, Copy, Emit);
    if (!Joined.Reachable)
      Joined = std::move(Copy);
    else
      joinInto(Joined, Copy);
  }
  St = std::move(Joined);
}

bool SummaryEngine::notLastDrop(const Walk &W, const facts::CallFact &Call,
                                const spec::ReferenceDrop &D) const {
  if (D.CounterArgument >= Call.Args.size())
    return false;
  // Only a caller's later use proves it: a put function frees its object on
  // the last drop, where a function using the object after its own
  // decrement (`last = refcount_dec_and_test(&o->ref); spin_unlock(&o->lock);
  // if (last) kfree(o);`) frees it itself, later.
  const facts::ArgFact &Counter = Call.Args[D.CounterArgument];
  return Counter.Path && D.counts(*Counter.Path) &&
         Counter.Path->Root == facts::PathRoot::Param &&
         llvm::is_contained(W.Ctx.Pinned, static_cast<unsigned>(Counter.Path->Param)) &&
         intoRootObject(*Counter.Path);
}

static WitnessStep callStep(graph::FunctionId F, unsigned CallIdx, graph::FunctionId Target,
                            TableId Via) {
  WitnessStep Step;
  Step.Function = F;
  Step.Call = CallIdx;
  Step.Target = Target;
  Step.Table = Via;
  return Step;
}

/// The fixpoint rounds and the replay apply each call several times in the
/// same context: whether it calls a lock primitive, its targets, their
/// contexts and the summary lookups are found once per call site, and again
/// only when the task values differ. The first lookup of a summary creates
/// it; later ones only find it, so reusing what the first found changes
/// nothing.
const SummaryEngine::ResolvedCall &SummaryEngine::resolveCall(Walk &W, unsigned CallIdx,
                                                              const State &St) {
  if (W.Calls.empty())
    W.Calls.resize(W.Fact.Calls.size());
  ResolvedCall &R = W.Calls[CallIdx];
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  // The callees' contexts depend on the task values and the new objects
  // passed; the rest of the state is the same at every visit.
  llvm::SmallVector<ArgFieldValue, 1> ObjectArgs;
  objectArguments(Call, St, ObjectArgs);
  if (R.Known && (R.Primitive || (R.Task == St.Task && R.ObjectArgs == ObjectArgs)))
    return R;
  const spec::LockPrimitive *P =
      Call.Kind == facts::CalleeKind::Direct ? Annotations.primitive(Call.Callee) : nullptr;
  if (Call.Kind == facts::CalleeKind::Direct)
    R.Drop = Annotations.referenceDrop(Call.Callee);
  // `preempt_disable()` is a call of __preempt_count_add(): the macro is the
  // primitive.
  if (!P && !Call.Macro.empty())
    P = Annotations.macroPrimitive(Call.Macro);
  if (P) {
    R.Known = true;
    R.Primitive = P;
    return R;
  }
  llvm::SmallVector<Target, 2> Targets;
  collectTargets(W, CallIdx, St, Targets);
  R.Known = true;
  R.Task = St.Task;
  R.ObjectArgs = std::move(ObjectArgs);
  R.Callees.clear();
  // Summaries are looked up in target order, before any target is applied,
  // as applying one looks up none.
  for (const Target &T : Targets) {
    const Summary &S =
        summarize(T.Function, T.Ctx, W.S.EntryPath, callStep(W.F, CallIdx, T.Function, T.Via));
    R.Callees.push_back({T.Function, T.Via, T.Fallback, &S});
  }
  return R;
}

void SummaryEngine::applyCallee(Walk &W, unsigned CallIdx, const Callee &C, State &St,
                                bool Emit) {
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  const WitnessStep Step = callStep(W.F, CallIdx, C.Function, C.Via);
  const Summary &Callee = *C.S;
  W.S.Approximate |= !Callee.Complete || Callee.Approximate;

  if (Emit) {
    CallEdges.push_back({&W.S, Step, const_cast<Summary *>(&Callee)});
    CallWhileHeld Event{W.F, W.S, Step, Callee, St.Held};
    for (LockEventListener *L : Listeners)
      L->onCall(Event, *this);
    // By index and on copies: a recursive function reached in its own
    // context is its own callee (Callee is W.S), and the lists it reads here
    // grow below; iterators into them would be left dangling.
    for (size_t I = 0, E = Callee.Deferred.size(); I < E; ++I) {
      const DeferredPair Inner = Callee.Deferred[I];
      DeferredPair Pair = Inner;
      Pair.Held.Lock = Resolver.compose(Inner.Held.Lock, Call);
      Pair.Site.Lock = Resolver.compose(Inner.Site.Lock, Call);
      if (!Pair.Held.Lock.isKnown() || !Pair.Site.Lock.isKnown())
        continue;
      if (Pair.Held.Lock.isResolved() && Pair.Site.Lock.isResolved()) {
        AcquireWhileHeld Event{Pair.Function, *Pair.Frame, Pair.Held, Pair.Site};
        for (LockEventListener *L : Listeners)
          L->onAcquireWhileHeld(Event, *this);
      } else {
        W.S.Deferred.push_back(std::move(Pair));
      }
    }
    reachCalleeCheckpoints(W, Call, Step, C, St);
    // An allocation sleeps when its gfp flags say so, and takes the reclaim
    // lock when they let it reclaim into file systems (reachSleepPoint): that
    // stands for what its body does. Direct reclaim, shrinkers and writeback
    // followed as calls would put every lock of reclaim under whatever the
    // caller holds, with GFP_ATOMIC too; the acquisitions they make are seen
    // where reclaim code is entered holding the reclaim lock.
    const spec::SleepPoint *Allocation =
        Call.Kind == facts::CalleeKind::Direct ? Annotations.sleepPoint(Call.Callee) : nullptr;
    const bool Opaque = Allocation && Allocation->GfpArgument >= 0;
    ReleasedOnTheWayMemo ReleasedMemo;
    for (size_t I = 0, E = Opaque ? 0 : Callee.Acquires.size(); I < E; ++I) {
      if (St.Held.empty() && outranked(W, Callee.Acquires[I], C.Fallback, St))
        continue;
      const AcquireSite Inner = Callee.Acquires[I];
      AcquireSite Site = Inner;
      Site.Lock = Resolver.compose(Inner.Lock, Call);
      if (!Site.Lock.isKnown())
        continue;
      if (!Inner.RelativeReleasedOnTheWay.empty())
        composeReleasedOnTheWay(Call, Site);
      if (!St.Aliases.empty())
        releaseThroughAliases(St, Site);
      bool CalleeReturnsHolding = llvm::any_of(Callee.HeldAtExit, [&](const HeldLock &H) {
        return H.Lock == Inner.Lock && H.Subclass == Inner.Subclass;
      });
      Site.SeenDepth = CalleeReturnsHolding ? 0 : Inner.SeenDepth + 1;
      Site.ViaFallback |= C.Fallback;
      reachAcquisition(W, Site, St, Emit, &Step, &ReleasedMemo);
    }
  }
  // What the callee takes of its own is taken here, unless every path here
  // released it before (taking its caller's lock back). The final states,
  // which the replay sees, have released the fewest on every path.
  if (Emit && Callee.TakenFresh.any()) {
    // The classes every path released keep what they were.
    llvm::SmallVector<std::pair<ClassId, bool>, 4> Kept;
    for (uint64_t Bits = St.ReleasedOnAll; Bits; Bits &= Bits - 1) {
      const LockRef &R = St.Released[llvm::countr_zero(Bits)];
      if (R.isResolved() && R.Class < Callee.TakenFresh.size() && Callee.TakenFresh.test(R.Class))
        Kept.push_back({R.Class, R.Class < W.TakenFresh.size() && W.TakenFresh.test(R.Class)});
    }
    W.TakenFresh |= Callee.TakenFresh;
    for (const auto &[Class, Was] : Kept)
      if (!Was)
        W.TakenFresh.reset(Class);
  }
  for (size_t I = 0, E = Emit ? Callee.TakenFreshRelative.size() : 0; I < E; ++I)
    noteTakenFresh(W, Resolver.compose(Callee.TakenFreshRelative[I], Call), St);
  for (size_t I = 0, E = Callee.ReleasedAtExit.size(); I < E; ++I) {
    const LockRef &R = Callee.ReleasedAtExit[I];
    const facts::ArgFact *Arg = R.Param >= 0 && static_cast<size_t>(R.Param) < Call.Args.size()
                                    ? &Call.Args[R.Param]
                                    : nullptr;
    LockRef Lock = Resolver.compose(R, Call);
    if (!St.Aliases.empty())
      Lock = throughAlias(St, Lock, Arg && Arg->Path && R.Steps.empty() ? &*Arg->Path : nullptr);
    if (Lock.isKnown()) {
      const bool Untouched = releaseLock(St, Lock, E - I);
      if (Untouched && (llvm::is_contained(Callee.LostAtExit, R) ||
                        llvm::is_contained(Callee.ReleasedOnSomePaths, R)))
        St.Lost.push_back(Lock);
      continue;
    }
    // `spin_unlock(ptl)` with ptl a local pointer filled in elsewhere: as for
    // the primitives, the innermost held lock of its kind is released. Only
    // for a lock wrapper's own parameter: a release deeper down that the
    // caller cannot name is no release of the caller's locks.
    if (R.Kind && R.Steps.empty() && Arg && Arg->Path &&
        Arg->Path->Root == facts::PathRoot::Local && Arg->Path->Steps.empty())
      releaseInnermost(St.Held, *R.Kind);
  }
  auto Compose = [&](const HeldLock &Inner) {
    HeldLock H = Inner;
    H.Lock = Resolver.compose(Inner.Lock, Call);
    H.TakenAt = node(Step, Inner.TakenAt);
    return H;
  };
  for (const HeldLock &Inner : Callee.HeldAtExit) {
    HeldLock H = Compose(Inner);
    if (H.Lock.isKnown())
      addHeld(St.Held, H);
  }
  if (!Callee.AliasesAtExit.empty())
    applyCalleeAliases(Call, Callee, St);
  if (Callee.Conditional && W.ResultUsed[CallIdx]) {
    PendingResult R;
    R.Call = CallIdx;
    R.Var = Call.ResultVar;
    for (const HeldLock &Inner : Callee.HeldIfNonZero)
      if (!llvm::any_of(Callee.HeldAtExit, [&](const HeldLock &X) { return sameHeld(X, Inner); }))
        R.OnNonZero.push_back(Compose(Inner));
    for (const HeldLock &Inner : Callee.HeldIfZero)
      if (!llvm::any_of(Callee.HeldAtExit, [&](const HeldLock &X) { return sameHeld(X, Inner); }))
        R.OnZero.push_back(Compose(Inner));
    St.Pending.push_back(std::move(R));
  }
}

} // namespace lockcheck::analysis
