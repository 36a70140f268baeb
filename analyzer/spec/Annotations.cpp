//===- spec/Annotations.cpp - Lock primitives and lock types from YAML ----===//
#include "spec/Annotations.h"

#include "support/YamlDiagnostic.h"
#include "support/YamlFiles.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>
#include <optional>

using namespace lockcheck::spec;

namespace {

/// The file as written: a list of lock types and a list of primitives.
struct AnnotationFile {
  std::vector<std::string> LockTypes;
  std::vector<LockPrimitive> Primitives;
  std::vector<Constructor> Constructors;
  std::vector<LockAssertion> Assertions;
  std::vector<LockClassSetter> ClassSetters;
  std::vector<MethodArgument> MethodArguments;
  std::vector<SleepPoint> SleepPoints;
  std::vector<ReferenceDrop> ReferenceDrops;
  std::optional<uint64_t> GfpDirectReclaim;
  std::optional<ReclaimLock> Reclaim;
};

} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(LockPrimitive)
LLVM_YAML_IS_SEQUENCE_VECTOR(LockClassChoice)
LLVM_YAML_IS_SEQUENCE_VECTOR(lockcheck::facts::FieldStep)
LLVM_YAML_IS_SEQUENCE_VECTOR(Constructor)
LLVM_YAML_IS_SEQUENCE_VECTOR(LockAssertion)
LLVM_YAML_IS_SEQUENCE_VECTOR(LockClassSetter)
LLVM_YAML_IS_SEQUENCE_VECTOR(MethodArgument)
LLVM_YAML_IS_SEQUENCE_VECTOR(SleepPoint)
LLVM_YAML_IS_SEQUENCE_VECTOR(ReferenceDrop)

