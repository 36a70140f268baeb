//===- checkers/HeldAcquisition.cpp - One acquisition under a held lock ---===//
#include "checkers/HeldAcquisition.h"

#include <cassert>

namespace lockcheck::checkers {

size_t renderHeldAcquisition(const analysis::PathRenderer &Paths, const HeldAcquisition &W,
                             llvm::StringRef HeldDetail, llvm::StringRef SiteKind,
                             llvm::StringRef SiteDetail, std::vector<report::TraceStep> &Out) {
  std::vector<analysis::PathStep> Steps;
  Paths.renderEntryPath(W.Frame->EntryPath, Steps);
  Paths.renderChain(W.Held.TakenAt, 0, "acquire", HeldDetail, Steps);
  size_t Marked = Steps.size() + W.Site.SeenDepth;
  Paths.renderChain(W.Site.Path, W.Site.SeenDepth, SiteKind, SiteDetail, Steps);
  assert(Marked < Steps.size() && "the acquisition step lies on the site's path");
  size_t Base = Out.size();
  for (const analysis::PathStep &S : Steps)
    Out.push_back(toTraceStep(S));
  return Base + Marked;
}

} // namespace lockcheck::checkers
