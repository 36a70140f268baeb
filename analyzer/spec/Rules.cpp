//===- spec/Rules.cpp - Locking contracts of ops-table methods from YAML --===//
#include "spec/Rules.h"

#include "support/YamlDiagnostic.h"
#include "support/YamlFiles.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>

using namespace lockcheck::spec;

namespace {

/// A rules file as written: one list of rules.
struct RuleFile {
  std::vector<Rule> Rules;
};

/// What the traits need to know where a rule starts: the buffer, to turn the
/// node's position into a line.
struct ParseContext {
  llvm::StringRef Buffer;
};

unsigned lineAt(llvm::StringRef Buffer, const char *Ptr) {
  if (Ptr < Buffer.begin() || Ptr > Buffer.end())
    return 0;
  return 1 + static_cast<unsigned>(
                 llvm::count(Buffer.substr(0, static_cast<size_t>(Ptr - Buffer.begin())), '\n'));
}

bool isIdentifier(llvm::StringRef S) {
  return !S.empty() && llvm::all_of(S, [](char C) { return llvm::isAlnum(C) || C == '_'; });
}

/// `record.field`, both parts non-empty identifiers.
bool splitMember(llvm::StringRef Text, std::string &Record, std::string &Field) {
  auto [R, F] = Text.split('.');
  if (!isIdentifier(R) || !isIdentifier(F))
    return false;
  Record = R.str();
  Field = F.str();
  return true;
}

} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(Rule)
LLVM_YAML_IS_SEQUENCE_VECTOR(ContractLock)

namespace llvm::yaml {

template <> struct ScalarEnumerationTraits<RuleSeverity> {
  static void enumeration(IO &Io, RuleSeverity &S) {
    Io.enumCase(S, "error", RuleSeverity::Error);
    Io.enumCase(S, "warning", RuleSeverity::Warning);
    Io.enumCase(S, "note", RuleSeverity::Note);
  }
};

template <> struct ScalarEnumerationTraits<HeldMode> {
  static void enumeration(IO &Io, HeldMode &M) {
    Io.enumCase(M, "any", HeldMode::Any);
    Io.enumCase(M, "exclusive", HeldMode::Exclusive);
    Io.enumCase(M, "shared", HeldMode::Shared);
  }
};

template <> struct MappingTraits<LockObject> {
  static void mapping(IO &Io, LockObject &O) {
    Io.mapOptional("argument", O.Argument);
    Io.mapOptional("argument-type", O.ArgumentType, std::string());
    Io.mapOptional("path", O.Path);
  }
  static std::string validate(IO &, LockObject &O) {
    if (O.Argument.has_value() == !O.ArgumentType.empty())
      return "an object needs exactly one of 'argument' and 'argument-type'";
    std::string Record, Field;
    for (const std::string &Step : O.Path)
      if (!splitMember(Step, Record, Field))
        return "path step '" + Step + "' is not 'record.field'";
    return "";
  }
};

template <> struct MappingTraits<ContractLock> {
  static void mapping(IO &Io, ContractLock &L) {
    Io.mapOptional("lock", L.Lock, std::string());
    Io.mapOptional("held-around", L.HeldAround, std::string());
    Io.mapOptional("mode", L.Mode, HeldMode::Any);
    Io.mapOptional("object", L.Object);
  }
  static std::string validate(IO &, ContractLock &L) {
    if (L.Lock.empty() == L.HeldAround.empty())
      return "a lock needs exactly one of 'lock' and 'held-around'";
    std::string Record, Field;
    // A lock is a struct's field, or a lockdep map of its own with no object
    // (`fs_reclaim`, the reclaim pseudo-lock of annotations/reclaim.yaml).
    if (!L.Lock.empty() && !splitMember(L.Lock, Record, Field)) {
      if (!isIdentifier(L.Lock))
        return "lock '" + L.Lock + "' is neither 'record.field' nor a lockdep map's name";
      if (L.Object)
        return "lock '" + L.Lock + "' is no struct field: it takes no 'object'";
    }
    return "";
  }
};

template <> struct MappingTraits<Rule> {
  static void mapping(IO &Io, Rule &R) {
    if (!Io.outputting())
      if (const auto *Ctx = static_cast<const ParseContext *>(Io.getContext()))
        if (const Node *N = static_cast<Input &>(Io).getCurrentNode())
          R.Line = lineAt(Ctx->Buffer, N->getSourceRange().Start.getPointer());
    Io.mapRequired("id", R.Id);
    Io.mapRequired("title", R.Title);
    Io.mapRequired("citation", R.Citation);
    Io.mapOptional("why", R.Why, std::string());
    Io.mapOptional("severity", R.Severity, RuleSeverity::Warning);
    Io.mapOptional("enabled", R.Enabled, true);
    Io.mapRequired("method", R.Method);
    Io.mapOptional("held-on-entry", R.HeldOnEntry);
    Io.mapOptional("not-held-on-entry", R.NotHeldOnEntry);
    Io.mapOptional("must-not-acquire", R.MustNotAcquire);
    Io.mapOptional("may-block", R.MayBlock);
  }
  static std::string validate(IO &Io, Rule &R) {
    if (R.Id.empty())
      return "'id' is empty";
    if (R.Citation.empty())
      return "rule '" + R.Id + "' has an empty 'citation'";
    if (R.Title.empty())
      return "rule '" + R.Id + "' has an empty 'title'";
    if (!splitMember(R.Method, R.Record, R.Field))
      return "rule '" + R.Id + "': method '" + R.Method + "' is not 'record.field'";
    for (const std::vector<ContractLock> *List : {&R.HeldOnEntry, &R.NotHeldOnEntry})
      for (const ContractLock &L : *List)
        if (!L.HeldAround.empty())
          return "rule '" + R.Id + "': 'held-around' is only for 'must-not-acquire'";
    if (R.HeldOnEntry.empty() && R.NotHeldOnEntry.empty() && R.MustNotAcquire.empty() &&
        !R.MayBlock)
      return "rule '" + R.Id + "' states no contract";
    return "";
  }
};

template <> struct MappingTraits<RuleFile> {
  static void mapping(IO &Io, RuleFile &F) { Io.mapRequired("rules", F.Rules); }
};

} // namespace llvm::yaml

