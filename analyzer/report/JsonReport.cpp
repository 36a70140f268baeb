//===- report/JsonReport.cpp - Machine-readable findings -------------------===//
#include "report/JsonReport.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lockcheck::report {

std::string writeJson(const std::vector<Finding> &Findings, const RunStats &S) {
  using nlohmann::ordered_json;
  ordered_json List = ordered_json::array();
  for (const Finding &F : Findings) {
    ordered_json Trace = ordered_json::array();
    for (const TraceStep &T : F.Trace)
      Trace.push_back(ordered_json{{"function", T.Function}, {"file", T.File},
                                   {"line", T.Line}, {"column", T.Column},
                                   {"kind", T.Kind}, {"detail", T.Detail}});
    List.push_back(ordered_json{{"checker", F.Checker}, {"severity", F.Severity},
                                {"message", F.Message}, {"lock", F.Lock},
                                {"function", F.Function}, {"file", F.File},
                                {"line", F.Line}, {"column", F.Column},
                                {"identity", F.Identity}, {"trace", std::move(Trace)}});
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
                     {"set_aside", S.SetAside}};
  ordered_json Root{{"findings", std::move(List)}, {"stats", std::move(Stats)}};
  // Messages quote source text, which may not be UTF-8: replace, never throw.
  return Root.dump(2, ' ', /*ensure_ascii=*/false, ordered_json::error_handler_t::replace) + "\n";
}

} // namespace lockcheck::report
