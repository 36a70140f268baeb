//===- tool/PatchReport.h - What a patch does to the findings, and its formats -===//
//
// Patch mode compares the findings of the tree before a patch with those after
// it by fingerprint (report/Fingerprint.h: the checker, the lock class and the
// functions of the path, never a line number), so a finding whose lines only
// moved is the same finding. Each finding it reports is tied to the hunk whose
// changed line its witness path goes through, which is what the checkpatch-like
// text, the JSON, the annotated patch and the patchwork check all show.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_PATCHREPORT_H
#define LOCKCHECK_TOOL_PATCHREPORT_H

#include "report/Finding.h"
#include "tool/PatchReader.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace lockcheck::tool {

/// A reported finding and where in the patch it belongs.
struct PatchItem {
  enum class Kind {
    Introduced,  ///< found after the patch, not before
    Removed,     ///< found before the patch, not after
    ThroughChange ///< found both times; its path goes through a changed line
  };
  Kind What = Kind::Introduced;
  /// As found after the patch (before it, for a removed finding); file names
  /// relative to the top of the tree.
  report::Finding Found;
  /// The hunk it is tied to (null: the patch as a whole) and its number in
  /// its file's diff (1-based).
  const FileDiff *File = nullptr;
  const Hunk *TheHunk = nullptr;
  unsigned HunkNumber = 0;
  /// The changed line the path goes through: its line in the patch input
  /// (0 when the path only passes near the hunk), in the file, and its text.
  unsigned InputLine = 0;
  unsigned FileLine = 0;
  std::string LineText;
};

/// A contract that applies where a hunk changes locking or a function reached
/// from an ops-table method, even without a finding: a rule of rules/ about a
/// method the function is reached from (Rule and Citation set), or one
/// inferred from the calling contexts and held sets of the analysis run.
struct ContractNote {
  const FileDiff *File = nullptr;
  const Hunk *TheHunk = nullptr;
  std::string Text;
  /// The rules/ id and its citation; both empty for an inferred note.
  std::string Rule;
  std::string Citation;

  bool inferred() const { return Rule.empty(); }
};

/// One patch input (a file, or standard input) and its patches.
struct PatchInput {
  /// The file name, or `<stdin>`.
  std::string Name;
  std::string Text;
  std::vector<Patch> Patches;
};

/// Everything patch mode says about one patch.
struct PatchOutcome {
  const PatchInput *Input = nullptr;
  const Patch *ThePatch = nullptr;
  std::vector<PatchItem> Items;
  std::vector<ContractNote> Notes;
  /// TUs extracted again because the patch changes a file they read.
  unsigned TUsReextracted = 0;
  /// The patch was already in the working tree (a committed patch): it was
  /// compared with the tree without it.
  bool AlreadyApplied = false;
  /// C files of the patch the compile database lacks, each with the TU whose
  /// command it was compiled with (tool/NewFileCommand.h), relative to the top.
  std::vector<std::pair<std::string, std::string>> NewFileCommands;

  bool introducesFindings() const;
  bool empty() const { return Items.empty() && Notes.empty(); }
};

/// Compares Before and After (fingerprints set, file names relative to the
/// top of the tree) and ties each introduced, removed or touched finding to
/// P's hunks. InputLines are the patch input's lines, for the changed lines'
/// text. Items come in After's order, removed ones last in Before's.
std::vector<PatchItem> comparePatchFindings(const Patch &P,
                                            const std::vector<report::Finding> &Before,
                                            const std::vector<report::Finding> &After,
                                            llvm::ArrayRef<llvm::StringRef> InputLines);

/// The patch input cut into lines (without their line breaks), 1-based by
/// index + 1, as Hunk's input line numbers count them.
std::vector<llvm::StringRef> inputLines(llvm::StringRef Input);

/// checkpatch's style: `WARNING:<ID>: message`, `#<line>: FILE: path:line:`,
/// the changed line, then the witness path as clang-style notes; a `total:`
/// line ends each patch's report. With Terse, one `FILE:LINE: WARNING: message`
/// line per finding. Nothing at all for outcomes with nothing to say.
void writePatchText(llvm::raw_ostream &OS, llvm::ArrayRef<PatchOutcome> Outcomes, bool Terse);

/// `{"patches": [...], "stats": {...}}` as README documents it.
std::string writePatchJson(llvm::ArrayRef<PatchOutcome> Outcomes, unsigned TUsAnalyzed);

/// One patchwork check per patch (POST /api/patches/ID/checks/): `state`
/// (fail when the patch introduces a finding, warning when a known finding's
/// path goes through it, else success), `context`, `description` and
/// `target_url`; one JSON object per line.
std::string writePatchworkChecks(llvm::ArrayRef<PatchOutcome> Outcomes,
                                 llvm::StringRef TargetUrl);

/// The inputs themselves with `lockcheck:` note lines under the hunks they
/// concern (notes on a patch as a whole after its last hunk); nothing when no
/// outcome has anything to say.
void writeAnnotatedPatch(llvm::raw_ostream &OS, llvm::ArrayRef<PatchInput> Inputs,
                         llvm::ArrayRef<PatchOutcome> Outcomes);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_PATCHREPORT_H
