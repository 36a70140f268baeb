//===- report/SarifReport.cpp - SARIF 2.1.0 for code-scanning tools -------===//
//
// Field names and meanings: the OASIS SARIF 2.1.0 standard; the output is
// validated against its JSON schema by unittests/tool/test_sarif.py.
//
//===----------------------------------------------------------------------===//
#include "report/SarifReport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <nlohmann/json.hpp>

namespace lockcheck::report {

using nlohmann::ordered_json;

/// The base id relative artifact URIs name (SARIF 3.4.4).
static constexpr const char *SourceRootId = "SRCROOT";

/// Percent-encodes what may not stand in a URI path (RFC 3986 unreserved
/// characters and '/' stay as they are).
static std::string encodeUriPath(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C)) {
      Out += static_cast<char>(C);
      continue;
    }
    Out += '%';
    Out += llvm::hexdigit(C >> 4);
    Out += llvm::hexdigit(C & 15);
  }
  return Out;
}

/// An absolute file name is a file: URI; a relative one (relative to the
/// current directory, as findings print them) is relative to SRCROOT.
static ordered_json artifactLocation(llvm::StringRef File) {
  if (File.starts_with("/"))
    return ordered_json{{"uri", "file://" + encodeUriPath(File)}};
  return ordered_json{{"uri", encodeUriPath(File)}, {"uriBaseId", SourceRootId}};
}

/// A location at File:Line:Column in Function, with an optional message.
/// Line or column 0 means unknown and is left out (SARIF counts from 1).
static ordered_json location(llvm::StringRef File, unsigned Line, unsigned Column,
                             llvm::StringRef Function, llvm::StringRef Message) {
  ordered_json Physical{{"artifactLocation", artifactLocation(File)}};
  if (Line) {
    ordered_json Region{{"startLine", Line}};
    if (Column)
      Region["startColumn"] = Column;
    Physical["region"] = std::move(Region);
  }
  ordered_json Loc{{"physicalLocation", std::move(Physical)}};
  if (!Function.empty())
    Loc["logicalLocations"] =
        ordered_json::array({ordered_json{{"name", Function}, {"kind", "function"}}});
  if (!Message.empty())
    Loc["message"] = ordered_json{{"text", Message}};
  return Loc;
}

/// SARIF's well-known thread flow location kinds (3.38.8) for a trace step.
static ordered_json stepKinds(llvm::StringRef Kind) {
  if (Kind == "entry")
    return {"enter", "function"};
  if (Kind == "call" || Kind == "indirect-call")
    return {"call", "function"};
  if (Kind == "acquire")
    return {"acquire", "lock"};
  if (Kind == "reacquire")
    return {"acquire", "lock", "danger"};
  return {"caution"};
}

static ordered_json codeFlow(const Finding &F) {
  ordered_json Steps = ordered_json::array();
  for (const TraceStep &S : F.Trace)
    Steps.push_back(ordered_json{{"location", location(S.File, S.Line, S.Column, S.Function,
                                                       S.Detail)},
                                 {"kinds", stepKinds(S.Kind)},
                                 {"properties", {{"kind", S.Kind}}}});
  return ordered_json{
      {"threadFlows", ordered_json::array({ordered_json{{"locations", std::move(Steps)}}})}};
}

/// Where each held lock was taken: the trace steps of kind `acquire`.
static ordered_json heldLockLocations(const Finding &F) {
  ordered_json Related = ordered_json::array();
  unsigned Id = 0;
  for (const TraceStep &S : F.Trace)
    if (S.Kind == "acquire") {
      ordered_json Loc = location(S.File, S.Line, S.Column, S.Function, S.Detail);
      Loc["id"] = Id++;
      Related.push_back(std::move(Loc));
    }
  return Related;
}

static llvm::StringRef level(llvm::StringRef Severity) {
  if (Severity == "error" || Severity == "warning")
    return Severity;
  return "note";
}

