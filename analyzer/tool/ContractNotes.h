//===- tool/ContractNotes.h - What holds where a patch changes locking ----===//
//
// A patch can be correct today and still change code that runs under a
// caller's lock: the reviewer wants to know, for each hunk, from which
// ops-table methods the changed function is reached and what is held there
// ("reached from ->fsync via iomap_dio_complete with inode.i_rwsem held,
// entered by ->write_iter"), even when nothing is wrong yet. The notes come
// from the same analysis run as the findings: the calling contexts and held
// sets the summaries already have (analysis/PathQuery.h).
//
// Two kinds of notes. A rule note cites a contract of rules/ (its id, title
// and citation) about a method the changed function implements, calls (a few
// calls down at most) or is reached from on those paths, or one whose
// held-around function is on the way. An
// inferred note, marked so, gives the path and what is held on it, when a lock
// is held on the way or the hunk adds an acquisition; a change under no lock
// and taking none has no inferred contract to recall.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_CONTRACTNOTES_H
#define LOCKCHECK_TOOL_CONTRACTNOTES_H

#include "analysis/PathQuery.h"
#include "spec/Rules.h"
#include "tool/PatchReport.h"
#include "tool/Pipeline.h"

#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

namespace lockcheck::tool {

/// Collects the notes of one patch during the analysis of the tree it leaves.
class ContractNotes {
public:
  /// P's hunks, in a tree whose top is Top (file names in the facts are
  /// absolute); the rule notes cite the enabled rules of Rules.
  ContractNotes(const Patch &P, std::string Top, const spec::Rules &Rules)
      : ThePatch(P), Top(std::move(Top)), Rules(Rules) {}

  /// The hooks to give analyzeFacts.
  AnalysisHooks hooks();

  /// The notes, hunk by hunk in patch order, once the analysis has run.
  std::vector<ContractNote> take() { return std::move(Notes); }

private:
  /// A function a hunk changes.
  struct Changed {
    const FileDiff *File;
    const Hunk *TheHunk;
    graph::FunctionId Function;
  };

  /// The functions each hunk changes, found from the lines it adds (or, for a
  /// hunk that only removes, where it removes them).
  void findChangedFunctions(const graph::ProgramGraph &Graph);
  void writeNotes(const graph::ProgramGraph &Graph, const analysis::PathRenderer &Paths);
  /// The rule notes of one changed function: the rules of the slots it is
  /// stored in, of those it calls (itself or a few calls down), then of the
  /// slots and held-around functions of Cited.
  void writeRuleNotes(const graph::ProgramGraph &Graph, const Changed &C,
                      llvm::ArrayRef<const std::vector<analysis::QueryStep> *> Cited);
  void addNote(const Changed &C, std::string Text, std::string Rule = "",
               std::string Citation = "");

  const Patch &ThePatch;
  std::string Top;
  const spec::Rules &Rules;
  std::unique_ptr<analysis::PathQuery> Query;
  std::vector<Changed> ChangedFunctions;
  std::vector<ContractNote> Notes;
  /// Every note's text so far: a function reached twice the same way, or two
  /// hunks of one function, say it once.
  std::set<std::string> Written;
};

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_CONTRACTNOTES_H
