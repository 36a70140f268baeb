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

LockRef LockResolver::fromPath(const facts::AccessPath &Path) const {
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
  for (const facts::FieldStep &S : Path.Steps)
    if (Annotations.isLockType(S.FieldType)) {
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
  if (CalleeLock.isResolved() || CalleeLock.Param < 0)
    return CalleeLock;
  if (static_cast<size_t>(CalleeLock.Param) >= Call.Args.size())
    return LockRef();
  const facts::ArgFact &Arg = Call.Args[CalleeLock.Param];
  if (!Arg.Path)
    return LockRef();
  facts::AccessPath Composed = *Arg.Path;
  Composed.Steps.insert(Composed.Steps.end(), CalleeLock.Steps.begin(), CalleeLock.Steps.end());
  return fromPath(Composed);
}

} // namespace lockcheck::analysis
