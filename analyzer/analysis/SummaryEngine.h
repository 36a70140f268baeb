//===- analysis/SummaryEngine.h - Lock summaries from the entry points ----===//
//
// Computes, for each function in each calling context it is reached in, what
// it does to locks (Summary), flow-sensitively over its reduced CFG, and tells
// listeners whenever an acquisition is reached while a lock taken in the same
// function is held. Summaries are demanded from the entry points down and
// memoised; a context is what changes a callee's behaviour:
//   - constant arguments the callee branches on (a flags wrapper such as
//     btrfs_inode_lock(inode, BTRFS_ILOCK_MMAP) gets a summary per value),
//   - functions passed for function-pointer parameters,
//   - ops-table bindings: once a path enters through table T's method, or
//     passes &T as an argument, calls through T's struct type resolve to T's
//     slots only (ops-table coherence). Bindings are trimmed to the struct
//     types the callee's direct-call subtree calls through, so unrelated
//     tables share one summary.
//   - the file system the path is in: the Kbuild unit of the last file
//     system's table entered. A call through a struct type nothing bound
//     falls back to that file system's tables only (one file system per
//     path), or, when it has none for the slot, to tables of no file system.
//   - per-task state: the constant values of the current task's fields
//     (`current->journal_info = BTRFS_TRANS_DIO_WRITE_STUB`) that the
//     callee's subtree tests.
// Recursion is cut where a summary is demanded while being computed: the
// inner use sees what has been found so far.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_ANALYSIS_SUMMARYENGINE_H
#define LOCKCHECK_ANALYSIS_SUMMARYENGINE_H

#include "analysis/InputFacts.h"
#include "analysis/LockEvents.h"
#include "analysis/LockList.h"
#include "analysis/LockRef.h"
#include "analysis/Summary.h"
#include "graph/ProgramGraph.h"
#include "spec/Rules.h"
#include "support/CopyOnWriteVector.h"
#include "support/StringPool.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/KnownBits.h"

#include <deque>
#include <set>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace lockcheck::analysis {

struct EngineStats {
  unsigned Summaries = 0;
  unsigned IndirectResolved = 0;
  unsigned IndirectUnresolved = 0;
  unsigned UnknownLockObjects = 0;
  unsigned LockClasses = 0;
};

class SummaryEngine : private PathRenderer {
public:

  SummaryEngine(const graph::ProgramGraph &Graph, const spec::Annotations &Annotations);
  ~SummaryEngine() override;

  void addListener(LockEventListener &L) { Listeners.push_back(&L); }
  /// The contracts of ops-table methods: an implementation entered as an entry
  /// point starts holding what its enabled rules say is held on entry, and
  /// calls of the methods they forbid locks at become checkpoints. Set before
  /// run(); Rules must outlive the engine.
  void setRules(const spec::Rules &Rules);
  /// Makes calls of a method (through its slot, or directly to one of its
  /// implementations) checkpoints, whatever the rules say.
  void watchMethod(llvm::StringRef Record, llvm::StringRef Field);
  /// For contract inference: method checkpoints carry the locks held on the
  /// way to them (Checkpoint::HeldBelow), kept apart by that set, and every
  /// one that reaches an entry point nothing calls is reported there
  /// (CheckpointReached::UnmetAtEntry). Costs a checkpoint per set per
  /// method in each summary: not for ordinary runs.
  /// Only locks of the given classes are tracked: each other class would
  /// multiply the sets, and the checkpoints with them.
  void trackHeldBelow(llvm::ArrayRef<std::string> LockClasses);
  /// The class a held-below entry names.
  llvm::StringRef className(uint64_t HeldBelowEntry) const {
    return Classes.str(static_cast<ClassId>(HeldBelowEntry >> 1));
  }
  /// Summarises everything reachable from every entry point.
  void run();
  /// Summarises what is reachable from one function, entered through each
  /// table it is stored in (or with no binding when it is in none).
  void runFrom(graph::FunctionId F);
  EngineStats stats() const;
  /// Renders the witness steps and lock names of this engine's summaries.
  const PathRenderer &renderer() const { return *this; }

