//===- analysis/LockRef.cpp - Which lock an expression names ---------------===//
#include "analysis/LockRef.h"

#include "spec/Annotations.h"

#include "llvm/ADT/STLExtras.h"

namespace lockcheck::analysis {

static bool sameSteps(llvm::ArrayRef<facts::FieldStep> A, llvm::ArrayRef<facts::FieldStep> B) {
  if (A.size() != B.size())
    return false;
  if (A.data() == B.data())
    return true;
  for (size_t I = 0; I < A.size(); ++I)
    if (A[I].Record != B[I].Record || A[I].Field != B[I].Field)
      return false;
  return true;
}

bool LockRef::sameRelativeLock(const LockRef &O) const {
  return Param == O.Param && sameSteps(Steps, O.Steps);
}

static bool isPointerStep(const facts::FieldStep &S) {
  return llvm::StringRef(S.FieldType).ends_with("*");
}

static bool rootedBeforeTheCall(const LockRef &L) {
  return L.Object &&
         (L.Object->Root == facts::PathRoot::Param || L.Object->Root == facts::PathRoot::Global);
}

ObjectIdentity compareObjects(const LockRef &Held, const LockRef &Site) {
  // Memory a constructor returns was in no one's hands, so nobody held its
  // lock: a site on a new object differs from any lock held before it, and a
  // held lock on a new object from any object the function was handed.
  if (Site.FreshObject && !Held.FreshObject)
    return ObjectIdentity::Different;
  if (Held.FreshObject && !Site.FreshObject && rootedBeforeTheCall(Site))
    return ObjectIdentity::Different;
  if (!Held.Object || !Site.Object)
    return ObjectIdentity::Unknown;
  const facts::AccessPath &X = *Held.Object, &Y = *Site.Object;
  bool SameRoot;
  if (X.Root == facts::PathRoot::Param && Y.Root == facts::PathRoot::Param)
    SameRoot = X.Param == Y.Param;
  else if (X.Root == facts::PathRoot::Global && Y.Root == facts::PathRoot::Global)
    SameRoot = X.Name == Y.Name;
  else
    return ObjectIdentity::Unknown;
  if (!SameRoot)
    return ObjectIdentity::Different;
  // Only dereferences and array elements change the object; embedded
  // structs (btrfs_inode.vfs_inode) and the lock field itself do not.
  std::vector<const facts::FieldStep *> PX, PY;
  for (const facts::FieldStep &S : X.Steps)
    if (isPointerStep(S) || S.Subscripted)
      PX.push_back(&S);
  for (const facts::FieldStep &S : Y.Steps)
    if (isPointerStep(S) || S.Subscripted)
      PY.push_back(&S);
  if (PX.size() != PY.size())
    return ObjectIdentity::Different;
  ObjectIdentity Result = ObjectIdentity::Same;
  for (size_t I = 0; I < PX.size(); ++I) {
    const facts::FieldStep &SX = *PX[I], &SY = *PY[I];
    if (SX.Record != SY.Record || SX.Field != SY.Field || SX.Subscripted != SY.Subscripted)
      return ObjectIdentity::Different;
    if (!SX.Subscripted)
      continue;
    // `i_gc_rwsem[WRITE]` and `[READ]` differ; `locks[i]` and `locks[j]`
    // may not.
    if (SX.Index && SY.Index) {
      if (*SX.Index != *SY.Index)
        return ObjectIdentity::Different;
    } else {
      Result = ObjectIdentity::Unknown;
    }
  }
  return Result;
}

bool LockResolver::isFresh(const facts::AccessPath &Path,
                           llvm::ArrayRef<facts::FieldStep> More) const {
  if (Path.Root != facts::PathRoot::CallResult || !isConstructor(Path.Name))
    return false;
  return llvm::none_of(Path.Steps, isPointerStep) && llvm::none_of(More, isPointerStep);
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

bool LockResolver::designatesLock(const facts::AccessPath &Path) const {
  if (Path.Steps.empty())
    return Annotations.isLockType(Path.RootType);
  llvm::StringRef Type = Path.Steps.back().FieldType;
  return Annotations.isLockType(Type) || Annotations.isLockType(pointeeRecord(Type));
}

LockRef LockResolver::fromPath(const facts::AccessPath &Path) const {
  LockRef Ref = resolveClass(Path);
  if (Ref.isResolved())
    Ref.Class = keyedClass(Ref.Class, Path.Steps, {});
  if (Path.Root == facts::PathRoot::Param || Path.Root == facts::PathRoot::Global)
    Ref.Object = &Path;
  Ref.FreshObject = isFresh(Path);
  return Ref;
}

LockRef LockResolver::resolveClass(const facts::AccessPath &Path) const {
  LockRef Ref;
  // A root that is itself a lock (`spinlock_t *lock` in spin_lock(), a global
  // `DEFINE_MUTEX`): its own inner fields (`lock->rlock`) are not the class,
  // nor another lock: `spin_lock_irqsave(lock, ...)` takes `&lock->rlock`,
  // the lock `__acquires(lock)` names.
  if (Annotations.isLockType(Path.RootType)) {
    if (Path.Root == facts::PathRoot::Param)
      Ref.Param = Path.Param;
    else if (Path.Root == facts::PathRoot::Global)
      Ref.Class = Classes.intern(Path.Name);
    return Ref;
  }
  // A field holding the lock (`spinlock_t ptl` in struct page) or a pointer
  // to it (`spinlock_t *ptl`) names the class alike: which of the two it is
  // can depend on the configuration (lockdep makes spinlock_t too big to
  // embed, ALLOC_SPLIT_PTLOCKS), and a spinlock reached through a pointer
  // would otherwise be named by its own inner field, spinlock.rlock, as every
  // other one is.
  if (int Step = classStep(Path); Step >= 0) {
    const facts::FieldStep &S = Path.Steps[Step];
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
    if (CalleeLock.Object && CalleeLock.Object->Root == facts::PathRoot::Param &&
        static_cast<size_t>(CalleeLock.Object->Param) < Call.Args.size())
      if (const std::optional<facts::AccessPath> &Arg = Call.Args[CalleeLock.Object->Param].Path) {
        Out.FreshObject |= isFresh(*Arg, CalleeLock.Object->Steps);
        if (Out.isResolved())
          Out.Class = keyedClass(Out.Class, Arg->Steps, CalleeLock.Object->Steps);
      }
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
  LockRef Out = fromPath(concat(*Arg.Path, CalleeLock.Steps));
  Out.Kind = CalleeLock.Kind;
  Out.FreshObject |= CalleeLock.FreshObject;
  return Out;
}

int LockResolver::classStep(const facts::AccessPath &Path) const {
  for (size_t I = 0; I < Path.Steps.size(); ++I) {
    const facts::FieldStep &S = Path.Steps[I];
    if (Annotations.isLockType(S.FieldType) || Annotations.isLockType(pointeeRecord(S.FieldType)))
      return static_cast<int>(I);
  }
  return -1;
}

void LockResolver::addClassKey(const facts::AccessPath &Lock, llvm::StringRef Key) {
  int Step = classStep(Lock);
  if (Step < 0)
    return;
  const facts::FieldStep *Via = nullptr;
  for (int I = 0; I < Step; ++I)
    if (isPointerStep(Lock.Steps[I]))
      Via = &Lock.Steps[I];
  if (!Via)
    return;
  const facts::FieldStep &Field = Lock.Steps[Step];
  std::string Base = Field.Record + "." + Field.Field;
  ClassId Keyed = Classes.intern(Base + "(" + Key.str() + ")");
  for (ClassKey &K : ClassKeys)
    if (K.ViaRecord == Via->Record && K.ViaField == Via->Field && K.LockRecord == Field.Record &&
        K.LockField == Field.Field) {
      K.Ambiguous |= K.Keyed != Keyed;
      return;
    }
  ClassKeys.push_back(
      {Via->Record, Via->Field, Field.Record, Field.Field, Classes.intern(Base), Keyed, false});
}

ClassId LockResolver::keyedClass(ClassId Base, llvm::ArrayRef<facts::FieldStep> Front,
                                 llvm::ArrayRef<facts::FieldStep> Back) const {
  if (llvm::none_of(ClassKeys, [&](const ClassKey &K) { return K.Base == Base; }))
    return Base;
  const facts::FieldStep *Via = nullptr;
  auto Visit = [&](const facts::FieldStep &S) -> std::optional<ClassId> {
    if (Via)
      for (const ClassKey &K : ClassKeys)
        if (!K.Ambiguous && K.Base == Base && S.Field == K.LockField && S.Record == K.LockRecord &&
            Via->Field == K.ViaField && Via->Record == K.ViaRecord)
          return K.Keyed;
    if (isPointerStep(S))
      Via = &S;
    return std::nullopt;
  };
  for (const facts::FieldStep &S : Front)
    if (std::optional<ClassId> Keyed = Visit(S))
      return *Keyed;
  for (const facts::FieldStep &S : Back)
    if (std::optional<ClassId> Keyed = Visit(S))
      return *Keyed;
  return Base;
}

const facts::AccessPath *LockResolver::composeObject(const facts::AccessPath *Object,
                                                     const facts::CallFact &Call) const {
  if (!Object || Object->Root != facts::PathRoot::Param)
    return Object;
  if (static_cast<size_t>(Object->Param) >= Call.Args.size())
    return nullptr;
  const facts::ArgFact &Arg = Call.Args[Object->Param];
  if (!Arg.Path || (Arg.Path->Root != facts::PathRoot::Param &&
                    Arg.Path->Root != facts::PathRoot::Global))
    return nullptr;
  return &concat(*Arg.Path, Object->Steps);
}

const facts::AccessPath &LockResolver::concat(const facts::AccessPath &Base,
                                              llvm::ArrayRef<facts::FieldStep> Tail) const {
  if (Tail.empty())
    return Base;
  const facts::AccessPath *&Slot = Concatenated[{&Base, Tail.data(), Tail.size()}];
  if (!Slot) {
    facts::AccessPath &Composed = ComposedPaths.emplace_back(Base);
    Composed.Steps.insert(Composed.Steps.end(), Tail.begin(), Tail.end());
    Slot = &Composed;
  }
  return *Slot;
}

} // namespace lockcheck::analysis
