//===- spec/Annotations.h - Lock primitives and lock types from YAML ------===//
//
// annotations/ lists the base lock primitives (down_write, mutex_lock_nested,
// spin_trylock, ...), the struct types that are locks, and the constructors
// whose results are new objects. Everything built on
// them (inode_lock, btrfs_inode_lock, xfs_ilock) is summarised from its body.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_SPEC_ANNOTATIONS_H
#define LOCKCHECK_SPEC_ANNOTATIONS_H

#include "facts/Facts.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck::spec {

/// Atomic is no lock: a region where the task must not sleep
/// (preempt_disable(), local_irq_save(), rcu_read_lock()), held like one.
/// Scope is none either: a region of the task's allocation context
/// (memalloc_nofs_save()), held like a lock so that what an allocation does
/// depends on it; it orders nothing and nests.
/// Srcu is an SRCU read-side section (srcu_read_lock(ssp)): held on its
/// srcu_struct like a lock, so that it is balanced and its sparse annotations
/// are met, but no writer blocks it, it nests, and it may sleep inside; only
/// synchronize_srcu() waits for it, and that is a sleep point here.
// One byte each: every lock the analysis holds, releases or reaches carries
// them, in lists copied with each dataflow state.
enum class LockKind : uint8_t { Mutex, RwSemaphore, Spinlock, RwLock, Atomic, Scope, Srcu };
enum class LockMode : uint8_t { Exclusive, Shared };

/// What a primitive does to its lock argument.
enum class LockOperation {
  Acquire,              ///< blocks until acquired
  TryAcquire,           ///< never blocks; acquired only when it returns success
  AcquireInterruptible, ///< blocks; acquired only when it returns 0 (_killable, _interruptible)
  Release,
  /// Takes the lock and releases it again inside, on some path, as lockdep's
  /// might_lock() says: a user copy's page fault takes mmap_lock. Waits
  /// for the lock, leaves nothing held.
  MightAcquire,
  /// Takes over a lock another task acquired, without waiting: lockdep's
  /// percpu_rwsem_acquire() (trylock=1) when an aio completion inherits the
  /// submitter's freeze protection. Held afterwards; orders nothing before it.
  Inherit
};

/// A try-acquire's success value.
enum class TrySuccess { NonZero, Zero };

/// One value of a primitive's class argument and the lock class it selects.
struct LockClassChoice {
  int64_t Value = 0;
  std::string LockClass;
};

struct LockPrimitive {
  /// The function called, or (Macro set) the macro the call was spelled
  /// through: `preempt_disable()` is a call of __preempt_count_add(1).
  std::string Function;
  bool Macro = false;
  /// The lock's class when no argument names it: kind atomic or scope, the
  /// region's name; might-acquire, the lock taken inside (`mm_struct.mmap_lock`).
  std::string LockClass;
  /// A lock class chosen by a constant argument: the freeze levels of
  /// `__sb_start_write(sb, level)` are three locks of the super_block, three
  /// lockdep classes. The lock is then the class ClassByValue gives the
  /// argument's value, of the object the lock argument points to; with a
  /// value not listed, or not known, the lock is unknown.
  int ClassArgument = -1;
  std::vector<LockClassChoice> ClassByValue;
  LockOperation Operation = LockOperation::Acquire;
  LockKind Kind = LockKind::Mutex;
  LockMode Mode = LockMode::Exclusive;
  TrySuccess Success = TrySuccess::NonZero;
  unsigned LockArgument = 0;
  /// The fields from what the lock argument points to down to the lock, when
  /// the argument is not the lock itself but the object holding it, as the
  /// facts spell a path's steps: `__lock_task_sighand(task, flags)` takes
  /// `&task->sighand->siglock` (task_struct.sighand, then
  /// sighand_struct.siglock), `lockref_put_or_lock(lockref)` `&lockref->lock`.
  std::vector<facts::FieldStep> LockFields;
  /// The `_nested` forms' subclass argument, or -1.
  int SubclassArgument = -1;
  std::string Citation;
};

/// A call after which the task may have slept: msleep(), schedule(), a
/// user copy that may fault, an allocation whose gfp flags allow direct
/// reclaim. The call is still followed into its body: it is a sleep point in
/// addition to whatever its body does.
struct SleepPoint {
  /// The function called, or (Macro set) the macro it was spelled through
  /// (`might_sleep()`).
  std::string Function;
  bool Macro = false;
  /// The gfp_t argument, or -1: then it sleeps only when that argument is a
  /// constant with the direct-reclaim bit (Annotations::gfpDirectReclaim()).
  int GfpArgument = -1;
  std::string Citation;
};