  /// Known nonzero values of the current task's fields, sorted by field.
  using TaskValues = llvm::SmallVector<std::pair<support::StringPool::Id, int64_t>, 1>;

private:
  /// A parameter's field with known bits: parameter, field, bits.
  using ArgFieldValue = std::tuple<unsigned, support::StringPool::Id, llvm::KnownBits>;
  struct Context {
    /// What is known of parameters' values: mostly exact constants; only some
    /// bits of a flags word one path of the caller ORs a flag into
    /// (`iomi.flags |= IOMAP_WRITE`).
    llvm::SmallVector<std::pair<unsigned, llvm::KnownBits>, 2> Consts;
    /// Pointer parameters given the address of an object, never NULL
    /// (`locks_delete_lock_ctx(fl, &dispose)`), sorted: a test of one the
    /// body does not change before it goes one way.
    llvm::SmallVector<unsigned, 1> NonNull;
    /// Pointer parameters into an object the caller uses after the call, or
    /// its caller after it (facts::ArgFact::UsedAfter), sorted: a reference
    /// the body drops to that object is not its last one.
    llvm::SmallVector<unsigned, 1> Pinned;
    llvm::SmallVector<ArgFieldValue, 1> ArgFields;
    llvm::SmallVector<std::pair<unsigned, graph::FunctionId>, 1> FnParams;
    llvm::SmallVector<std::pair<support::StringPool::Id, graph::TableId>, 2> Bindings;
    graph::UnitId Unit = graph::NoUnit;
    TaskValues Task;
    /// Entry points only: the rules (spec::Rules indices) whose held-on-entry
    /// locks the body starts with.
    llvm::SmallVector<unsigned, 1> EntryRules;
  };
  struct Target {
    graph::FunctionId Function;
    Context Ctx;
    graph::TableId Via;
    /// Resolved by falling back to every table's slot, not by a binding.
    bool Fallback = false;
  };
public:
  // The dataflow state, shared by the engine's implementation files.
  /// State::Decided's value of a local known nonzero, but not which value.
  static constexpr int64_t SomeNonZero = INT64_MIN;
  /// A pending trylock-style result: the locks held if the call's result (or the
  /// variable it was saved in) turns out nonzero, or zero.
  struct PendingResult {
    unsigned Call = 0;
    std::string Var;
    std::vector<HeldLock> OnNonZero;
    std::vector<HeldLock> OnZero;
    /// Which way a branch on the result went on every path here, once one
    /// did: `if (ret) return ret;` returns a nonzero ret only.
    std::optional<bool> NonZero;
    /// NonZero is what the call returns, known before any branch: a
    /// reference drop that cannot be the last (SummaryEngine::notLastDrop).
    /// A branch the other way is not taken.
    bool Forced = false;
  };

  /// A local holding an object no one had before: what its fields hold.
  struct LocalObject {
    std::string Var;
    ReturnedObject Object;
    bool operator==(const LocalObject &O) const {
      return Var == O.Var && Object.Origin == O.Object.Origin && Object.Fields == O.Object.Fields;
    }
  };

  /// The lock state at one program point. Held is must-held: a lock is in it
  /// only if every path to the point holds it, so a join never invents a lock.
  struct State {
    bool Reachable = false;
    std::vector<HeldLock> Held;
    /// The lists of released locks are long (a release deep in the allocator
    /// passes up to every caller) and few blocks change them: copies of a
    /// state share them.
    LockList Released;
    /// Which of Released every path here released (a must-set), bit I for
    /// Released[I] (past the 64th, none): a lock taken where not every path
    /// released it before is taken fresh on some path, not only back.
    uint64_t ReleasedOnAll = 0;
    /// Locks of Released that some path here released and has not taken
    /// again (a may-set: Released less the ones every path retook).
    LockList Dropped;
    /// Those of Released that are a callee's own lock lost where paths
    /// joined (Summary::LostAtExit) on every path here: imbalance does not
    /// count them as releases of the caller's lock.
    LockList Lost;
    std::vector<PendingResult> Pending;
    /// Tracked locals, by index in Walk::TrackedFlags (so sorted by name),
    /// and what this path knows of their value: a constant assigned or
    /// compared equal, 0 where a branch found the local zero, SomeNonZero
    /// where it found it nonzero or a lock was taken through it. States that
    /// differ here are kept apart. Half the states have some, few more than
    /// two: kept inline, a state's copy allocates nothing for them.
    llvm::SmallVector<std::pair<unsigned, int64_t>, 2> Decided;
    TaskValues Task;
    /// Other locals a branch found zero (false) or nonzero (true) on every
    /// way here, by index in Walk::TestedLocals: unlike Decided, they keep
    /// no states apart.
    llvm::SmallVector<std::pair<unsigned, bool>, 2> ZeroTested;
    /// Locals holding a new object (a constructor's result), sorted by name.
    std::vector<LocalObject> Objects;
    /// Places a pointer to a lock was stored in on every path here.
    std::vector<LockAlias> Aliases;
    /// What the branches taken here found of the function's inputs that the
    /// context leaves open: states that differ here and in their locks are
    /// kept apart, as a helper's inputs choose its lock effect.
    SharedInputFacts Inputs;
    /// Every path here went through a branch taken only where a WARN*()
    /// fired: what is reached from here is reached in a broken invariant.
    bool AfterWarning = false;
    /// Locks the function held at some point of some path here (a may-set):
    /// a return that does not hold one of them has released its own, which
    /// no input excuses (`mutex_lock(); if (!d->ready) return; ... unlock`).
    LockList Taken;

