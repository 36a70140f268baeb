//===- analysis/LockRef.cpp - Which lock an expression names ---------------===//
#include "analysis/LockRef.h"

#include "spec/Annotations.h"

namespace lockcheck::analysis {

static bool sameSteps(const std::vector<facts::FieldStep> &A,
                      const std::vector<facts::FieldStep> &B) {
  if (A.size() != B.size())
    return false;
  for (size_t I = 0; I < A.size(); ++I)
    if (A[I].Record != B[I].Record || A[I].Field != B[I].Field)
      return false;
  return true;
}

bool LockRef::operator==(const LockRef &O) const {
  if (Class != NoClass || O.Class != NoClass)
    return Class == O.Class;
  return Param == O.Param && sameSteps(Steps, O.Steps);
}

static bool isPointerStep(const facts::FieldStep &S) {
  return llvm::StringRef(S.FieldType).ends_with("*");
}

ObjectIdentity compareObjects(const LockRef &A, const LockRef &B) {
  if (!A.Object || !B.Object)
    return ObjectIdentity::Unknown;
  const facts::AccessPath &X = *A.Object, &Y = *B.Object;
  bool SameRoot;
  if (X.Root == facts::PathRoot::Param && Y.Root == facts::PathRoot::Param)
    SameRoot = X.Param == Y.Param;
  else if (X.Root == facts::PathRoot::Global && Y.Root == facts::PathRoot::Global)
    SameRoot = X.Name == Y.Name;
  else
    return ObjectIdentity::Unknown;
  if (!SameRoot)
    return ObjectIdentity::Different;
  // Only dereferences change the object; embedded structs
  // (btrfs_inode.vfs_inode) and the lock field itself do not.
  std::vector<std::string> PX, PY;
  for (const facts::FieldStep &S : X.Steps)
    if (isPointerStep(S))
      PX.push_back(S.Record + "." + S.Field);
  for (const facts::FieldStep &S : Y.Steps)
    if (isPointerStep(S))
      PY.push_back(S.Record + "." + S.Field);
  return PX == PY ? ObjectIdentity::Same : ObjectIdentity::Different;
}

/// The record a field of type `struct spinlock *` points to ("spinlock"), as
/// the frontend spells pointer types (canonically); empty for anything else.
static llvm::StringRef pointeeRecord(llvm::StringRef FieldType) {
  if (!FieldType.consume_back(" *"))
    return "";
  FieldType.consume_front("const ");
  if (!FieldType.consume_front("struct "))
    FieldType.consume_front("union ");
  return FieldType.contains(' ') || FieldType.contains('*') ? "" : FieldType;
}

LockRef LockResolver::fromPath(const facts::AccessPath &Path) const {
  LockRef Ref = resolveClass(Path);
  if (Path.Root == facts::PathRoot::Param || Path.Root == facts::PathRoot::Global)
    Ref.Object = Path;
  return Ref;
}

LockRef LockResolver::resolveClass(const facts::AccessPath &Path) const {
  LockRef Ref;
  // A root that is itself a lock (`spinlock_t *lock` in spin_lock(), a global
  // `DEFINE_MUTEX`): its own inner fields (`lock->rlock`) are not the class.
  if (Annotations.isLockType(Path.RootType)) {
    if (Path.Root == facts::PathRoot::Param) {
      Ref.Param = Path.Param;
      Ref.Steps = Path.Steps;
    } else if (Path.Root == facts::PathRoot::Global) {
      Ref.Class = Classes.intern(Path.Name);
    }
    return Ref;
  }
  // A field holding the lock (`spinlock_t ptl` in struct page) or a pointer
  // to it (`spinlock_t *ptl`) names the class alike: which of the two it is
  // can depend on the configuration (lockdep makes spinlock_t too big to
  // embed, ALLOC_SPLIT_PTLOCKS), and a spinlock reached through a pointer
  // would otherwise be named by its own inner field, spinlock.rlock, as every
  // other one is.
  for (const facts::FieldStep &S : Path.Steps)
    if (Annotations.isLockType(S.FieldType) ||
        Annotations.isLockType(pointeeRecord(S.FieldType))) {
      Ref.Class = Classes.intern(S.Record + "." + S.Field);
      return Ref;
    }
  if (Path.Steps.empty()) {
    if (Path.Root == facts::PathRoot::Param) {
      Ref.Param = Path.Param;
    } else if (Path.Root == facts::PathRoot::Global) {
      Ref.Class = Classes.intern(Path.Name);
    }
    return Ref;
  }
  // A field whose type is not a listed lock type (an arch-specific typedef):
  // the last field named is the best class there is.
  const facts::FieldStep &Last = Path.Steps.back();
  Ref.Class = Classes.intern(Last.Record + "." + Last.Field);
  return Ref;
}

LockRef LockResolver::compose(const LockRef &CalleeLock, const facts::CallFact &Call) const {
  if (CalleeLock.isResolved() || CalleeLock.Param < 0) {
    LockRef Out = CalleeLock;
    Out.Object = composeObject(CalleeLock.Object, Call);
    return Out;
  }
  if (static_cast<size_t>(CalleeLock.Param) >= Call.Args.size()) {
    LockRef Unknown;
    Unknown.Kind = CalleeLock.Kind;
    return Unknown;
  }
  const facts::ArgFact &Arg = Call.Args[CalleeLock.Param];
  if (!Arg.Path) {
    LockRef Unknown;
    Unknown.Kind = CalleeLock.Kind;
    return Unknown;
  }
  facts::AccessPath Composed = *Arg.Path;
  Composed.Steps.insert(Composed.Steps.end(), CalleeLock.Steps.begin(), CalleeLock.Steps.end());
  LockRef Out = fromPath(Composed);
  Out.Kind = CalleeLock.Kind;
  return Out;
}

std::optional<facts::AccessPath>
LockResolver::composeObject(const std::optional<facts::AccessPath> &Object,
                            const facts::CallFact &Call) const {
  if (!Object || Object->Root != facts::PathRoot::Param)
    return Object;
  if (static_cast<size_t>(Object->Param) >= Call.Args.size())
    return std::nullopt;
  const facts::ArgFact &Arg = Call.Args[Object->Param];
  if (!Arg.Path || (Arg.Path->Root != facts::PathRoot::Param &&
                    Arg.Path->Root != facts::PathRoot::Global))
    return std::nullopt;
  facts::AccessPath Composed = *Arg.Path;
  Composed.Steps.insert(Composed.Steps.end(), Object->Steps.begin(), Object->Steps.end());
  return Composed;
}

} // namespace lockcheck::analysis
