//===- report/Baseline.cpp -------------------------------------------------===//
#include "report/Baseline.h"

#include "report/Fingerprint.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include <nlohmann/json.hpp>

namespace lockcheck::report {

/// What the file says it is, so a JSON report passed by mistake is refused
/// with a clear message rather than read as an empty baseline.
static constexpr const char *BaselineFormat = "lockcheck-baseline";
static constexpr unsigned BaselineVersion = 1;

Baseline Baseline::of(const std::vector<Finding> &Findings) {
  Baseline B;
  for (const Finding &F : Findings) {
    assert(!F.Fingerprint.empty() && "fingerprints are assigned before a baseline is made");
    B.Entries.push_back(
        BaselineEntry{F.Fingerprint, F.ruleId(), F.Lock, F.Function, F.File, F.Line, F.Message});
  }
  return B;
}

std::string Baseline::toJson() const {
  using nlohmann::ordered_json;
  ordered_json List = ordered_json::array();
  for (const BaselineEntry &E : Entries)
    List.push_back(ordered_json{{"fingerprint", E.Fingerprint}, {"rule", E.RuleId},
                                {"lock", E.Lock},           {"function", E.Function},
                                {"file", E.File},           {"line", E.Line},
                                {"message", E.Message}});
  ordered_json Root{{"format", BaselineFormat},
                    {"version", BaselineVersion},
                    {"fingerprints", FingerprintScheme},
                    {"findings", std::move(List)}};
  return Root.dump(2, ' ', /*ensure_ascii=*/false, ordered_json::error_handler_t::replace) + "\n";
}

static llvm::Error fault(llvm::StringRef Name, const llvm::Twine &What) {
  return llvm::createStringError(Name + ": " + What);
}

/// A string member of an entry, or empty when it is missing; another type is
/// a fault.
static llvm::Expected<std::string> optionalString(const nlohmann::json &Entry, const char *Key,
                                                  llvm::StringRef Name, size_t Index) {
  auto It = Entry.find(Key);
  if (It == Entry.end())
    return std::string();
  if (!It->is_string())
    return fault(Name, "findings[" + llvm::Twine(Index) + "]: '" + Key + "' is not a string");
  return It->get<std::string>();
}

llvm::Expected<Baseline> Baseline::parse(llvm::StringRef Text, llvm::StringRef Name) {
  nlohmann::json Root = nlohmann::json::parse(Text.begin(), Text.end(), nullptr,
                                               /*allow_exceptions=*/false);
  if (Root.is_discarded())
    return fault(Name, "not valid JSON");
  if (!Root.is_object() || Root.value("format", nlohmann::json()) != BaselineFormat)
    return fault(Name, "not a lockcheck baseline (no \"format\": \"" +
                           llvm::Twine(BaselineFormat) + "\")");
  const nlohmann::json &Version = Root.value("version", nlohmann::json());
  if (!Version.is_number_unsigned() || Version.get<unsigned>() != BaselineVersion)
    return fault(Name, "baseline version " + Version.dump() + " is not supported (expected " +
                           llvm::Twine(BaselineVersion) + ")");
  const nlohmann::json &Scheme = Root.value("fingerprints", nlohmann::json());
  if (Scheme != FingerprintScheme)
    return fault(Name, "made with fingerprints " + Scheme.dump() + ", this lockcheck makes '" +
                           FingerprintScheme + "': make the baseline again");
  auto Findings = Root.find("findings");
  if (Findings == Root.end() || !Findings->is_array())
    return fault(Name, "no \"findings\" list");
  Baseline B;
  for (size_t I = 0; I < Findings->size(); ++I) {
    const nlohmann::json &E = (*Findings)[I];
    if (!E.is_object())
      return fault(Name, "findings[" + llvm::Twine(I) + "] is not an object");
    auto Print = E.find("fingerprint");
    if (Print == E.end() || !Print->is_string() || Print->get<std::string>().empty())
      return fault(Name, "findings[" + llvm::Twine(I) + "] has no string 'fingerprint'");
    BaselineEntry Entry;
    Entry.Fingerprint = Print->get<std::string>();
    for (auto [Key, Field] : {std::pair{"rule", &Entry.RuleId}, std::pair{"lock", &Entry.Lock},
                              std::pair{"function", &Entry.Function},
                              std::pair{"file", &Entry.File},
                              std::pair{"message", &Entry.Message}}) {
      llvm::Expected<std::string> Value = optionalString(E, Key, Name, I);
      if (!Value)
        return Value.takeError();
      *Field = std::move(*Value);
    }
    auto Line = E.find("line");
    if (Line != E.end()) {
      if (!Line->is_number_unsigned())
        return fault(Name, "findings[" + llvm::Twine(I) + "]: 'line' is not a line number");
      Entry.Line = Line->get<unsigned>();
    }
    B.Entries.push_back(std::move(Entry));
  }
  return B;
}

llvm::Expected<Baseline> Baseline::readFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return fault(Path, Buffer.getError().message());
  return parse((*Buffer)->getBuffer(), Path);
}

void Baseline::removeKnown(std::vector<Finding> &Findings,
                           const std::vector<SuppressedFinding> &Suppressed,
                           RunStats &Stats) const {
  llvm::StringSet<> Recorded;
  for (const BaselineEntry &E : Entries)
    Recorded.insert(E.Fingerprint);
  llvm::StringSet<> Found;
  for (const SuppressedFinding &S : Suppressed)
    Found.insert(S.Found.Fingerprint);
  std::vector<Finding> New;
  for (Finding &F : Findings) {
    Found.insert(F.Fingerprint);
    if (Recorded.contains(F.Fingerprint))
      ++Stats.BaselineKnown;
    else
      New.push_back(std::move(F));
  }
  Findings = std::move(New);
  Stats.BaselineUsed = true;
  for (const llvm::StringSet<>::value_type &Print : Recorded)
    if (!Found.contains(Print.getKey()))
      ++Stats.BaselineAbsent;
}

} // namespace lockcheck::report
