//===- analysis/LockRef.h - Which lock an expression names -----------------===//
//
// A lock is named by its class: the struct type and field that hold it
// (`inode.i_rwsem`, `btrfs_inode.i_mmap_lock`) or the global variable that is
// it. Inside a wrapper that receives the lock itself (`spin_lock(spinlock_t
// *lock)`), the class is unknown until the call site supplies the argument, so
// the reference stays relative to the parameter and is composed at each call.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_ANALYSIS_LOCKREF_H
#define LOCKCHECK_ANALYSIS_LOCKREF_H

#include "facts/Facts.h"
#include "spec/Annotations.h"
#include "support/StringPool.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <optional>
#include <tuple>


namespace lockcheck::analysis {

using ClassId = support::StringPool::Id;
constexpr ClassId NoClass = support::StringPool::None;

/// LockRefs are copied into every dataflow state and summary, so they only
/// point at access paths: those of the facts, which are immutable while the
/// program is analysed, or those the LockResolver composed and keeps.
struct LockRef {
  ClassId Class = NoClass;
  /// When Class is unknown: the lock is Steps below this parameter.
  int Param = -1;
  llvm::ArrayRef<facts::FieldStep> Steps;
  /// Which object's lock it is, in the terms of the function it is seen in,
  /// when its access path starts at a parameter or a global; null otherwise.
  /// Not part of equality: held sets work on classes; identity is asked for
  /// separately.
  const facts::AccessPath *Object = nullptr;
  /// The kind of lock, once a primitive has said it.
  std::optional<spec::LockKind> Kind;
  /// The object came back from a constructor (new_inode()): in the terms of
  /// any caller, it did not exist before the call that created it.
  bool FreshObject = false;

  bool isKnown() const { return Class != NoClass || Param >= 0; }
  bool isResolved() const { return Class != NoClass; }
  bool operator==(const LockRef &O) const {
    // Inline for the common case: held sets compare classes all the time.
    if (Class != NoClass || O.Class != NoClass)
      return Class == O.Class;
    return sameRelativeLock(O);
  }
  bool operator!=(const LockRef &O) const { return !(*this == O); }

private:
  bool sameRelativeLock(const LockRef &O) const;
};

/// Whether two locks of one class are the same object.
enum class ObjectIdentity { Same, Different, Unknown };

/// Compares the objects of a lock Held and one acquired later, Site, by the
/// chain of pointers from the same root: `inode->i_rwsem` and
/// `BTRFS_I(inode)->vfs_inode.i_rwsem` are the same object; `file->f_inode`
/// and `cfi->cfi_container->f_inode` (coda's host file) are different ones; an
/// object created after Held was taken is a different one; anything else
/// reached through a function's result or a heap object is Unknown.
ObjectIdentity compareObjects(const LockRef &Held, const LockRef &Site);

/// Turns access paths into LockRefs, using the annotations' list of lock types.
class LockResolver {
public:
  LockResolver(const spec::Annotations &Annotations, support::StringPool &Classes)
      : Annotations(Annotations), Classes(Classes) {}

  /// Functions whose results are new objects, beyond the annotated ones.
  void setInferredConstructors(const llvm::StringSet<> *Inferred) { InferredConstructors = Inferred; }
  bool isConstructor(llvm::StringRef Function) const {
    return Annotations.isConstructor(Function) ||
           (InferredConstructors && InferredConstructors->contains(Function));
  }

  /// The lock an access path names, in the terms of the function it occurs in.
  /// The LockRef points into Path, which must outlive it (a path of the facts,
  /// or one this resolver composed).
  LockRef fromPath(const facts::AccessPath &Path) const;
  /// Whether Path designates a lock itself (`&mm->page_table_lock`, a
  /// `spinlock_t *` local), not an object holding one.
  bool designatesLock(const facts::AccessPath &Path) const;
  /// A callee's lock in the caller's terms at call site Call.
  LockRef compose(const LockRef &CalleeLock, const facts::CallFact &Call) const;

  llvm::StringRef className(ClassId C) const { return Classes.str(C); }

  /// A lockdep_set_class() site: locks of Lock's class reached through the
  /// same pointer field as Lock (`gfs2_sbd.sd_quota_inode` for
  /// `&sdp->sd_quota_inode->i_rwsem`), with nothing but embedded structs
  /// between, are of a class of their own, `inode.i_rwsem(gfs2_quota_imutex_key)`.
  /// A field keyed with two different keys keeps its locks' own class.
  void addClassKey(const facts::AccessPath &Lock, llvm::StringRef Key);

  /// Base followed by Tail, kept for the resolver's lifetime (Tail must live
  /// as long). Memoised by where its parts live: the same call site composes
  /// the same callee lock once per calling context, and each copy would be a
  /// few strings.
  const facts::AccessPath &concat(const facts::AccessPath &Base,
                                  llvm::ArrayRef<facts::FieldStep> Tail) const;

private:
  LockRef resolveClass(const facts::AccessPath &Path) const;
  /// The index in Path of the step that names its lock's class, or -1 when
  /// the class is not a field's.
  int classStep(const facts::AccessPath &Path) const;
  /// Base, or its keyed class when the path Front followed by Back reaches
  /// the lock through a keyed pointer field.
  ClassId keyedClass(ClassId Base, llvm::ArrayRef<facts::FieldStep> Front,
                     llvm::ArrayRef<facts::FieldStep> Back) const;
  const facts::AccessPath *composeObject(const facts::AccessPath *Object,
                                         const facts::CallFact &Call) const;
  /// Whether Path, followed by the steps More, is inside a constructor's
  /// result: its own fields, not what they point to.
  bool isFresh(const facts::AccessPath &Path, llvm::ArrayRef<facts::FieldStep> More = {}) const;

  const spec::Annotations &Annotations;
  support::StringPool &Classes;
  const llvm::StringSet<> *InferredConstructors = nullptr;
  struct ClassKey {
    /// The pointer field the keyed lock is reached through, and the lock's
    /// own field.
    std::string ViaRecord, ViaField, LockRecord, LockField;
    ClassId Base = NoClass, Keyed = NoClass;
    bool Ambiguous = false;
  };
  /// A handful in a kernel: scanned.
  std::vector<ClassKey> ClassKeys;
  using ConcatKey = std::tuple<const facts::AccessPath *, const facts::FieldStep *, size_t>;
  mutable llvm::DenseMap<ConcatKey, const facts::AccessPath *> Concatenated;
  /// A deque never moves its elements: LockRefs point into them.
  mutable std::deque<facts::AccessPath> ComposedPaths;
};

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_LOCKREF_H