    // SmallVector's move is not noexcept, so std::vector<State> would copy
    // every state each time it grows; moving one cannot fail.
    State() = default;
    State(const State &) = default;
    State(State &&) noexcept = default;
    State &operator=(const State &) = default;
    State &operator=(State &&) = default;
  };

  /// A callee of a call site, with its summary in the callee's context.
  struct Callee {
    graph::FunctionId Function;
    graph::TableId Via;
    bool Fallback;
    const Summary *S;
  };
  /// A call site's callees for the task values they were found with, or the
  /// lock primitive it calls.
  struct ResolvedCall {
    bool Known = false;
    const spec::LockPrimitive *Primitive = nullptr;
    /// A reference drop (which may be a primitive too, or have a body).
    const spec::ReferenceDrop *Drop = nullptr;
    TaskValues Task;
    /// The fields of new objects its arguments pass (objectArguments).
    llvm::SmallVector<ArgFieldValue, 1> ObjectArgs;
    llvm::SmallVector<Callee, 1> Callees;
  };

  /// One function body being summarised in one context.
  struct Walk {
    graph::FunctionId F;
    const facts::FunctionFact &Fact;
    const Context &Ctx;
    Summary &S;
    /// Calls whose result a branch, a return or a variable consumes.
    std::vector<bool> ResultUsed;
    std::vector<State> ExitStates;
    std::vector<int> ExitKinds; // 0 both, 1 nonzero, 2 zero
    /// Per exit state, the block that returns.
    std::vector<unsigned> ExitBlocks;
    /// Flags the function branches on, sorted: a constant assigned to one
    /// decides its next branch.
    std::vector<std::string> TrackedFlags;
    /// Those some branch compares with a nonzero constant (`mode ==
    /// M_PARTIAL`): their exact values are kept, not only whether nonzero.
    std::vector<std::string> ComparedFlags{};
    /// Tracked only as what a tracked local copies (`_ret` of pcp_spin_trylock()):
    /// once copied, what is known of them keeps no states apart.
    std::vector<std::string> CopiedOnly{};
    /// The other locals some branch tests, sorted (State::ZeroTested).
    std::vector<llvm::StringRef> TestedLocals{};
    /// Where S.Acquires holds the site of each resolved lock, by class, then
    /// blocking, and subclass; and which sites are parameter-relative. A
    /// summary has up to hundreds of sites, each met again at every call.
    llvm::DenseMap<std::pair<uint64_t, int>, unsigned> ResolvedSites{};
    std::vector<unsigned> RelativeSites{};
    /// Per call site, once resolveCall has seen it.
    std::vector<ResolvedCall> Calls{};
    /// Where S.Checkpoints holds each checkpoint whose lock is resolved (or
    /// that has none), by method or assertion and lock class.
    llvm::DenseMap<std::tuple<const void *, const void *, uint64_t, const void *>, unsigned>
        CheckpointSites{};
    /// The locks its sparse annotations say it is entered holding, once a
    /// callee's assertion asked.
    std::optional<std::vector<LockRef>> EnteredHolding{};
    /// Locals a constructor's result is assigned to that it returns or
    /// passes on, sorted: only their fields are followed (ReturnedObjects.cpp).
    llvm::ArrayRef<std::string> ObjectVars{};
    /// Some branch tests an input the calling context may leave open: only
    /// then are states kept apart by InputFacts, and State::Taken kept.
    bool TestsInputs = false;
    /// Summary::TakenFresh as the replay finds it.
    llvm::BitVector TakenFresh{};
    std::vector<LockRef> TakenFreshRelative{};
  };