/// A reference drop whose result tells whether it dropped the object's last
/// reference: `refcount_dec_and_test()`, and the dec-and-lock forms, which
/// are lock primitives too (they return holding a lock when it was the
/// last). A caller that uses the object after the drop did not drop the last
/// reference (facts::ArgFact::UsedAfter): there the result is the other one.
struct ReferenceDrop {
  std::string Function;
  /// The argument that points into the counted object (`&mark->refcnt`).
  unsigned CounterArgument = 0;
  /// What it returns when it dropped the last reference.
  TrySuccess Last = TrySuccess::NonZero;
  /// For a counter type that counts other things too (atomic_t): the fields,
  /// as `record.field`, that are their object's reference count
  /// (`inode.i_count`). Empty: every counter it is given is one (refcount_t).
  std::vector<std::string> CountedFields;
  std::string Citation;

  /// Whether the counter the path names is a reference count of its object.
  bool counts(const facts::AccessPath &Counter) const {
    if (CountedFields.empty())
      return true;
    if (Counter.Steps.empty())
      return false;
    const facts::FieldStep &Last = Counter.Steps.back();
    return llvm::is_contained(CountedFields, Last.Record + "." + Last.Field);
  }
};

/// The pseudo lock class lockdep takes for direct reclaim (`fs_reclaim`,
/// mm/page_alloc.c fs_reclaim_acquire()). An allocation (a sleep point with a
/// gfp argument) whose flags have every bit of GfpFlags might-acquires it, in
/// place of what its body does: direct reclaim, shrinkers, writeback.
struct ReclaimLock {
  std::string LockClass;
  uint64_t GfpFlags = 0;
  /// Scopes (kind scope) under which an allocation does not reclaim into file
  /// systems whatever its flags: memalloc_nofs_save() clears __GFP_FS for the
  /// task (current_gfp_context()).
  std::vector<std::string> NotUnder;
  std::string Citation;
};

/// A function that returns no object that existed before the call: a new one
/// (an allocator, new_inode()) or an error pointer.
struct Constructor {
  std::string Function;
  /// What it returns is never an object (ERR_PTR()): no caller reads its fields.
  bool NoObject = false;
  std::string Citation;
};

/// What a lockdep or sparse annotation asserts of its lock argument.
enum class AssertionKind {
  Held,          ///< lockdep_assert_held(): held, in any mode
  HeldExclusive, ///< lockdep_assert_held_write()
  HeldShared,    ///< lockdep_assert_held_read()
  NotHeld,       ///< lockdep_assert_not_held()
  MightAcquire,  ///< might_lock(): may be taken here, so must not be held
  Context        ///< sparse's context(x, entry, exit) on a function's definition
};

/// An annotation macro the frontend records (CalleeKind::LockdepAnnotation)
/// and what it asserts.
struct LockAssertion {
  std::string Macro;
  AssertionKind Kind = AssertionKind::Held;
  unsigned LockArgument = 0;
  /// AssertionKind::Context: sparse's context counts of the lock at the
  /// function's entry and at each of its returns (`__acquires(x)` is
  /// `context(x,0,1)`). An exit count of -1 is `__cond_acquires`: taken on
  /// some returns, which the count does not say.
  std::optional<int> ContextEntry, ContextExit;
  std::string Citation;

  /// Whether the lock must be held where the annotation is reached.
  bool requiresHeld() const {
    return Kind == AssertionKind::Held || Kind == AssertionKind::HeldExclusive ||
           Kind == AssertionKind::HeldShared ||
           (Kind == AssertionKind::Context && ContextEntry.value_or(0) > 0);
  }
  /// Whether the annotated function returns holding the lock it was entered
  /// without: the sparse annotation of a function that takes it.
  bool takesLock() const {
    return Kind == AssertionKind::Context && ContextEntry == 0 && ContextExit.value_or(0) != 0;
  }
};

/// A lockdep macro that gives the lock it is handed a class of its own, named
/// by a key (`lockdep_set_class(&sdp->sd_quota_inode->i_rwsem,
/// &gfs2_quota_imutex_key)`): lockdep then keeps that lock apart from every
/// other lock of its field, as lockcheck does for locks reached through the
/// same pointer field (analysis::LockResolver::addClassKey).
struct LockClassSetter {
  std::string Macro;
  unsigned LockArgument = 0;
  unsigned KeyArgument = 1;
  std::string Citation;
};

/// All loaded annotation files.
/// What a method's callers always pass: `->write_iter` gets an iov_iter whose
/// data_source is set (the VFS builds it with ITER_SOURCE).
struct MethodArgument {
  std::string Method; ///< `struct_type.field`
  unsigned Argument = 0;
  std::string Field;  ///< a field of the argument
  int64_t Value = 0;
  std::string Citation;
};