namespace llvm::yaml {

template <> struct ScalarEnumerationTraits<LockKind> {
  static void enumeration(IO &Io, LockKind &K) {
    Io.enumCase(K, "mutex", LockKind::Mutex);
    Io.enumCase(K, "rwsem", LockKind::RwSemaphore);
    Io.enumCase(K, "spinlock", LockKind::Spinlock);
    Io.enumCase(K, "rwlock", LockKind::RwLock);
    Io.enumCase(K, "atomic", LockKind::Atomic);
    Io.enumCase(K, "scope", LockKind::Scope);
    Io.enumCase(K, "srcu", LockKind::Srcu);
  }
};

template <> struct ScalarEnumerationTraits<LockMode> {
  static void enumeration(IO &Io, LockMode &M) {
    Io.enumCase(M, "exclusive", LockMode::Exclusive);
    Io.enumCase(M, "shared", LockMode::Shared);
  }
};

template <> struct ScalarEnumerationTraits<LockOperation> {
  static void enumeration(IO &Io, LockOperation &O) {
    Io.enumCase(O, "acquire", LockOperation::Acquire);
    Io.enumCase(O, "try-acquire", LockOperation::TryAcquire);
    Io.enumCase(O, "acquire-interruptible", LockOperation::AcquireInterruptible);
    Io.enumCase(O, "release", LockOperation::Release);
    Io.enumCase(O, "might-acquire", LockOperation::MightAcquire);
    Io.enumCase(O, "inherit", LockOperation::Inherit);
  }
};

template <> struct ScalarEnumerationTraits<TrySuccess> {
  static void enumeration(IO &Io, TrySuccess &S) {
    Io.enumCase(S, "nonzero", TrySuccess::NonZero);
    Io.enumCase(S, "zero", TrySuccess::Zero);
  }
};

template <> struct MappingTraits<LockClassChoice> {
  static void mapping(IO &Io, LockClassChoice &C) {
    Io.mapRequired("value", C.Value);
    Io.mapRequired("lock-class", C.LockClass);
  }
  static std::string validate(IO &, LockClassChoice &C) {
    return C.LockClass.empty() ? "'lock-class' is empty" : "";
  }
};

template <> struct MappingTraits<lockcheck::facts::FieldStep> {
  static void mapping(IO &Io, lockcheck::facts::FieldStep &S) {
    Io.mapRequired("record", S.Record);
    Io.mapRequired("field", S.Field);
    Io.mapRequired("type", S.FieldType);
  }
  static std::string validate(IO &, lockcheck::facts::FieldStep &S) {
    return S.Record.empty() || S.Field.empty() || S.FieldType.empty()
               ? "a lock field needs a non-empty 'record', 'field' and 'type'"
               : "";
  }
};

template <> struct MappingTraits<LockPrimitive> {
  static void mapping(IO &Io, LockPrimitive &P) {
    std::string Macro;
    Io.mapOptional("function", P.Function);
    Io.mapOptional("macro", Macro);
    // Both given leaves neither, which validate reports.
    if (!Macro.empty()) {
      P.Macro = true;
      P.Function = P.Function.empty() ? Macro : std::string();
    }
    Io.mapOptional("lock-class", P.LockClass);
    Io.mapRequired("operation", P.Operation);
    Io.mapRequired("kind", P.Kind);
    Io.mapOptional("mode", P.Mode, LockMode::Exclusive);
    Io.mapOptional("success", P.Success, TrySuccess::NonZero);
    Io.mapOptional("lock-argument", P.LockArgument, 0u);
    Io.mapOptional("lock-fields", P.LockFields);
    Io.mapOptional("subclass-argument", P.SubclassArgument, -1);
    Io.mapOptional("class-argument", P.ClassArgument, -1);
    Io.mapOptional("lock-classes", P.ClassByValue);
    Io.mapRequired("citation", P.Citation);
  }
  static std::string validate(IO &, LockPrimitive &P) {
    if (P.Function.empty())
      return "a primitive needs exactly one of 'function' and 'macro'";
    const bool Region = P.Kind == LockKind::Atomic || P.Kind == LockKind::Scope;
    if (Region && P.LockClass.empty())
      return "primitive '" + P.Function + "': kind '" + lockKindName(P.Kind).str() +
             "' needs a 'lock-class'";
    if (!P.LockClass.empty() && !Region && P.Operation != LockOperation::MightAcquire)
      return "primitive '" + P.Function + "': 'lock-class' goes with kind 'atomic' or 'scope', "
             "or operation 'might-acquire' only";
    if ((P.ClassArgument >= 0) != !P.ClassByValue.empty())
      return "primitive '" + P.Function + "': 'class-argument' and 'lock-classes' go together";
    if (P.ClassArgument >= 0 && (!P.LockClass.empty() || Region ||
                                 P.Operation == LockOperation::MightAcquire))
      return "primitive '" + P.Function + "': 'class-argument' goes with neither 'lock-class', "
             "kind 'atomic' or 'scope' nor operation 'might-acquire'";
    if (!P.LockFields.empty() && (!P.LockClass.empty() || P.ClassArgument >= 0))
      return "primitive '" + P.Function + "': 'lock-fields' goes with neither 'lock-class' "
             "nor 'class-argument'";
    if (P.ClassArgument >= 0 && static_cast<unsigned>(P.ClassArgument) == P.LockArgument)
      return "primitive '" + P.Function + "': 'class-argument' equals 'lock-argument'";
    if (P.Citation.empty())
      return "primitive '" + P.Function + "' has an empty 'citation'";
    if (P.SubclassArgument >= 0 && static_cast<unsigned>(P.SubclassArgument) == P.LockArgument)
      return "primitive '" + P.Function + "': 'subclass-argument' equals 'lock-argument'";
    return "";
  }
};

template <> struct MappingTraits<Constructor> {
  static void mapping(IO &Io, Constructor &C) {
    Io.mapRequired("function", C.Function);
    Io.mapOptional("no-object", C.NoObject, false);
    Io.mapRequired("citation", C.Citation);
  }
  static std::string validate(IO &, Constructor &C) {
    if (C.Function.empty())
      return "'function' is empty";
    if (C.Citation.empty())
      return "constructor '" + C.Function + "' has an empty 'citation'";
    return "";
  }
};

template <> struct ScalarEnumerationTraits<AssertionKind> {
  static void enumeration(IO &Io, AssertionKind &K) {
    Io.enumCase(K, "held", AssertionKind::Held);
    Io.enumCase(K, "held-exclusive", AssertionKind::HeldExclusive);
    Io.enumCase(K, "held-shared", AssertionKind::HeldShared);
    Io.enumCase(K, "not-held", AssertionKind::NotHeld);
    Io.enumCase(K, "might-acquire", AssertionKind::MightAcquire);
    Io.enumCase(K, "context", AssertionKind::Context);
  }
};

template <> struct MappingTraits<LockAssertion> {
  static void mapping(IO &Io, LockAssertion &A) {
    Io.mapRequired("macro", A.Macro);
    Io.mapRequired("asserts", A.Kind);
    Io.mapOptional("lock-argument", A.LockArgument, 0u);
    Io.mapOptional("context-entry", A.ContextEntry);
    Io.mapOptional("context-exit", A.ContextExit);
    Io.mapRequired("citation", A.Citation);
  }
  static std::string validate(IO &, LockAssertion &A) {
    if (A.Macro.empty())
      return "'macro' is empty";
    // sparse's context(x, entry, exit): both counts, and only there.
    if ((A.Kind == AssertionKind::Context) != (A.ContextEntry && A.ContextExit) ||
        (A.Kind != AssertionKind::Context && (A.ContextEntry || A.ContextExit)))
      return "assertion '" + A.Macro + "': 'context-entry' and 'context-exit' go with "
             "'asserts: context', both of them";
    if (A.ContextEntry.value_or(0) < 0 || A.ContextEntry.value_or(0) > 1 ||
        A.ContextExit.value_or(0) < -1 || A.ContextExit.value_or(0) > 1)
      return "assertion '" + A.Macro + "': context counts are 0 or 1 ('context-exit' -1: "
             "conditional)";
    if (A.Citation.empty())
      return "assertion '" + A.Macro + "' has an empty 'citation'";
    return "";
  }
};

template <> struct MappingTraits<MethodArgument> {
  static void mapping(IO &Io, MethodArgument &A) {
    Io.mapRequired("method", A.Method);
    Io.mapRequired("argument", A.Argument);
    Io.mapRequired("field", A.Field);
    Io.mapRequired("value", A.Value);
    Io.mapRequired("citation", A.Citation);
  }
  static std::string validate(IO &, MethodArgument &A) {
    llvm::StringRef Method(A.Method);
    if (Method.count('.') != 1 || Method.front() == '.' || Method.back() == '.')
      return "method '" + A.Method + "' is not 'struct_type.field'";
    if (A.Field.empty())
      return "method '" + A.Method + "': 'field' is empty";
    if (A.Citation.empty())
      return "method '" + A.Method + "' has an empty 'citation'";
    return "";
  }
};

template <> struct MappingTraits<SleepPoint> {
  static void mapping(IO &Io, SleepPoint &S) {
    std::string Macro;
    Io.mapOptional("function", S.Function);
    Io.mapOptional("macro", Macro);
    if (!Macro.empty()) {
      S.Macro = true;
      S.Function = S.Function.empty() ? Macro : std::string();
    }
    Io.mapOptional("gfp-argument", S.GfpArgument, -1);
    Io.mapRequired("citation", S.Citation);
  }
  static std::string validate(IO &, SleepPoint &S) {
    if (S.Function.empty())
      return "a sleep point needs exactly one of 'function' and 'macro'";
    if (S.Citation.empty())
      return "sleep point '" + S.Function + "' has an empty 'citation'";
    return "";
  }
};

template <> struct MappingTraits<ReferenceDrop> {
  static void mapping(IO &Io, ReferenceDrop &D) {
    Io.mapRequired("function", D.Function);
    Io.mapRequired("counter-argument", D.CounterArgument);
    Io.mapRequired("last", D.Last);
    Io.mapOptional("counted-fields", D.CountedFields);
    Io.mapRequired("citation", D.Citation);
  }
  static std::string validate(IO &, ReferenceDrop &D) {
    if (D.Function.empty())
      return "a reference drop has an empty 'function'";
    if (D.Citation.empty())
      return "reference drop '" + D.Function + "' has an empty 'citation'";
    for (const std::string &F : D.CountedFields)
      if (llvm::StringRef(F).count('.') != 1 || F.front() == '.' || F.back() == '.')
        return "reference drop '" + D.Function + "': counted field '" + F +
               "' is not 'record.field'";
    return "";
  }
};

template <> struct MappingTraits<ReclaimLock> {
  static void mapping(IO &Io, ReclaimLock &R) {
    Io.mapRequired("lock-class", R.LockClass);
    Io.mapRequired("gfp-flags", R.GfpFlags);
    Io.mapOptional("not-under", R.NotUnder);
    Io.mapRequired("citation", R.Citation);
  }
  static std::string validate(IO &, ReclaimLock &R) {
    if (R.LockClass.empty())
      return "reclaim lock: 'lock-class' is empty";
    if (R.GfpFlags == 0)
      return "reclaim lock '" + R.LockClass + "': 'gfp-flags' is 0, which every allocation has";
    if (R.Citation.empty())
      return "reclaim lock '" + R.LockClass + "' has an empty 'citation'";
    if (llvm::is_contained(R.NotUnder, std::string()))
      return "reclaim lock '" + R.LockClass + "': a 'not-under' scope is empty";
    return "";
  }
};

template <> struct MappingTraits<LockClassSetter> {
  static void mapping(IO &Io, LockClassSetter &S) {
    Io.mapRequired("macro", S.Macro);
    Io.mapRequired("lock-argument", S.LockArgument);
    Io.mapRequired("key-argument", S.KeyArgument);
    Io.mapRequired("citation", S.Citation);
  }
  static std::string validate(IO &, LockClassSetter &S) {
    if (S.Macro.empty())
      return "class setter: 'macro' is empty";
    if (S.LockArgument == S.KeyArgument)
      return "class setter '" + S.Macro + "': 'lock-argument' and 'key-argument' are the same";
    if (S.Citation.empty())
      return "class setter '" + S.Macro + "' has an empty 'citation'";
    return "";
  }
};

template <> struct MappingTraits<AnnotationFile> {
  static void mapping(IO &Io, AnnotationFile &F) {
    Io.mapOptional("assertions", F.Assertions);
    Io.mapOptional("class-setters", F.ClassSetters);
    Io.mapOptional("gfp-direct-reclaim", F.GfpDirectReclaim);
    Io.mapOptional("reclaim-lock", F.Reclaim);
    Io.mapOptional("sleep-points", F.SleepPoints);
    Io.mapOptional("reference-drops", F.ReferenceDrops);
    Io.mapOptional("lock-types", F.LockTypes);
    Io.mapOptional("primitives", F.Primitives);
    Io.mapOptional("constructors", F.Constructors);
    Io.mapOptional("method-arguments", F.MethodArguments);
  }
};

} // namespace llvm::yaml