  /// The locks a body starts with: those held on entry by its context's rules.
  std::vector<HeldLock> entryHeld(graph::FunctionId F, const Context &Ctx);

private:
  void enter(graph::FunctionId F, graph::TableId Table, llvm::StringRef Field);
  /// Adds what every caller of the method Record.Field passes (annotations'
  /// method-arguments) to a context entering one of its implementations.
  void addMethodArguments(llvm::StringRef Record, llvm::StringRef Field, Context &Ctx) const;
  void shortenEntryPaths();
  void finishListeners();
  const Summary &summarize(graph::FunctionId F, Context Ctx, const EntryPathNode *Parent,
                           const WitnessStep &Step);
  void analyzeBody(graph::FunctionId F, const Context &Ctx, Summary &S);
  void transfer(Walk &W, unsigned Block, State &In, bool Emit);
  void applyAssign(const Walk &W, const facts::BlockFact &B, const facts::AssignFact &A,
                   State &St) const;

  // Locks named by where a pointer to them was stored (LockAliases.cpp).
  /// Records (or forgets) the lock the place A stores into points to.
  void applyPointerStore(const facts::AssignFact &A, State &St) const;
  /// The lock Lock names in St: the one an alias points to when Lock (or
  /// the local Arg, when it is one) is such a place and not held itself.
  LockRef throughAlias(const State &St, const LockRef &Lock,
                       const facts::AccessPath *Arg) const;
  /// Adds the aliases a callee leaves at its exit, in the caller's terms.
  void applyCalleeAliases(const facts::CallFact &Call, const Summary &Callee, State &St) const;
  /// A callee's site as St sees it: a lock released on the way through a
  /// place that points to one St holds released that one too.
  void releaseThroughAliases(const State &St, AcquireSite &Site);
  /// The aliases every exit state has, but those of the function's locals,
  /// and the lock every return returns a pointer to, held (pud_lock()).
  std::vector<LockAlias> aliasesAtExit(const Walk &W) const;
  /// The state along successor I of Block, or null where the branch rules
  /// it out (branchEdge), marked where it is a warning's way.
  const State *edgeState(const Walk &W, const facts::BlockFact &Block, const State &Out,
                         unsigned I, State &Scratch) const;
  const State *branchEdge(const Walk &W, const facts::BlockFact &Block, const State &Out,
                          unsigned I, State &Scratch) const;
  bool switchTaken(const Walk &W, const facts::BlockFact &Block, unsigned I) const;
  static void joinInto(State &Into, const State &From);
  void collectExit(Walk &W, const facts::BlockFact &Block, State Out);
  void applyCall(Walk &W, unsigned CallIdx, State &St, bool Emit);
  void applyPrimitive(Walk &W, unsigned CallIdx, const spec::LockPrimitive &P, State &St,
                      bool Emit);
  const ResolvedCall &resolveCall(Walk &W, unsigned CallIdx, const State &St);
  /// Whether the reference drop D called at Call cannot drop the last
  /// reference: its counter is in the object of a parameter whose caller
  /// uses it after the call, or passed it on from a caller that does
  /// (Context::Pinned).
  bool notLastDrop(const Walk &W, const facts::CallFact &Call,
                   const spec::ReferenceDrop &D) const;
  void applyCallee(Walk &W, unsigned CallIdx, const Callee &C, State &St, bool Emit);
  /// releasedOnTheWay's answers for one state, by the site's own list: a
  /// callee's sites mostly share a few lists (most have none), and each
  /// answer scans every lock the state released.
  using ReleasedOnTheWayMemo =
      llvm::SmallDenseMap<std::pair<const ClassId *, size_t>, llvm::ArrayRef<ClassId>, 4>;
  /// With Memo, St stays as it is for every site Memo is used with.
  void reachAcquisition(Walk &W, AcquireSite Site, State &St, bool Emit,
                        const WitnessStep *PathHead = nullptr,
                        ReleasedOnTheWayMemo *Memo = nullptr);
  /// Whether a callee's site Inner, reached at a call (through a fallback
  /// when ViaFallback) where St holds no lock, can be passed over before it
  /// is composed: W's summary keeps a site of its lock that ranks as well.
  bool outranked(const Walk &W, const AcquireSite &Inner, bool ViaFallback,
                 const State &St) const;
  void reachSleepPoint(Walk &W, unsigned CallIdx, State &St);
  /// The site's ReleasedOnTheWay with the classes St released added.
  llvm::ArrayRef<ClassId> releasedOnTheWay(const AcquireSite &Site, const State &St,
                                           ReleasedOnTheWayMemo *Memo);
  /// The same for a site's list Site.
  llvm::ArrayRef<ClassId> releasedOnTheWay(llvm::ArrayRef<ClassId> Site, const State &St);
  /// All, sorted and without duplicates, as a list kept for the run.
  llvm::ArrayRef<ClassId> internReleased(llvm::SmallVectorImpl<ClassId> &All);
  /// The site's RelativeReleasedOnTheWay with the parameter-relative locks
  /// St released added.
  llvm::ArrayRef<LockRef> relativeReleasedOnTheWay(const AcquireSite &Site, const State &St);
  /// A callee's site in the caller's terms: the locks it released through
  /// the callee's parameters, named by Call's arguments.
  void composeReleasedOnTheWay(const facts::CallFact &Call, AcquireSite &Site);
  /// A copy of Locks that lives as long as the run.
  llvm::ArrayRef<LockRef> keptForRun(llvm::ArrayRef<LockRef> Locks);
  void collectTargets(const Walk &W, unsigned CallIdx, const State &St,
                      llvm::SmallVectorImpl<Target> &Out);
  void fallbackTargets(const Walk &W, const facts::CallFact &Call,
                       llvm::SmallVectorImpl<graph::SlotTarget> &Out) const;
  graph::UnitId pathUnit(graph::UnitId Current, graph::TableId Entered) const;
  Context calleeContext(const Walk &W, const facts::CallFact &Call, const State &St) const;
  void applyTaskStores(const facts::BlockFact &B, unsigned AfterCalls, State &St);

