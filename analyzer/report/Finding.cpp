//===- report/Finding.cpp --------------------------------------------------===//
#include "report/Finding.h"

#include <algorithm>
#include <tuple>

namespace lockcheck::report {

static auto sortKey(const Finding &F) {
  return std::tie(F.File, F.Line, F.Column, F.Checker, F.Message, F.Lock);
}

/// Two findings are the same report when they warn at the same place about
/// the same lock taken at the same place.
static auto identityKey(const Finding &F) {
  const TraceStep *Taken = nullptr;
  for (const TraceStep &S : F.Trace)
    if (S.Kind == "acquire") {
      Taken = &S;
      break;
    }
  return std::make_tuple(F.File, F.Line, F.Column, F.Checker, F.Message,
                         Taken ? Taken->File : std::string(), Taken ? Taken->Line : 0u);
}

void sortAndDeduplicate(std::vector<Finding> &Findings) {
  // Stable: among duplicates the first reported (the first entry point in
  // entry order) is kept.
  std::stable_sort(Findings.begin(), Findings.end(), [](const Finding &A, const Finding &B) {
    return std::make_tuple(sortKey(A), identityKey(A)) < std::make_tuple(sortKey(B), identityKey(B));
  });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [](const Finding &A, const Finding &B) {
                               return identityKey(A) == identityKey(B);
                             }),
                 Findings.end());
}

} // namespace lockcheck::report
