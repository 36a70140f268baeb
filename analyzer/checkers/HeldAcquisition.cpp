//===- checkers/HeldAcquisition.cpp - One acquisition under a held lock ---===//
#include "checkers/HeldAcquisition.h"

#include <cassert>

namespace lockcheck::checkers {

size_t renderHeldAcquisition(const analysis::PathRenderer &Paths, const HeldAcquisition &W,
                             llvm::StringRef HeldDetail, llvm::StringRef SiteKind,
                             llvm::StringRef SiteDetail, std::vector<report::TraceStep> &Out,
                             const spec::Rules *Rules) {
  std::vector<analysis::PathStep> Steps;
  Paths.renderEntryPath(W.Frame->EntryPath, Steps);
  if (W.Held.OnEntry) {
    assert(Rules && !Steps.empty() && "a lock held on entry comes from a rule, at an entry");
    analysis::PathStep Note = Steps.front();
    Note.Kind = "held-on-entry";
    Note.Detail =
        heldOnEntryDetail(Paths.lockName(W.Held.Lock), Rules->rule(W.Held.EntryRule));
    Steps.push_back(std::move(Note));
  } else {
    Paths.renderChain(W.Held.TakenAt, 0, "acquire", HeldDetail, Steps);
  }
  size_t Marked = Steps.size() + W.Site.SeenDepth;
  Paths.renderChain(W.Site.Path, W.Site.SeenDepth, SiteKind, SiteDetail, Steps);
  assert(Marked < Steps.size() && "the acquisition step lies on the site's path");
  size_t Base = Out.size();
  for (const analysis::PathStep &S : Steps)
    Out.push_back(toTraceStep(S));
  return Base + Marked;
}

std::string heldOnEntryDetail(llvm::StringRef Lock, const spec::Rule &EntryRule) {
  return "'" + Lock.str() + "' is held on entry to '" + EntryRule.Record + "." + EntryRule.Field +
         "' (" + EntryRule.Citation + ")";
}

} // namespace lockcheck::checkers