  // New objects' fields (ReturnedObjects.cpp).
  void computeFieldWrites();
  void applyObjectAssign(const Walk &W, const facts::BlockFact &B, const facts::AssignFact &A,
                         State &St) const;
  void applyObjectStores(const Walk &W, const facts::BlockFact &B, unsigned AfterCalls,
                         State &St) const;
  /// The known fields of the new objects a call's arguments pass, as the
  /// callee's argument fields.
  void objectArguments(const facts::CallFact &Call, const State &St,
                       llvm::SmallVectorImpl<ArgFieldValue> &Out) const;
  /// The object every return of the function gives back, if one is known.
  void collectReturnedObject(const Walk &W);
  /// Forgets what Others(Origin) may change of Field's bits.
  void maskOtherWrites(graph::FunctionId Origin, ObjectField &Field) const;
  void trimContext(graph::FunctionId F, Context &Ctx) const;
  /// What tells F's summaries apart: F and Ctx as words.
  void contextKey(graph::FunctionId F, const Context &Ctx,
                  llvm::SmallVectorImpl<uint64_t> &Key) const;
  void computeRelevantRecords();
  /// Whether an access path points into its root's object: no step reads a
  /// pointer (`mark`, `&mark->refcnt`, `&i_mark->fsn_mark`).
  static bool intoRootObject(const facts::AccessPath &P);
  /// Adds to Uses[F] the parameters F forwards to a callee parameter that
  /// Uses marks, until nothing changes: as themselves, or also as the address
  /// of a member of their object when ThroughMembers.
  void propagateParamUses(std::vector<uint64_t> &Uses, bool ThroughMembers);
  void computePinUses();
  void computeFieldUses();
  void inferConstructors();
  void findFilesystemUnits();
  int subclassOf(const Walk &W, const facts::CallFact &Call, const spec::LockPrimitive &P) const;
  /// Argument Index's value when it is a constant, or a parameter the context
  /// fixes.
  std::optional<int64_t> constantArgument(const Walk &W, llvm::ArrayRef<facts::ArgFact> Args,
                                          unsigned Index) const;
  /// The lock a primitive's call operates on.
  LockRef primitiveLock(const Walk &W, const facts::CallFact &Call, const spec::LockPrimitive &P);