namespace lockcheck::spec {

llvm::Error Annotations::loadBuffer(llvm::StringRef Text, llvm::StringRef Name) {
  auto Buffer = llvm::MemoryBuffer::getMemBuffer(Text, Name, /*RequiresNullTerminator=*/false);
  support::YamlDiagnostic Diag;
  llvm::yaml::Input In(Buffer->getMemBufferRef(), nullptr, &support::YamlDiagnostic::handler,
                       &Diag);
  AnnotationFile File;
  In >> File;
  if (In.error())
    return llvm::createStringError(Diag.First.empty() ? (Name + ": malformed YAML").str()
                                                      : Diag.First);
  for (std::string &T : File.LockTypes)
    LockTypes.insert(T);
  for (const Constructor &C : File.Constructors) {
    if (!Constructors.insert(C.Function).second)
      return llvm::createStringError(Name.str() + ": constructor '" + C.Function +
                                     "' is listed twice");
    if (C.NoObject)
      NoObjectConstructors.insert(C.Function);
  }
  for (LockAssertion &A : File.Assertions) {
    std::string Macro = A.Macro;
    if (!Assertions.try_emplace(Macro, std::move(A)).second)
      return llvm::createStringError(Name.str() + ": assertion '" + Macro + "' is listed twice");
  }
  for (LockClassSetter &S : File.ClassSetters) {
    std::string Macro = S.Macro;
    if (!ClassSetters.try_emplace(Macro, std::move(S)).second)
      return llvm::createStringError(Name.str() + ": class setter '" + Macro +
                                     "' is listed twice");
  }
  for (MethodArgument &A : File.MethodArguments) {
    std::vector<MethodArgument> &Known = MethodArguments[A.Method];
    if (llvm::any_of(Known, [&](const MethodArgument &K) {
          return K.Argument == A.Argument && K.Field == A.Field;
        }))
      return llvm::createStringError(Name.str() + ": method argument '" + A.Method + "' " +
                                     std::to_string(A.Argument) + " '" + A.Field +
                                     "' is listed twice");
    Known.push_back(std::move(A));
  }
  for (LockPrimitive &P : File.Primitives) {
    std::string FunctionName = P.Function;
    if (!(P.Macro ? MacroPrimitives : Primitives).try_emplace(FunctionName, std::move(P)).second)
      return llvm::createStringError(Name.str() + ": primitive '" + FunctionName +
                                     "' is listed twice");
  }
  if (File.GfpDirectReclaim)
    GfpDirectReclaim = *File.GfpDirectReclaim;
  if (File.Reclaim) {
    if (Reclaim)
      return llvm::createStringError(Name.str() + ": reclaim lock '" + File.Reclaim->LockClass +
                                     "' given, but '" + Reclaim->LockClass +
                                     "' was given before: there is one");
    Reclaim = std::move(File.Reclaim);
  }
  for (SleepPoint &S : File.SleepPoints) {
    std::string FunctionName = S.Function;
    if (S.GfpArgument >= 0 && !File.GfpDirectReclaim)
      return llvm::createStringError(Name.str() + ": sleep point '" + FunctionName +
                                     "' has a 'gfp-argument' but the file gives no "
                                     "'gfp-direct-reclaim'");
    if (!(S.Macro ? SleepMacros : SleepFunctions).try_emplace(FunctionName, std::move(S)).second)
      return llvm::createStringError(Name.str() + ": sleep point '" + FunctionName +
                                     "' is listed twice");
  }
  for (ReferenceDrop &D : File.ReferenceDrops) {
    std::string FunctionName = D.Function;
    if (!ReferenceDrops.try_emplace(FunctionName, std::move(D)).second)
      return llvm::createStringError(Name.str() + ": reference drop '" + FunctionName +
                                     "' is listed twice");
  }
  return llvm::Error::success();
}

llvm::Error Annotations::loadFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createFileError(Path, Buffer.getError());
  return loadBuffer((*Buffer)->getBuffer(), Path);
}

