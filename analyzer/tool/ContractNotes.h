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
// A hunk gets a note when its function is reached from an ops-table method
// and either the hunk adds an acquisition there or a lock is held on the way;
// a change under no lock and taking none has no contract to recall.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_CONTRACTNOTES_H
#define LOCKCHECK_TOOL_CONTRACTNOTES_H

#include "analysis/PathQuery.h"
#include "tool/PatchReport.h"
#include "tool/Pipeline.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lockcheck::tool {

/// Collects the notes of one patch during the analysis of the tree it leaves.
class ContractNotes {
public:
  /// P's hunks, in a tree whose top is Top (file names in the facts are
  /// absolute).
  ContractNotes(const Patch &P, std::string Top) : ThePatch(P), Top(std::move(Top)) {}

  /// The hooks to give analyzeFacts.
  AnalysisHooks hooks();

  /// The notes, hunk by hunk in patch order, once the analysis has run.
  std::vector<ContractNote> take() { return std::move(Notes); }

private:
  /// The functions each hunk changes, found from the lines it adds (or, for a
  /// hunk that only removes, where it removes them).
  void findChangedFunctions(const graph::ProgramGraph &Graph);
  void writeNotes(const graph::ProgramGraph &Graph, const analysis::PathRenderer &Paths);

  const Patch &ThePatch;
  std::string Top;
  std::unique_ptr<analysis::PathQuery> Query;
  struct Changed {
    const FileDiff *File;
    const Hunk *TheHunk;
    graph::FunctionId Function;
  };
  std::vector<Changed> ChangedFunctions;
  std::vector<ContractNote> Notes;
};

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_CONTRACTNOTES_H