class Annotations {
public:
  /// Loads one YAML file; errors are one line naming file:line:col.
  llvm::Error loadFile(llvm::StringRef Path);
  /// Loads every *.yaml file of a directory, in name order.
  llvm::Error loadDirectory(llvm::StringRef Dir);
  /// Loads from a string; Name stands for the file in errors.
  llvm::Error loadBuffer(llvm::StringRef Text, llvm::StringRef Name);

  const LockPrimitive *primitive(llvm::StringRef Function) const {
    auto It = Primitives.find(Function);
    return It == Primitives.end() ? nullptr : &It->second;
  }
  /// A primitive spelled as a macro (`preempt_disable`), by the macro's name.
  const LockPrimitive *macroPrimitive(llvm::StringRef Macro) const {
    auto It = MacroPrimitives.find(Macro);
    return It == MacroPrimitives.end() ? nullptr : &It->second;
  }
  const SleepPoint *sleepPoint(llvm::StringRef Function) const {
    auto It = SleepFunctions.find(Function);
    return It == SleepFunctions.end() ? nullptr : &It->second;
  }
  const SleepPoint *sleepMacro(llvm::StringRef Macro) const {
    auto It = SleepMacros.find(Macro);
    return It == SleepMacros.end() ? nullptr : &It->second;
  }
  const ReferenceDrop *referenceDrop(llvm::StringRef Function) const {
    auto It = ReferenceDrops.find(Function);
    return It == ReferenceDrops.end() ? nullptr : &It->second;
  }
  /// The gfp_t bit that lets an allocation enter direct reclaim, and so sleep
  /// (`___GFP_DIRECT_RECLAIM`); 0 when no file gave it.
  uint64_t gfpDirectReclaim() const { return GfpDirectReclaim; }
  /// The reclaim pseudo-lock, or null when no file gave one.
  const ReclaimLock *reclaimLock() const { return Reclaim ? &*Reclaim : nullptr; }
  /// Whether a struct type (by record name) is a lock: a path rooted at a
  /// parameter of such a type is resolved only at the wrapper's call site.
  bool isLockType(llvm::StringRef Record) const { return LockTypes.contains(Record); }
  bool isConstructor(llvm::StringRef Function) const { return Constructors.contains(Function); }
  /// A constructor whose result is never an object to read (an error pointer).
  bool returnsNoObject(llvm::StringRef Function) const {
    return NoObjectConstructors.contains(Function);
  }
  const LockAssertion *assertion(llvm::StringRef Macro) const {
    auto It = Assertions.find(Macro);
    return It == Assertions.end() ? nullptr : &It->second;
  }
  const LockClassSetter *classSetter(llvm::StringRef Macro) const {
    auto It = ClassSetters.find(Macro);
    return It == ClassSetters.end() ? nullptr : &It->second;
  }
  /// The argument values of a method, by struct type and field.
  llvm::ArrayRef<MethodArgument> methodArguments(llvm::StringRef Record,
                                                 llvm::StringRef Field) const {
    auto It = MethodArguments.find((Record + "." + Field).str());
    if (It == MethodArguments.end())
      return {};
    return It->second;
  }
  size_t methodArgumentCount() const {
    size_t N = 0;
    for (const auto &Entry : MethodArguments)
      N += Entry.second.size();
    return N;
  }
  size_t primitiveCount() const { return Primitives.size(); }
  size_t lockTypeCount() const { return LockTypes.size(); }
  size_t constructorCount() const { return Constructors.size(); }
  size_t assertionCount() const { return Assertions.size(); }
  size_t macroPrimitiveCount() const { return MacroPrimitives.size(); }
  size_t sleepPointCount() const { return SleepFunctions.size() + SleepMacros.size(); }
  size_t referenceDropCount() const { return ReferenceDrops.size(); }

private:
  llvm::StringMap<LockPrimitive> Primitives;
  llvm::StringMap<LockPrimitive> MacroPrimitives;
  llvm::StringMap<SleepPoint> SleepFunctions;
  llvm::StringMap<SleepPoint> SleepMacros;
  llvm::StringMap<ReferenceDrop> ReferenceDrops;
  uint64_t GfpDirectReclaim = 0;
  std::optional<ReclaimLock> Reclaim;
  llvm::StringSet<> LockTypes;
  llvm::StringSet<> Constructors;
  llvm::StringSet<> NoObjectConstructors;
  llvm::StringMap<LockAssertion> Assertions;
  llvm::StringMap<LockClassSetter> ClassSetters;
  llvm::StringMap<std::vector<MethodArgument>> MethodArguments;
};

llvm::StringRef lockKindName(LockKind K);
llvm::StringRef lockModeName(LockMode M);
llvm::StringRef assertionKindName(AssertionKind K);

} // namespace lockcheck::spec

#endif // LOCKCHECK_SPEC_ANNOTATIONS_H