  // Contract checkpoints (Checkpoints.cpp).
  void reachCheckpoint(Walk &W, Checkpoint CP, const State &St);
  bool releaseMatters(const Checkpoint &CP, const LockRef &Released) const;
  void reachOwnCheckpoints(Walk &W, unsigned CallIdx, const State &St);
  /// Whether a callee's checkpoint Inner, reached at a call (through a
  /// fallback when ViaFallback), can be passed over before it is composed:
  /// St holds nothing and W's summary has it already.
  bool alreadyKept(const Walk &W, const Checkpoint &Inner, bool ViaFallback,
                   const State &St) const;
  void reachCalleeCheckpoints(Walk &W, const facts::CallFact &Call, const WitnessStep &Step,
                              const Callee &C, const State &St);
  void reportUnmetAtEntry();
  /// The sparse context annotations on F's definition, their locks resolved.
  std::vector<DeclaredContext> declaredContexts(graph::FunctionId F,
                                                const facts::FunctionFact &Fact) const;
  void enteredMethod(graph::FunctionId F, const Summary &S, graph::TableId Table,
                     llvm::StringRef Field);

  const WitnessNode *node(const WitnessStep &Step, const WitnessNode *Next);

  // PathRenderer
  std::string lockName(const LockRef &Lock) const override;
  void renderEntryPath(const EntryPathNode *Path, std::vector<PathStep> &Out) const override;
  void renderChain(const WitnessNode *Chain, unsigned Marked, llvm::StringRef MarkedKind,
                   llvm::StringRef MarkedDetail, std::vector<PathStep> &Out) const override;
  PathStep renderStep(const WitnessStep &Step) const override;
  llvm::StringRef calleeName(const WitnessStep &Step) const override;
  std::pair<llvm::StringRef, llvm::StringRef> slotOf(const WitnessStep &Step) const override;

  const graph::ProgramGraph &Graph;
  const spec::Annotations &Annotations;
  support::StringPool Classes;
  support::StringPool Records;
  LockResolver Resolver;
  /// Gives the resolver every lockdep_set_class() site of the program
  /// (spec::LockClassSetter), before any lock is named.
  void addClassKeys();
  std::vector<LockEventListener *> Listeners;

  /// Per function: the records of struct types its subtree calls through,
  /// sorted; and which parameters it branches on or forwards.
  std::vector<std::vector<support::StringPool::Id>> RelevantRecords;
  std::vector<uint64_t> ParamUses;
  /// Per function, the parameters whose object a reference drop in its
  /// subtree counts: only those enter Context::Pinned.
  std::vector<uint64_t> PinUses;
  /// Fields of the current task, and per function the ones (as bits, in
  /// TaskFields order) its whole subtree tests, indirect calls included.
  support::StringPool TaskFields;
  std::vector<uint64_t> TaskFieldsTested;
  /// The same for the fields of arguments a subtree tests or passes on
  /// (`iter->data_source`, `iter->flags`), by field name, as bits in
  /// ArgFields order.
  support::StringPool ArgFields;
  std::vector<llvm::BitVector> ArgFieldsTested;
  /// Per Kbuild unit: whether it registers a file system.
  std::vector<bool> FilesystemUnits;
  /// Per function: whether the file system its path is in can change its
  /// summary.
  std::vector<bool> UnitMatters;
  /// Functions that return only NULL or what annotated constructors return.
  llvm::StringSet<> InferredConstructors;
  /// Per `record.field` worth following (a field some branch tests), its
  /// ArgFields id, and the bits writes may set and clear: those of any
  /// function (Any), and those through a local a function assigns only new
  /// objects to (ByOrigin), which no one else sees until it returns.
  struct FieldWriteMasks {
    support::StringPool::Id ArgField = support::StringPool::None;
    uint64_t AnySet = 0, AnyClear = 0;
    llvm::SmallVector<std::tuple<graph::FunctionId, uint64_t, uint64_t>, 1> ByOrigin;
  };
  support::StringPool ObjectFieldKeys;
  std::vector<FieldWriteMasks> ObjectFieldWrites;
  /// Per function, Walk::ObjectVars; empty when no field is worth following.
  std::vector<std::vector<std::string>> ObjectVarsOf;
  /// The scopes an allocation takes no reclaim lock in (ReclaimLock::NotUnder).
  llvm::SmallVector<ClassId, 3> ReclaimExcluded;