namespace lockcheck::spec {

llvm::Error Rules::loadBuffer(llvm::StringRef Text, llvm::StringRef Name) {
  auto Buffer = llvm::MemoryBuffer::getMemBuffer(Text, Name, /*RequiresNullTerminator=*/false);
  support::YamlDiagnostic Diag;
  ParseContext Ctx{Buffer->getBuffer()};
  llvm::yaml::Input In(Buffer->getMemBufferRef(), &Ctx, &support::YamlDiagnostic::handler,
                       &Diag);
  RuleFile File;
  In >> File;
  if (In.error())
    return llvm::createStringError(Diag.First.empty() ? (Name + ": malformed YAML").str()
                                                      : Diag.First);
  llvm::StringSet<> Known;
  for (const Rule &R : List)
    Known.insert(R.Id);
  for (Rule &R : File.Rules) {
    if (!Known.insert(R.Id).second)
      return llvm::createStringError(Name.str() + ":" + std::to_string(R.Line) +
                                     ": duplicate rule id '" + R.Id + "'");
    R.File = Name.str();
    List.push_back(std::move(R));
  }
  return llvm::Error::success();
}

llvm::Error Rules::loadFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createFileError(Path, Buffer.getError());
  return loadBuffer((*Buffer)->getBuffer(), Path);
}

llvm::Error Rules::loadDirectory(llvm::StringRef Dir) {
  auto Files = support::yamlFilesIn(Dir);
  if (!Files)
    return Files.takeError();
  for (const std::string &F : *Files)
    if (llvm::Error E = loadFile(F))
      return E;
  return llvm::Error::success();
}

llvm::Error Rules::loadPath(llvm::StringRef Path) {
  if (llvm::sys::fs::is_directory(Path))
    return loadDirectory(Path);
  return loadFile(Path);
}

llvm::Error Rules::setEnabled(llvm::StringRef Id, bool Enabled) {
  for (Rule &R : List)
    if (R.Id == Id) {
      R.Enabled = Enabled;
      return llvm::Error::success();
    }
  return llvm::createStringError("unknown rule id '" + Id + "'");
}

std::vector<unsigned> Rules::forMethod(llvm::StringRef Record, llvm::StringRef Field) const {
  std::vector<unsigned> Out;
  for (unsigned I = 0; I < List.size(); ++I)
    if (List[I].Enabled && List[I].Record == Record && List[I].Field == Field)
      Out.push_back(I);
  return Out;
}

void writeRules(llvm::raw_ostream &OS, std::vector<Rule> Rules) {
  RuleFile File{std::move(Rules)};
  llvm::yaml::Output Out(OS);
  Out << File;
}

llvm::StringRef severityName(RuleSeverity S) {
  switch (S) {
  case RuleSeverity::Error: return "error";
  case RuleSeverity::Warning: return "warning";
  case RuleSeverity::Note: return "note";
  }
  llvm_unreachable("unknown severity");
}

llvm::StringRef heldModeName(HeldMode M) {
  switch (M) {
  case HeldMode::Any: return "any";
  case HeldMode::Exclusive: return "exclusive";
  case HeldMode::Shared: return "shared";
  }
  llvm_unreachable("unknown mode");
}

} // namespace lockcheck::spec
