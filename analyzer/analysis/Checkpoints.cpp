//===- analysis/Checkpoints.cpp - Where the contract checks look ----------===//
//
// The engine's part of the locking contracts: method calls and lockdep
// assertions travel up the summaries like acquisitions do, so that each
// function on the way can tell the listeners what it holds there. An
// assertion that a lock is held stops travelling where a function holds the
// lock; one that reaches an entry point unmet is reported there. Entry points
// that implement a method with a held-on-entry contract start holding those
// locks.
//
//===----------------------------------------------------------------------===//
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace lockcheck::analysis {

using graph::FunctionId;

/// The lock argument of an annotation call, as written.
static llvm::StringRef lockArgumentText(const facts::CallFact &Call, const spec::LockAssertion &A) {
  return A.LockArgument < Call.Args.size() ? llvm::StringRef(Call.Args[A.LockArgument].Text) : "";
}

std::vector<DeclaredContext>
SummaryEngine::declaredContexts(FunctionId F, const facts::FunctionFact &Fact) const {
  std::vector<DeclaredContext> Out;
  for (unsigned I : Fact.Blocks[Fact.Entry].Calls) {
    const facts::CallFact &Call = Fact.Calls[I];
    if (Call.Kind != facts::CalleeKind::LockdepAnnotation)
      continue;
    const spec::LockAssertion *A = Annotations.assertion(Call.Callee);
    if (!A || A->Kind != spec::AssertionKind::Context || A->LockArgument >= Call.Args.size() ||
        !Call.Args[A->LockArgument].Path)
      continue;
    DeclaredContext C{A, Resolver.fromPath(*Call.Args[A->LockArgument].Path), {}};
    if (!C.Lock.isKnown())
      continue;
    C.At.Function = F;
    C.At.Call = I;
    Out.push_back(C);
  }
  return Out;
}

/// Whether a sparse annotation that takes its lock is paired, on the same
/// definition, with one that needs the lock held on entry: sparse adds up a
/// lock's contexts, so `__releases(x) __acquires(x)` is entered holding x
/// (ceph's __kick_flushing_caps drops i_ceph_lock and retakes it).
static bool enteredHolding(const facts::FunctionFact &Fact, const facts::CallFact &Takes,
                           const spec::LockAssertion &TakesAssertion,
                           const spec::Annotations &Annotations) {
  llvm::StringRef Lock = lockArgumentText(Takes, TakesAssertion);
  return llvm::any_of(Fact.Blocks[Fact.Entry].Calls, [&](unsigned I) {
    const facts::CallFact &Other = Fact.Calls[I];
    if (Other.Kind != facts::CalleeKind::LockdepAnnotation)
      return false;
    const spec::LockAssertion *A = Annotations.assertion(Other.Callee);
    return A && A->Kind == spec::AssertionKind::Context && A->requiresHeld() &&
           lockArgumentText(Other, *A) == Lock;
  });
}

void SummaryEngine::setRules(const spec::Rules &R) {
  Rules = &R;
  for (const spec::Rule &Rule : R.all())
    if (Rule.Enabled && !Rule.NotHeldOnEntry.empty()) {
      watchMethod(Rule.Record, Rule.Field);
      for (const spec::ContractLock &L : Rule.NotHeldOnEntry)
        ForbiddenOnEntry.insert(Classes.intern(L.Lock));
    }
}

/// Whether a lock released on the way to a checkpoint can change what a
/// listener makes of it: only a lock of the class the checkpoint is about
/// can. The rest would be carried up every caller's copy of the checkpoint
/// for nothing; they were half of the analysis's memory on the kernel.
bool SummaryEngine::releaseMatters(const Checkpoint &CP, const LockRef &Released) const {
  if (!Released.isResolved())
    return true; // its class is known in some caller's terms only
  if (CP.K == Checkpoint::Kind::Assertion)
    return !CP.Lock.isResolved() || CP.Lock.Class == Released.Class;
  return ForbiddenOnEntry.contains(Released.Class) ||
         (TrackHeldBelow && TrackedClasses.contains(Released.Class));
}

void SummaryEngine::trackHeldBelow(llvm::ArrayRef<std::string> LockClasses) {
  TrackHeldBelow = true;
  for (const std::string &C : LockClasses)
    TrackedClasses.insert(Classes.intern(C));
}

void SummaryEngine::watchMethod(llvm::StringRef Record, llvm::StringRef Field) {
  if (!WatchedMethods.insert((Record + "." + Field).str()).second)
    return;
  llvm::StringRef R = CheckpointNames.str(CheckpointNames.intern(Record));
  llvm::StringRef F = CheckpointNames.str(CheckpointNames.intern(Field));
  for (const graph::SlotTarget &T : Graph.slotTargets(Record, Field))
    Implementations.try_emplace(T.Function, R, F);
}

/// The struct an argument's access path points to.
static llvm::StringRef pointee(const facts::AccessPath &P) {
  llvm::StringRef Type = P.Steps.empty() ? llvm::StringRef(P.RootType) : P.Steps.back().FieldType;
  Type.consume_front("const ");
  Type.consume_front("struct ");
  return Type.take_until([](char C) { return C == ' ' || C == '*'; });
}

/// A contract object's pointer steps, then the lock field itself.
static void appendSteps(facts::AccessPath &Object, const spec::ContractLock &L) {
  for (const std::string &Step : L.Object->Path) {
    auto [Record, Field] = llvm::StringRef(Step).split('.');
    Object.Steps.push_back({Record.str(), Field.str(), "*", false, std::nullopt});
  }
  auto [Record, Field] = llvm::StringRef(L.Lock).split('.');
  Object.Steps.push_back({Record.str(), Field.str(), "", false, std::nullopt});
}

/// The argument a contract's object starts from in F: by position, or the
/// first parameter pointing to the named struct type.
static std::optional<unsigned> objectArgument(const facts::FunctionFact &F,
                                              const spec::LockObject &O) {
  if (O.Argument)
    return O.Argument;
  for (unsigned I = 0; I < F.ParamRecords.size(); ++I)
    if (F.ParamRecords[I] == O.ArgumentType)
      return I;
  return std::nullopt;
}

std::vector<HeldLock> SummaryEngine::entryHeld(FunctionId F, const Context &Ctx) {
  std::vector<HeldLock> Held;
  for (unsigned R : Ctx.EntryRules)
    for (const spec::ContractLock &L : Rules->rule(R).HeldOnEntry) {
      HeldLock H;
      H.Lock.Class = Classes.intern(L.Lock);
      std::optional<unsigned> Argument;
      if (L.Object)
        Argument = objectArgument(Graph.fact(F), *L.Object);
      if (Argument) {
        // The method's argument, then a pointer per path step, then the lock
        // itself: what compareObjects needs to tell this inode from another.
        facts::AccessPath &Object = EntryObjects.emplace_back();
        Object.Root = facts::PathRoot::Param;
        Object.Param = static_cast<int>(*Argument);
        appendSteps(Object, L);
        H.Lock.Object = &Object;
      }
      H.Mode = L.Mode == spec::HeldMode::Shared ? spec::LockMode::Shared
                                                 : spec::LockMode::Exclusive;
      H.OnEntry = true;
      H.EntryRule = R;
      Held.push_back(H);
    }
  return Held;
}

/// Where Walk::CheckpointSites files a checkpoint of a method, or of an
/// assertion on a resolved lock.
static std::tuple<const void *, const void *, uint64_t, const void *>
checkpointKey(const Checkpoint &CP) {
  const void *What = CP.Assertion ? static_cast<const void *>(CP.Assertion) : CP.Record.data();
  // Rule and entry ride in the class's high bits: a method's own-object
  // checkpoints of two rules about one lock class are two checkpoints.
  uint64_t Lock = uint64_t(CP.Lock.Class) | uint64_t(CP.Rule) << 32 | uint64_t(CP.Entry) << 48;
  return {What, static_cast<const void *>(CP.Field.data()), Lock,
          static_cast<const void *>(CP.HeldBelow)};
}

/// Records a checkpoint reached in W's function with St.Held held: an event,
/// then a place in the summary unless it is an assertion of a held lock that
/// this function holds (its callers need not).
void SummaryEngine::reachCheckpoint(Walk &W, Checkpoint CP, const State &St) {
  CP.AfterWarning |= St.AfterWarning;
  // do_wp_page()'s `__releases(vmf->ptl)` under do_swap_page()'s
  // pte_offset_map_lock(..., &vmf->ptl): the lock vmf->ptl points to.
  if (CP.Assertion && !St.Aliases.empty())
    CP.Lock = throughAlias(St, CP.Lock, nullptr);
  // What is held here and still held at the checkpoint.
  const std::vector<HeldLock> *HeldThere = &St.Held;
  std::vector<HeldLock> Kept;
  if (!CP.Released.empty() && !St.Held.empty()) {
    // Only a release proven to be of the held object: a callee unlocking
    // some inode of the class is no release of the caller's directory.
    for (const HeldLock &H : St.Held)
      if (llvm::none_of(CP.Released, [&](const LockRef &R) {
            return R == H.Lock && compareObjects(H.Lock, R) == ObjectIdentity::Same;
          }))
        Kept.push_back(H);
    HeldThere = &Kept;
  }
  if (!HeldThere->empty()) {
    CheckpointReached Event{W.F, W.S, CP, *HeldThere};
    for (LockEventListener *L : Listeners)
      L->onCheckpoint(Event, *this);
  }
  for (const LockRef &R : St.Released)
    if (releaseMatters(CP, R) && !llvm::is_contained(CP.Released, R))
      CP.Released.push_back(R);
  if (TrackHeldBelow && CP.K == Checkpoint::Kind::MethodCall) {
    // Only tracked locks make a new set: the checkpoint's identity (below)
    // must not depend on what else happens to be held.
    std::vector<uint64_t> Below = CP.HeldBelow ? *CP.HeldBelow : std::vector<uint64_t>();
    const size_t Inherited = Below.size();
    for (const HeldLock &H : *HeldThere)
      if (H.Lock.isResolved() && TrackedClasses.contains(H.Lock.Class))
        Below.push_back(uint64_t(H.Lock.Class) << 1 | (H.Mode == spec::LockMode::Shared));
    if (Below.size() != Inherited) {
      llvm::sort(Below);
      Below.erase(std::unique(Below.begin(), Below.end()), Below.end());
      CP.HeldBelow = &*HeldBelowSets.insert(std::move(Below)).first;
    }
  }
  if (CP.Assertion && CP.Assertion->requiresHeld() &&
      llvm::any_of(*HeldThere, [&](const HeldLock &H) { return H.Lock == CP.Lock; }))
    return;
  // One per method, or per assertion and lock, as for acquisitions: the first
  // found, unless it came only after a warning, or through a fallback call,
  // and this one did not.
  auto Keep = [&](Checkpoint &Existing) {
    if (std::make_pair(Existing.AfterWarning, Existing.ViaFallback) >
        std::make_pair(CP.AfterWarning, CP.ViaFallback))
      Existing = CP;
  };
  const unsigned Next = static_cast<unsigned>(W.S.Checkpoints.size());
  if (!CP.Assertion || CP.Lock.isResolved()) {
    auto [It, Inserted] = W.CheckpointSites.try_emplace(checkpointKey(CP), Next);
    if (!Inserted)
      return Keep(W.S.Checkpoints[It->second]);
  } else {
    for (Checkpoint &Existing : W.S.Checkpoints)
      if (Existing.Assertion == CP.Assertion && Existing.Lock == CP.Lock)
        return Keep(Existing);
  }
  W.S.Checkpoints.push_back(CP);
}

void SummaryEngine::reachOwnCheckpoints(Walk &W, unsigned CallIdx, const State &St) {
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  WitnessStep Step;
  Step.Function = W.F;
  Step.Call = CallIdx;
  Checkpoint CP;
  CP.Depth = 1;
  if (Call.Kind == facts::CalleeKind::LockdepAnnotation) {
    const spec::LockAssertion *A = Annotations.assertion(Call.Callee);
    if (!A || A->LockArgument >= Call.Args.size() || !Call.Args[A->LockArgument].Path)
      return;
    // sparse's context(x, 0, 0) and (x, 1, 0) ask nothing of a caller beyond
    // the entry count; a function that takes x asks only that its caller does
    // not hold it, unless another annotation says it is entered holding it.
    if (A->Kind == spec::AssertionKind::Context && !A->requiresHeld() &&
        (!A->takesLock() || enteredHolding(W.Fact, Call, *A, Annotations)))
      return;
    CP.K = Checkpoint::Kind::Assertion;
    CP.Assertion = A;
    CP.Lock = Resolver.fromPath(*Call.Args[A->LockArgument].Path);
    if (!CP.Lock.isKnown())
      return;
    CP.Path = node(Step, nullptr);
    return reachCheckpoint(W, CP, St);
  }
  if (WatchedMethods.empty())
    return;
  if (Call.Kind == facts::CalleeKind::Field) {
    support::StringPool::Id R = CheckpointNames.lookup(Call.Record);
    support::StringPool::Id F = CheckpointNames.lookup(Call.Field);
    if (R == support::StringPool::None || F == support::StringPool::None ||
        !WatchedMethods.contains(Call.Record + "." + Call.Field))
      return;
    CP.Record = CheckpointNames.str(R);
    CP.Field = CheckpointNames.str(F);
  } else if (std::optional<FunctionId> Callee = Graph.directCallee(W.F, CallIdx)) {
    auto It = Implementations.find(*Callee);
    if (It == Implementations.end())
      return;
    std::tie(CP.Record, CP.Field) = It->second;
    Step.Target = *Callee;
  } else {
    return;
  }
  CP.Path = node(Step, nullptr);
  reachCheckpoint(W, CP, St);
  // A lock on the method's own object (`i_rwsem(inode)`): one checkpoint per
  // such lock, holding the lock as this call's arguments name it, so callers
  // can tell that inode from the ones they hold.
  if (!Rules)
    return;
  for (unsigned R : Rules->forMethod(CP.Record, CP.Field))
    for (unsigned E = 0; E < Rules->rule(R).NotHeldOnEntry.size(); ++E) {
      const spec::ContractLock &L = Rules->rule(R).NotHeldOnEntry[E];
      if (!L.Object)
        continue;
      std::optional<unsigned> Arg = L.Object->Argument;
      for (unsigned I = 0; !Arg && I < Call.Args.size(); ++I)
        if (Call.Args[I].Path && pointee(*Call.Args[I].Path) == L.Object->ArgumentType)
          Arg = I;
      if (!Arg || *Arg >= Call.Args.size() || !Call.Args[*Arg].Path)
        continue;
      facts::AccessPath &Object = EntryObjects.emplace_back(*Call.Args[*Arg].Path);
      appendSteps(Object, L);
      Checkpoint Own = CP;
      Own.Lock = Resolver.fromPath(Object);
      Own.Rule = R;
      Own.Entry = E;
      if (Own.Lock.isResolved())
        reachCheckpoint(W, Own, St);
    }
}

bool SummaryEngine::alreadyKept(const Walk &W, const Checkpoint &Inner, bool ViaFallback,
                                const State &St) const {
  // With nothing held no event is due, and reaching a checkpoint the summary
  // has, through no fallback its own came through, changes nothing.
  // Composing keeps a resolved lock's class, which the key holds; a lock
  // relative to a parameter is composed first, and aliases may rename an
  // assertion's lock.
  if (!St.Held.empty() || TrackHeldBelow || (Inner.Lock.isKnown() && !Inner.Lock.isResolved()) ||
      (Inner.Assertion && (!Inner.Lock.isResolved() || !St.Aliases.empty())))
    return false;
  auto Found = W.CheckpointSites.find(checkpointKey(Inner));
  if (Found == W.CheckpointSites.end())
    return false;
  const Checkpoint &Kept = W.S.Checkpoints[Found->second];
  return std::make_pair(Kept.AfterWarning, Kept.ViaFallback) <=
         std::make_pair(Inner.AfterWarning || St.AfterWarning, Inner.ViaFallback || ViaFallback);
}

void SummaryEngine::reachCalleeCheckpoints(Walk &W, const facts::CallFact &Call,
                                           const WitnessStep &Step, const Callee &C,
                                           const State &St) {
  // By index and on copies: the callee may be W.S itself.
  for (size_t I = 0, E = C.S->Checkpoints.size(); I < E; ++I) {
    if (alreadyKept(W, C.S->Checkpoints[I], C.Fallback, St))
      continue;
    Checkpoint CP = C.S->Checkpoints[I];
    if (CP.Lock.isKnown()) {
      CP.Lock = Resolver.compose(CP.Lock, Call);
      if (!CP.Lock.isKnown())
        continue;
    }
    // Inference counts ways in and never renders a path: a node per
    // checkpoint per call edge was most of its memory.
    if (!TrackHeldBelow)
      CP.Path = node(Step, CP.Path);
    ++CP.Depth;
    CP.ViaFallback |= C.Fallback;
    llvm::SmallVector<LockRef, 1> Released;
    for (const LockRef &R : CP.Released) {
      LockRef Mine = Resolver.compose(R, Call);
      if (Mine.isKnown() && releaseMatters(CP, Mine))
        Released.push_back(Mine);
    }
    CP.Released = std::move(Released);
    // A function whose own annotation (`__must_hold(x)`) says it is entered
    // holding x meets its callees' need of x, as sparse checks each body from
    // its declared entry count: its callers are checked against its own.
    if (CP.Assertion && CP.Assertion->requiresHeld() &&
        !St.Released.contains(CP.Lock)) {
      if (!W.EnteredHolding) {
        W.EnteredHolding.emplace();
        for (const DeclaredContext &D : declaredContexts(W.F, W.Fact))
          if (D.Assertion->requiresHeld())
            W.EnteredHolding->push_back(D.Lock);
      }
      if (llvm::any_of(*W.EnteredHolding, [&](const LockRef &L) {
            return L == CP.Lock && compareObjects(L, CP.Lock) != ObjectIdentity::Different;
          }))
        continue;
    }
    reachCheckpoint(W, CP, St);
  }
}

/// An assertion that a lock is held that is still in an entry point's summary
/// was met by no function from the entry down. A function that other code
/// calls (in any context: an ->end_io is called with constant arguments its
/// entry-point summary lacks) is no entry of its own: its callers' paths are
/// the ones checked.
void SummaryEngine::reportUnmetAtEntry() {
  llvm::DenseSet<FunctionId> Called;
  for (const CallEdge &E : CallEdges)
    if (E.Step.Target != NoFunction && E.Step.Target != E.Step.Function)
      Called.insert(E.Step.Target);
  const std::vector<HeldLock> Nothing;
  for (const Summary *S : Created) {
    if (S->EntryPath->Parent || Called.contains(S->EntryPath->Step.Function))
      continue;
    for (const Checkpoint &CP : S->Checkpoints)
      if ((CP.Assertion && CP.Assertion->requiresHeld()) ||
          (TrackHeldBelow && CP.K == Checkpoint::Kind::MethodCall)) {
        CheckpointReached Event{S->EntryPath->Step.Function, *S, CP, Nothing,
                                /*UnmetAtEntry=*/true};
        for (LockEventListener *L : Listeners)
          L->onCheckpoint(Event, *this);
      }
  }
}

void SummaryEngine::enteredMethod(FunctionId F, const Summary &S, graph::TableId Table,
                                  llvm::StringRef Field) {
  MethodEntered Event{F, S, Graph.table(Table).Record, Field, Table};
  for (LockEventListener *L : Listeners)
    L->onMethodEntered(Event, *this);
}

} // namespace lockcheck::analysis