static ordered_json result(const Finding &F, const std::vector<RuleDescriptor> &Rules) {
  ordered_json R{{"ruleId", F.ruleId()}};
  for (size_t I = 0; I < Rules.size(); ++I)
    if (Rules[I].Id == F.ruleId())
      R["ruleIndex"] = I;
  R["level"] = level(F.Severity);
  R["message"] = ordered_json{{"text", F.Message}};
  R["locations"] = ordered_json::array({location(F.File, F.Line, F.Column, F.Function, "")});
  R["partialFingerprints"] = ordered_json{{SarifFingerprintKey, F.Fingerprint}};
  R["codeFlows"] = ordered_json::array({codeFlow(F)});
  ordered_json Related = heldLockLocations(F);
  if (!Related.empty())
    R["relatedLocations"] = std::move(Related);
  ordered_json Properties{{"lock", F.Lock}};
  if (!F.Identity.empty())
    Properties["identity"] = F.Identity;
  R["properties"] = std::move(Properties);
  return R;
}

static ordered_json suppression(const Suppression &S) {
  bool Inline = S.From == Suppression::Source::InlineComment;
  return ordered_json{{"kind", Inline ? "inSource" : "external"},
                      {"status", "accepted"},
                      {"justification", S.Reason},
                      {"location", location(S.File, S.Line, 0, "", "")}};
}

static ordered_json rule(const RuleDescriptor &D) {
  ordered_json R{{"id", D.Id}, {"shortDescription", {{"text", D.ShortDescription}}}};
  if (!D.HelpUri.empty())
    R["helpUri"] = D.HelpUri;
  if (!D.Citation.empty())
    R["help"] = ordered_json{{"text", D.Citation}};
  return R;
}

/// Each skipped TU, as a notification: a reader of the SARIF alone must know
/// the run did not see everything.
static ordered_json invocation(const RunStats &Stats) {
  ordered_json Notes = ordered_json::array();
  for (const auto &[File, Error] : Stats.FailedTUs)
    Notes.push_back(ordered_json{{"level", "error"},
                                 {"message", {{"text", "skipped: " + Error}}},
                                 {"locations", ordered_json::array({location(File, 0, 0, "", "")})}});
  return ordered_json{{"executionSuccessful", true},
                      {"toolExecutionNotifications", std::move(Notes)}};
}

std::string writeSarif(const std::vector<Finding> &Findings,
                       const std::vector<SuppressedFinding> &Suppressed, const RunStats &Stats,
                       const SarifRun &Run) {
  ordered_json Rules = ordered_json::array();
  for (const RuleDescriptor &D : Run.Rules)
    Rules.push_back(rule(D));
  ordered_json Results = ordered_json::array();
  for (const Finding &F : Findings) {
    ordered_json R = result(F, Run.Rules);
    // With a baseline, only the findings it lacks are reported at all.
    if (Stats.BaselineUsed)
      R["baselineState"] = "new";
    Results.push_back(std::move(R));
  }
  for (const SuppressedFinding &S : Suppressed) {
    ordered_json R = result(S.Found, Run.Rules);
    R["suppressions"] = ordered_json::array({suppression(S.By)});
    Results.push_back(std::move(R));
  }
  ordered_json Driver{{"name", "lockcheck"},
                      {"version", Run.ToolVersion},
                      {"rules", std::move(Rules)}};
  ordered_json RunJson{{"tool", {{"driver", std::move(Driver)}}}};
  if (!Run.SourceRoot.empty()) {
    std::string Root = Run.SourceRoot;
    if (!llvm::StringRef(Root).ends_with("/"))
      Root += '/';
    RunJson["originalUriBaseIds"] = {{SourceRootId, {{"uri", "file://" + encodeUriPath(Root)}}}};
  }
  RunJson["invocations"] = ordered_json::array({invocation(Stats)});
  // Columns are Clang's: bytes from 1, the same as code points on ASCII lines.
  RunJson["columnKind"] = "unicodeCodePoints";
  RunJson["results"] = std::move(Results);
  ordered_json Properties{{"suppressed", Stats.Suppressed}};
  if (Stats.BaselineUsed) {
    Properties["baselineKnown"] = Stats.BaselineKnown;
    Properties["baselineAbsent"] = Stats.BaselineAbsent;
  }
  RunJson["properties"] = std::move(Properties);
  ordered_json Log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", ordered_json::array({std::move(RunJson)})}};
  // Messages quote source text, which may not be UTF-8: replace, never throw.
  return Log.dump(2, ' ', /*ensure_ascii=*/false, ordered_json::error_handler_t::replace) + "\n";
}

} // namespace lockcheck::report
