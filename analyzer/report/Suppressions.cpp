//===- report/Suppressions.cpp ---------------------------------------------===//
#include "report/Suppressions.h"

#include "support/YamlDiagnostic.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"

using namespace lockcheck::report;

namespace {

/// One entry as written; checked by the traits' validate hook.
struct EntryYaml {
  std::optional<std::string> Checker;
  std::optional<std::string> Rule;
  std::string Fingerprint;
  std::string Function;
  std::string Reason;
  /// Where the entry starts in the buffer, for its line number.
  const char *At = nullptr;
};

struct FileYaml {
  std::vector<EntryYaml> Entries;
};

} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(EntryYaml)

namespace llvm::yaml {

template <> struct MappingTraits<EntryYaml> {
  static void mapping(IO &Io, EntryYaml &E) {
    Io.mapOptional("checker", E.Checker);
    Io.mapOptional("rule", E.Rule);
    Io.mapOptional("fingerprint", E.Fingerprint);
    Io.mapOptional("function", E.Function);
    Io.mapRequired("reason", E.Reason);
    if (!Io.outputting())
      if (const Node *N = static_cast<Input &>(Io).getCurrentNode())
        E.At = N->getSourceRange().Start.getPointer();
  }
  static std::string validate(IO &Io, EntryYaml &E) {
    if (E.Checker.has_value() == E.Rule.has_value())
      return "a suppression names either a 'checker' or a 'rule'";
    const std::string &Id = E.Checker ? *E.Checker : *E.Rule;
    const auto *Known = static_cast<const llvm::StringSet<> *>(Io.getContext());
    if (!Known->contains(Id))
      return "unknown checker or rule '" + Id + "'";
    if (E.Fingerprint.empty() && E.Function.empty())
      return "a suppression of '" + Id + "' needs a 'fingerprint' or a 'function'";
    if (StringRef(E.Reason).trim().empty())
      return "a suppression of '" + Id + "' gives no reason";
    return "";
  }
};

template <> struct MappingTraits<FileYaml> {
  static void mapping(IO &Io, FileYaml &F) { Io.mapRequired("suppressions", F.Entries); }
};

} // namespace llvm::yaml

namespace lockcheck::report {

Suppressions::Suppressions(std::vector<std::string> Ids) {
  for (std::string &Id : Ids)
    KnownIds.insert(std::move(Id));
}

llvm::Error Suppressions::loadBuffer(llvm::StringRef Text, llvm::StringRef Name) {
  auto Buffer = llvm::MemoryBuffer::getMemBuffer(Text, Name, /*RequiresNullTerminator=*/false);
  support::YamlDiagnostic Diag;
  llvm::yaml::Input In(Buffer->getMemBufferRef(), &KnownIds, &support::YamlDiagnostic::handler,
                       &Diag);
  FileYaml File;
  In >> File;
  if (In.error())
    return llvm::createStringError(Diag.First.empty() ? (Name + ": malformed YAML").str()
                                                      : Diag.First);
  for (EntryYaml &E : File.Entries) {
    // The parser reads Text in place, so the entry's position is an offset
    // into it.
    unsigned Line = E.At ? 1 + Text.take_front(E.At - Text.data()).count('\n') : 0;
    Entries.push_back(SuppressionEntry{E.Checker ? *E.Checker : *E.Rule, E.Fingerprint,
                                       E.Function, llvm::StringRef(E.Reason).trim().str(),
                                       Name.str(), Line});
  }
  return llvm::Error::success();
}

llvm::Error Suppressions::loadFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return llvm::createStringError(Path + ": " + Buffer.getError().message());
  return loadBuffer((*Buffer)->getBuffer(), Path);
}

/// The entry step of F's witness: its entry point's definition.
static const TraceStep *entryStep(const Finding &F) {
  for (const TraceStep &S : F.Trace)
    if (S.Kind == "entry")
      return &S;
  return nullptr;
}

static bool namesFinding(llvm::StringRef Id, const Finding &F) {
  return Id == F.Checker || (!F.Rule.empty() && Id == F.Rule);
}

std::optional<Suppression> Suppressions::fromFile(const Finding &F) const {
  const TraceStep *Entry = entryStep(F);
  for (const SuppressionEntry &E : Entries) {
    if (!namesFinding(E.Id, F))
      continue;
    if (!E.Fingerprint.empty() && E.Fingerprint != F.Fingerprint)
      continue;
    if (!E.Function.empty() && E.Function != F.Function &&
        !(Entry && E.Function == Entry->Function))
      continue;
    return Suppression{Suppression::Source::SuppressionFile, E.File, E.Line, E.Reason};
  }
  return std::nullopt;
}

llvm::Expected<const std::vector<SuppressionComment> *>
Suppressions::commentsOf(const std::string &File) {
  auto Found = CommentsByFile.find(File);
  if (Found != CommentsByFile.end())
    return &Found->second;
  std::vector<SuppressionComment> Comments;
  if (auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/true)) {
    auto Parsed = parseSuppressionComments((*Buffer)->getBuffer(), File);
    if (!Parsed)
      return Parsed.takeError();
    for (const SuppressionComment &C : *Parsed)
      if (!KnownIds.contains(C.Id))
        return llvm::createStringError(File + ":" + llvm::Twine(C.Line) +
                                       ": unknown checker or rule '" + C.Id + "'");
    Comments = std::move(*Parsed);
  }
  return &CommentsByFile.try_emplace(File, std::move(Comments)).first->second;
}

llvm::Expected<std::optional<Suppression>> Suppressions::fromComments(const Finding &F) {
  // The finding's own line, then its entry function's definition; a comment
  // counts on the line itself or on the line before.
  std::vector<std::pair<const std::string *, unsigned>> Places{{&F.File, F.Line}};
  if (const TraceStep *Entry = entryStep(F))
    Places.push_back({&Entry->File, Entry->Line});
  for (const auto &[File, Line] : Places) {
    auto Comments = commentsOf(*File);
    if (!Comments)
      return Comments.takeError();
    for (const SuppressionComment &C : **Comments)
      if ((C.Line == Line || C.Line + 1 == Line) && namesFinding(C.Id, F))
        return Suppression{Suppression::Source::InlineComment, *File, C.Line, C.Reason};
  }
  return std::nullopt;
}

llvm::Error Suppressions::apply(std::vector<Finding> &Findings,
                                std::vector<SuppressedFinding> &Suppressed, RunStats &Stats) {
  std::vector<Finding> Kept;
  for (Finding &F : Findings) {
    std::optional<Suppression> By = fromFile(F);
    if (!By) {
      auto FromComment = fromComments(F);
      if (!FromComment)
        return FromComment.takeError();
      By = std::move(*FromComment);
    }
    if (!By) {
      Kept.push_back(std::move(F));
      continue;
    }
    ++Stats.Suppressed;
    Suppressed.push_back(SuppressedFinding{std::move(F), std::move(*By)});
  }
  Findings = std::move(Kept);
  return llvm::Error::success();
}

} // namespace lockcheck::report
