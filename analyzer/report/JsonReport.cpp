//===- report/JsonReport.cpp - Machine-readable findings -------------------===//
#include "report/JsonReport.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lockcheck::report {

nlohmann::ordered_json findingJson(const Finding &F) {
  using nlohmann::ordered_json;
  ordered_json Trace = ordered_json::array();
  for (const TraceStep &T : F.Trace)
    Trace.push_back(ordered_json{{"function", T.Function}, {"file", T.File},
                                 {"line", T.Line}, {"column", T.Column},
                                 {"kind", T.Kind}, {"detail", T.Detail}});
  ordered_json J{{"checker", F.Checker}};
  if (!F.Rule.empty())
    J["rule"] = F.Rule;
  J.update(ordered_json{{"severity", F.Severity}, {"message", F.Message}, {"lock", F.Lock},
                        {"function", F.Function}, {"file", F.File}, {"line", F.Line},
                        {"column", F.Column}, {"identity", F.Identity},
                        {"fingerprint", F.Fingerprint}, {"trace", std::move(Trace)}});
  return J;
}

static nlohmann::ordered_json suppressionJson(const Suppression &S) {
  bool Inline = S.From == Suppression::Source::InlineComment;
  return nlohmann::ordered_json{{"kind", Inline ? "inline" : "file"},
                                {"file", S.File},
                                {"line", S.Line},
                                {"reason", S.Reason}};
}

std::string writeJson(const std::vector<Finding> &Findings, const RunStats &S,
                      const std::vector<SuppressedFinding> &Suppressed) {
  using nlohmann::ordered_json;
  ordered_json List = ordered_json::array();
  for (const Finding &F : Findings)
    List.push_back(findingJson(F));
  ordered_json SuppressedList = ordered_json::array();
  for (const SuppressedFinding &SF : Suppressed) {
    ordered_json J = findingJson(SF.Found);
    J["suppression"] = suppressionJson(SF.By);
    SuppressedList.push_back(std::move(J));
  }
  ordered_json Failed = ordered_json::array();
  for (const auto &[File, Error] : S.FailedTUs)
    Failed.push_back(ordered_json{{"file", File}, {"error", Error}});
  ordered_json Stats{{"tus_analyzed", S.TUsAnalyzed},
                     {"tus_failed", S.FailedTUs.size()},
                     {"failed_tus", std::move(Failed)},
                     {"functions", S.Functions},
                     {"call_sites", S.CallSites},
                     {"indirect_resolved", S.IndirectResolved},
                     {"indirect_unresolved", S.IndirectUnresolved},
                     {"ops_tables", S.OpsTables},
                     {"lock_classes", S.LockClasses},
                     {"entry_points", S.EntryPoints},
                     {"summaries", S.Summaries},
                     {"unknown_lock_objects", S.UnknownLockObjects},
                     {"duplicate_definitions", S.DuplicateDefinitions},
                     {"cache_hits", S.CacheHits},
                     {"cache_misses", S.CacheMisses},
                     {"cache_rejected", S.CacheRejected},
                     {"findings", Findings.size()},
                     {"undecided_identity", std::count_if(Findings.begin(), Findings.end(),
                                                          [](const Finding &F) {
                                                            return F.Identity == "undecided";
                                                          })},
                     {"set_aside", S.SetAside},
                     {"suppressed", S.Suppressed}};
  if (S.BaselineUsed) {
    Stats["baseline_known"] = S.BaselineKnown;
    Stats["baseline_absent"] = S.BaselineAbsent;
  }
  ordered_json Root{{"findings", std::move(List)},
                    {"suppressed", std::move(SuppressedList)},
                    {"stats", std::move(Stats)}};
  // Messages quote source text, which may not be UTF-8: replace, never throw.
  return Root.dump(2, ' ', /*ensure_ascii=*/false, ordered_json::error_handler_t::replace) + "\n";
}

} // namespace lockcheck::report