llvm::Error Annotations::loadDirectory(llvm::StringRef Dir) {
  auto Files = support::yamlFilesIn(Dir);
  if (!Files)
    return Files.takeError();
  for (const std::string &F : *Files)
    if (llvm::Error E = loadFile(F))
      return E;
  return llvm::Error::success();
}

llvm::StringRef lockKindName(LockKind K) {
  switch (K) {
  case LockKind::Mutex: return "mutex";
  case LockKind::RwSemaphore: return "rwsem";
  case LockKind::Spinlock: return "spinlock";
  case LockKind::RwLock: return "rwlock";
  case LockKind::Atomic: return "atomic";
  case LockKind::Scope: return "scope";
  case LockKind::Srcu: return "srcu";
  }
  llvm_unreachable("unknown lock kind");
}

llvm::StringRef assertionKindName(AssertionKind K) {
  switch (K) {
  case AssertionKind::Held: return "held";
  case AssertionKind::HeldExclusive: return "held-exclusive";
  case AssertionKind::HeldShared: return "held-shared";
  case AssertionKind::NotHeld: return "not-held";
  case AssertionKind::MightAcquire: return "might-acquire";
  case AssertionKind::Context: return "context";
  }
  llvm_unreachable("unknown assertion kind");
}

llvm::StringRef lockModeName(LockMode M) {
  return M == LockMode::Exclusive ? "exclusive" : "shared";
}

} // namespace lockcheck::spec