  /// Summaries by contextKey; the keys' words are kept in MemoKeys.
  llvm::DenseMap<llvm::ArrayRef<uint64_t>, std::unique_ptr<Summary>> Memo;
  llvm::BumpPtrAllocator MemoKeys;
  /// Summaries in creation order, and every call edge between them, for
  /// shortenEntryPaths.
  std::vector<Summary *> Created;
  struct CallEdge {
    Summary *Caller;
    WitnessStep Step;
    Summary *Callee;
  };
  std::vector<CallEdge> CallEdges;
  llvm::SpecificBumpPtrAllocator<WitnessNode> WitnessNodes;
  /// Every distinct ReleasedOnTheWay list (there are few), kept in
  /// ReleasedListStorage.
  llvm::DenseSet<llvm::ArrayRef<ClassId>> ReleasedLists;
  llvm::BumpPtrAllocator ReleasedListStorage;
  llvm::SpecificBumpPtrAllocator<EntryPathNode> EntryNodes;
  std::vector<std::pair<graph::FunctionId, unsigned>> ResolvedIndirect;
  std::vector<std::pair<graph::FunctionId, unsigned>> UnresolvedIndirect;
  unsigned UnknownLockObjects = 0;

  const spec::Rules *Rules = nullptr;
  /// Watched methods as `record.field`, and the functions stored in their slots.
  llvm::StringSet<> WatchedMethods;
  llvm::DenseMap<graph::FunctionId, std::pair<llvm::StringRef, llvm::StringRef>> Implementations;
  support::StringPool CheckpointNames;
  bool TrackHeldBelow = false;
  llvm::DenseSet<ClassId> TrackedClasses;
  /// The classes the enabled rules forbid on entry to some method.
  llvm::DenseSet<ClassId> ForbiddenOnEntry;
  std::set<std::vector<uint64_t>> HeldBelowSets;
  /// The objects of locks held on entry; LockRefs point into them.
  std::deque<facts::AccessPath> EntryObjects;
};

/// The known bits of a 64-bit constant: all of them.
inline llvm::KnownBits knownConstant(int64_t V) {
  return llvm::KnownBits::makeConstant(llvm::APInt(64, static_cast<uint64_t>(V)));
}

/// Removes a released lock from St's held set, or remembers that a lock held
/// on entry was released; either way a lock held on entry is dropped again.
/// Returns whether St neither held nor had released Lock before. Room is
/// how many releases are still to come on St (LockList::push_back).
bool releaseLock(SummaryEngine::State &St, const LockRef &Lock, size_t Room = 1);

/// Whether every assignment to the local Var stores a constructor's result
/// or NULL, and at least one a constructor's (`inode = new_inode(sb); if
/// (!inode) return NULL; ... return inode;`).
bool holdsOnlyNewObjects(const facts::FunctionFact &Fact, llvm::StringRef Var,
                         const LockResolver &Resolver);

/// Joins the new objects of two states: those both hold, with what both know.
void joinObjects(std::vector<SummaryEngine::LocalObject> &Into,
                 const std::vector<SummaryEngine::LocalObject> &From);

/// Var's index in W.TrackedFlags, if it is tracked.
std::optional<unsigned> trackedFlag(const SummaryEngine::Walk &W, llvm::StringRef Var);
/// Var's index in W.TestedLocals, if a branch tests it.
std::optional<unsigned> testedLocal(const SummaryEngine::Walk &W, llvm::StringRef Var);
/// Records in St that the tracked local Flag (trackedFlag) holds Value
/// (SummaryEngine::SomeNonZero: some nonzero value).
void decide(SummaryEngine::State &St, unsigned Flag, int64_t Value);
/// What St knows of the tracked local Flag's value, if anything.
std::optional<int64_t> decided(const SummaryEngine::State &St, unsigned Flag);
/// Adds the locks St holds, but those held on entry, to State::Taken.
void noteTaken(SummaryEngine::State &St);
/// Whether every path to St released Lock (State::ReleasedOnAll).
bool releasedOnAll(const SummaryEngine::State &St, const LockRef &Lock);
/// Records in W that its function takes Lock, unless every path to St released
/// it before (a lock taken back after releasing its caller's is no lock of its own).
void noteTakenFresh(SummaryEngine::Walk &W, const LockRef &Lock, const SummaryEngine::State &St);
/// A call was passed a field of what the local pointer Path is rooted at: a
/// tracked one is not NULL on this path (`spin_lock(&n->list_lock)`,
/// `spin_trylock(&_ret->lock)`).
void noteDereferenced(const SummaryEngine::Walk &W, const facts::AccessPath &Path,
                      SummaryEngine::State &St);

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_SUMMARYENGINE_H
