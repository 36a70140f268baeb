//===- analysis/Summary.h - Per-function lock summaries and witnesses -----===//
#ifndef LOCKCHECK_ANALYSIS_SUMMARY_H
#define LOCKCHECK_ANALYSIS_SUMMARY_H

#include "analysis/LockRef.h"
#include "graph/ProgramGraph.h"
#include "spec/Annotations.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/KnownBits.h"

#include <optional>
#include <vector>

namespace lockcheck::analysis {

constexpr graph::FunctionId NoFunction = ~0u;
/// A `_nested` subclass that is not a constant: equal to no other subclass.
constexpr int UnknownSubclass = -2;

/// One step of a witness path: a function entered from an ops table, one
/// call site (to a function, or to a lock primitive when Target is NoFunction),
/// or a return (Call is then the index of the block that returns).
struct WitnessStep {
  enum class Kind { Entry, Call, Return };
  Kind K = Kind::Call;
  graph::FunctionId Function = NoFunction;
  unsigned Call = 0;
  graph::FunctionId Target = NoFunction;
  graph::TableId Table = graph::NoTable;
};

/// Witness paths share their tails: a callee's path is reused by every caller.
struct WitnessNode {
  WitnessStep Step;
  const WitnessNode *Next = nullptr;
};

/// The path by which the analysis first reached a function: entry point first
/// when walked from the root (Parent links point towards the entry).
struct EntryPathNode {
  WitnessStep Step;
  const EntryPathNode *Parent = nullptr;
};

/// A lock held at some point, and where it was taken.
struct HeldLock {
  LockRef Lock;
  spec::LockKind Kind = spec::LockKind::Mutex;
  spec::LockMode Mode = spec::LockMode::Exclusive;
  int Subclass = 0;
  /// From the acquiring call in this function down to the primitive; null for
  /// a lock held on entry.
  const WitnessNode *TakenAt = nullptr;
  /// Held on entry to an ops-table method by the contract of rule EntryRule
  /// (spec::Rules index): the caller took it, not this path.
  bool OnEntry = false;
  unsigned EntryRule = 0;
};

/// An acquisition reachable from a function's entry.
struct AcquireSite {
  LockRef Lock;
  spec::LockKind Kind = spec::LockKind::Mutex;
  spec::LockMode Mode = spec::LockMode::Exclusive;
  int Subclass = 0;
  /// False for trylocks, which cannot wait.
  bool Blocking = true;
  /// The same lock was released on the way there, so holding it on entry
  /// does not make this acquisition recursive.
  bool ReleasedBefore = false;
  /// Index in Path of the step that is "the acquisition" as a reader sees it:
  /// the call to the outermost wrapper that returns holding the lock.
  unsigned SeenDepth = 0;
  /// Some indirect call on the path fell back to every table's slot.
  bool ViaFallback = false;
  /// Reached only through a branch taken where a WARN*() fired: a kernel
  /// invariant is already broken there, and the kernel reports it itself.
  bool AfterWarning = false;
  /// Not an acquisition: a call after which the task may have slept
  /// (annotations' sleep points). Lock is a class of its own, named after
  /// the function or macro called, which no lock is ever held as.
  bool SleepOnly = false;
  /// The reclaim pseudo-lock (annotations' reclaim-lock, lockdep's
  /// `fs_reclaim`) as an allocation might-acquires it: that it may sleep is
  /// the allocation's own sleep point, and inside reclaim (PF_MEMALLOC) an
  /// allocation does not reclaim again.
  bool AllocationReclaim = false;
  /// A might-acquire (a user copy's fault taking mmap_lock): waits for the
  /// lock and leaves it as it was, so the function never holds it from here.
  bool MightOnly = false;
  /// From the call in this function down to the primitive. (After the
  /// small members: sites are the summaries' bulk, 3 M on fs/ and mm/, and
  /// this order packs them in 104 bytes rather than 112.)
  const WitnessNode *Path = nullptr;
  /// Lock classes released on some path to the site from the function it
  /// is seen in (a helper that drops its caller's spinlock around iput()):
  /// held where the site is reached from, not at the site itself. Sorted.
  llvm::ArrayRef<ClassId> ReleasedOnTheWay = {};
  /// Locks released on the way that the function names only through its
  /// parameters (xlog_wait(wq, lock) drops `lock` before it sleeps): each
  /// caller names them in its terms, and a class found joins
  /// ReleasedOnTheWay there.
  llvm::ArrayRef<LockRef> RelativeReleasedOnTheWay = {};
};

/// A point the contract checks look at, reachable from a function's entry: a
/// call of an ops-table method a rule speaks of (through its slot, or directly
/// to an implementation), or a lockdep assertion.
struct Checkpoint {
  enum class Kind { MethodCall, Assertion };
  Kind K = Kind::MethodCall;
  /// MethodCall: the slot's struct type and field.
  llvm::StringRef Record, Field;
  /// Assertion: what it asserts, and of which lock.
  const spec::LockAssertion *Assertion = nullptr;
  /// MethodCall: a lock a rule's not-held-on-entry names on the method's own
  /// object (NotHeldOnEntry[Entry] of rule Rule), as the call's arguments
  /// name it; unset for the checkpoint of the method's class-level contracts.
  LockRef Lock;
  unsigned Rule = ~0u;
  unsigned Entry = 0;
  /// Contract inference only: the locks held somewhere between the entry of
  /// this summary's function and the call, each as class << 1 | shared,
  /// sorted; interned by the engine.
  const std::vector<uint64_t> *HeldBelow = nullptr;
  /// Locks held on entry to this summary's function that the path releases
  /// before the checkpoint (`spin_unlock(&dentry->d_lock)` before ->d_iput):
  /// a caller holding one does not hold it there.
  llvm::SmallVector<LockRef, 1> Released;
  /// From the call in this function down to the checkpoint, which is the
  /// last of Depth steps.
  const WitnessNode *Path = nullptr;
  unsigned Depth = 0;
  bool ViaFallback = false;
  /// As for AcquireSite::AfterWarning.
  bool AfterWarning = false;
};

/// A lock also named by the place a pointer to it was stored in
/// (facts::AssignFact::Pointer): after `pte_offset_map_lock(mm, pmd, addr,
/// &vmf->ptl)`, `vmf->ptl` names the page table lock `spin_lock(__ptl)` took,
/// and `pte_unmap_unlock(vmf->pte, vmf->ptl)` releases it.
struct LockAlias {
  /// The place: a local of the function (`&ptl` given), or else the lock
  /// name the place has (`vmf->ptl`'s class, or `*ptlp` relative to ptlp).
  llvm::StringRef Local;
  LockRef Name;
  /// The lock the stored pointer points to.
  LockRef Lock;
  /// Not stored but returned (`ptl = pud_lock(mm, pud)`): in a summary, what
  /// the function returns; in a state, the result of the last call of the
  /// function Local, which a local assigned once stands for.
  bool Returned = false;

  bool names(const LockAlias &O) const {
    return Returned == O.Returned && Local == O.Local && (!Local.empty() || Name == O.Name);
  }
  bool operator==(const LockAlias &O) const { return names(O) && Lock == O.Lock; }
};

struct Summary;

/// What is known of one integer field of an object (ObjectFieldKey numbers
/// the record and field).
struct ObjectField {
  unsigned Field = 0;
  llvm::KnownBits Bits{64};
  bool operator==(const ObjectField &O) const { return Field == O.Field && Bits == O.Bits; }
};

/// An object a function returns that no one had before the call (its own
/// allocation, or what a callee so returned): what its integer fields hold
/// at every return of it. Origin is the function whose stores through the
/// local holding it are all seen in order; no other write may change a bit
/// said known (`__iomap_dio_rw()` on a read returns `dio` with
/// IOMAP_DIO_NEED_SYNC zero).
struct ReturnedObject {
  graph::FunctionId Origin = 0;
  llvm::SmallVector<ObjectField, 1> Fields;
};

/// An acquisition reached while a lock is held, both known only relative to
/// the function's parameters (`down_write(s); down_write(s);` in a wrapper
/// given `s`): reported once a caller's arguments name the lock.
struct DeferredPair {
  graph::FunctionId Function;
  const Summary *Frame;
  HeldLock Held;
  AcquireSite Site;
};

/// What a function (in one calling context) does to locks.
struct Summary {
  std::vector<AcquireSite> Acquires;
  /// Locks it returns holding on every path.
  std::vector<HeldLock> HeldAtExit;
  /// Trylock-style wrappers: what is held when it returns nonzero / zero.
  std::vector<HeldLock> HeldIfNonZero;
  std::vector<HeldLock> HeldIfZero;
  bool Conditional = false;
  /// Locks held on entry that it releases on some path.
  std::vector<LockRef> ReleasedAtExit;
  /// Those of ReleasedAtExit that are, on every path releasing them, the
  /// function's own lock (or a callee's) lost from the must-held set where
  /// paths joined, and released later under the same condition that took it
  /// (`if (n) spin_unlock(&n->list_lock)`): its callers drop them from their
  /// held sets as for any release, but no caller's lock was released.
  std::vector<LockRef> LostAtExit;
  /// The others that it releases on some paths to its returns only: its
  /// callers do not count them as releases of their own.
  std::vector<LockRef> ReleasedOnSomePaths;
  /// Locks it (or a callee) takes on some path that had not released them
  /// before, by class, and those known relative to a parameter. A release of
  /// one of them while it is not held is of its own lock lost where paths
  /// joined, not of its caller's, also when a loop's back edge brings the
  /// release round to the acquisition (free_unref_page_list()'s per-cpu lock).
  llvm::BitVector TakenFresh;
  std::vector<LockRef> TakenFreshRelative;
  bool takesFresh(const LockRef &Lock) const {
    if (Lock.isResolved())
      return Lock.Class < TakenFresh.size() && TakenFresh.test(Lock.Class);
    return llvm::is_contained(TakenFreshRelative, Lock);
  }
  /// Places outside the function (a parameter's field, `*ptlp`) that point
  /// to a lock on every path to its exit, because it stored the pointer
  /// there: follow_pte() fills in its caller's `ptl`; and the lock every
  /// return returns a pointer to and holds (LockAlias::Returned), as
  /// pud_lock() does.
  std::vector<LockAlias> AliasesAtExit;
  /// Parameter-relative re-acquisitions, in this function's terms.
  std::vector<DeferredPair> Deferred;
  /// Checkpoints reachable from entry, one per method, or per assertion and
  /// lock; assertions that a lock is held only while no lock held here met them.
  std::vector<Checkpoint> Checkpoints;
  /// Set when every return gives back NULL, an error pointer or a new object
  /// with some field known.
  std::optional<ReturnedObject> Returned;
  const EntryPathNode *EntryPath = nullptr;
  bool Complete = false;
  /// Computed from a callee summary that was still being computed (recursion
  /// cut), or from one so computed: what it says at exit may be incomplete.
  bool Approximate = false;
};

/// Whether two acquisitions name the same lock and subclass, so that the
/// second waits for the first.
inline bool sameLockAndSubclass(const LockRef &A, int SubA, const LockRef &B, int SubB) {
  return A.isResolved() && A == B && SubA == SubB && SubA != UnknownSubclass;
}

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_SUMMARY_H
