//===- tool/PatchReport.cpp - What a patch does to the findings, and its formats -===//
#include "tool/PatchReport.h"

#include "report/JsonReport.h"
#include "report/TextReport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <nlohmann/json.hpp>

namespace lockcheck::tool {

bool PatchOutcome::introducesFindings() const {
  return llvm::any_of(Items,
                      [](const PatchItem &I) { return I.What == PatchItem::Kind::Introduced; });
}

std::vector<llvm::StringRef> inputLines(llvm::StringRef Input) {
  std::vector<llvm::StringRef> Lines;
  llvm::SmallVector<llvm::StringRef, 0> Parts;
  Input.split(Parts, '\n');
  for (llvm::StringRef L : Parts)
    Lines.push_back(L.rtrim('\r'));
  return Lines;
}

namespace {

/// Ties Item to the first hunk of P whose changed line (added on the new side,
/// removed on the old side) a step of its path stands on; failing that, to the
/// first hunk whose span holds a step.
void tieToHunk(const Patch &P, bool NewSide, llvm::ArrayRef<llvm::StringRef> InputLines,
               PatchItem &Item) {
  const FileDiff *NearFile = nullptr;
  const Hunk *Near = nullptr;
  unsigned NearNumber = 0;
  for (const report::TraceStep &S : Item.Found.Trace) {
    for (const FileDiff &F : P.Files) {
      if ((NewSide ? F.NewPath : F.OldPath) != S.File)
        continue;
      for (size_t H = 0; H < F.Hunks.size(); ++H) {
        const Hunk &Hk = F.Hunks[H];
        const std::vector<unsigned> &Lines = NewSide ? Hk.Added : Hk.Removed;
        const std::vector<unsigned> &Input = NewSide ? Hk.AddedInputLines : Hk.RemovedInputLines;
        for (size_t K = 0; K < Lines.size(); ++K)
          if (Lines[K] == S.Line) {
            Item.File = &F;
            Item.TheHunk = &Hk;
            Item.HunkNumber = static_cast<unsigned>(H + 1);
            Item.InputLine = Input[K];
            Item.FileLine = S.Line;
            if (Input[K] - 1 < InputLines.size())
              Item.LineText = InputLines[Input[K] - 1].str();
            return;
          }
        unsigned Start = NewSide ? Hk.NewStart : Hk.OldStart;
        unsigned Count = NewSide ? Hk.NewCount : Hk.OldCount;
        if (!Near && S.Line >= Start && S.Line < Start + Count) {
          NearFile = &F;
          Near = &Hk;
          NearNumber = static_cast<unsigned>(H + 1);
        }
      }
    }
  }
  Item.File = NearFile;
  Item.TheHunk = Near;
  Item.HunkNumber = NearNumber;
}

/// How each kind of item is said. checkpatch's levels: a new finding is a
/// WARNING, a known one whose path the patch touches a CHECK, a finding the
/// patch removes a NOTE.
struct KindWords {
  llvm::StringRef Level, Consequence;
};

KindWords wordsFor(PatchItem::Kind K) {
  switch (K) {
  case PatchItem::Kind::Introduced:
    return {"WARNING", "introduced by this patch"};
  case PatchItem::Kind::Removed:
    return {"NOTE", "removed by this patch"};
  case PatchItem::Kind::ThroughChange:
    return {"CHECK", "found before this patch too; its path goes through a changed line"};
  }
  llvm_unreachable("all kinds handled");
}

llvm::StringRef level(PatchItem::Kind K) { return wordsFor(K).Level; }
llvm::StringRef consequence(PatchItem::Kind K) { return wordsFor(K).Consequence; }

/// checkpatch's message types are upper-case words: recursive-lock becomes
/// RECURSIVE_LOCK.
std::string checkpatchType(llvm::StringRef RuleId) {
  std::string Type = RuleId.upper();
  std::replace(Type.begin(), Type.end(), '-', '_');
  return Type;
}

std::string headline(const PatchItem &I) {
  return (level(I.What) + ":" + checkpatchType(I.Found.ruleId()) + ": " + I.Found.Message +
          " [" + I.Found.Checker + "], " + consequence(I.What))
      .str();
}

/// Where the item is: the changed line, else its hunk, else the finding.
std::string whereLine(const PatchItem &I) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  if (I.InputLine)
    OS << "#" << I.InputLine << ": FILE: " << I.File->path() << ":" << I.FileLine << ":\n"
       << I.LineText << "\n";
  else if (I.TheHunk)
    OS << "#" << I.TheHunk->HeaderLine << ": FILE: " << I.File->path() << ": hunk "
       << I.HunkNumber << " " << I.TheHunk->Header << "\n";
  else
    OS << "FILE: " << I.Found.File << ":" << I.Found.Line << ":\n";
  return Out;
}

std::string itemText(const PatchItem &I) {
  std::string Out = headline(I) + "\n" + whereLine(I);
  llvm::raw_string_ostream OS(Out);
  report::writeText(OS, {I.Found});
  return Out;
}

} // namespace

std::vector<PatchItem> comparePatchFindings(const Patch &P,
                                            const std::vector<report::Finding> &Before,
                                            const std::vector<report::Finding> &After,
                                            llvm::ArrayRef<llvm::StringRef> InputLines) {
  llvm::StringSet<> BeforeIds, AfterIds;
  for (const report::Finding &F : Before)
    BeforeIds.insert(F.Fingerprint);
  for (const report::Finding &F : After)
    AfterIds.insert(F.Fingerprint);
  std::vector<PatchItem> Items;
  for (const report::Finding &F : After) {
    PatchItem Item;
    Item.Found = F;
    bool Known = BeforeIds.contains(F.Fingerprint);
    Item.What = Known ? PatchItem::Kind::ThroughChange : PatchItem::Kind::Introduced;
    tieToHunk(P, /*NewSide=*/true, InputLines, Item);
    // A known finding is worth saying only when the patch changes its path.
    if (Known && !Item.InputLine)
      continue;
    Items.push_back(std::move(Item));
  }
  for (const report::Finding &F : Before) {
    if (AfterIds.contains(F.Fingerprint))
      continue;
    PatchItem Item;
    Item.Found = F;
    Item.What = PatchItem::Kind::Removed;
    tieToHunk(P, /*NewSide=*/false, InputLines, Item);
    Items.push_back(std::move(Item));
  }
  return Items;
}

void writePatchText(llvm::raw_ostream &OS, llvm::ArrayRef<PatchOutcome> Outcomes, bool Terse) {
  bool Series = Outcomes.size() > 1;
  for (const PatchOutcome &O : Outcomes) {
    if (O.empty())
      continue;
    if (Terse) {
      for (const PatchItem &I : O.Items) {
        std::string File = I.InputLine ? I.File->path() : I.Found.File;
        unsigned Line = I.InputLine ? I.FileLine : I.Found.Line;
        OS << File << ":" << Line << ": " << level(I.What) << ": " << I.Found.Message << " ["
           << I.Found.Checker << "], " << consequence(I.What) << "\n";
      }
      for (const ContractNote &N : O.Notes)
        OS << (N.File ? N.File->path() : std::string()) << ":"
           << (N.TheHunk ? N.TheHunk->NewStart : 0) << ": NOTE: " << N.Text << "\n";
      continue;
    }
    if (Series)
      OS << "-------------------------\n"
         << O.Input->Name << ":" << O.ThePatch->FirstLine << ": " << O.ThePatch->Subject << "\n"
         << "-------------------------\n";
    unsigned Counts[3] = {0, 0, 0};
    for (const PatchItem &I : O.Items) {
      ++Counts[static_cast<int>(I.What)];
      OS << itemText(I) << "\n";
    }
    for (const ContractNote &N : O.Notes) {
      OS << "NOTE:CONTRACT: " << N.Text << "\n";
      if (N.TheHunk)
        OS << "#" << N.TheHunk->HeaderLine << ": FILE: " << N.File->path() << ": "
           << N.TheHunk->Header << "\n";
      OS << "\n";
    }
    for (const auto &[File, Template] : O.NewFileCommands)
      OS << File << ": no compile command; compiled as " << Template << " is\n";
    OS << "total: " << Counts[0] << " introduced, " << Counts[1] << " removed, " << Counts[2]
       << " through changed lines, " << O.Notes.size() << " contract notes\n";
    if (Series)
      OS << "\n";
  }
}

static nlohmann::ordered_json itemJson(const PatchItem &I) {
  nlohmann::ordered_json J = report::findingJson(I.Found);
  if (I.TheHunk) {
    nlohmann::ordered_json H{{"file", I.File->path()},
                             {"number", I.HunkNumber},
                             {"header", I.TheHunk->Header},
                             {"patch_line", I.TheHunk->HeaderLine}};
    if (I.InputLine)
      H["changed_line"] = nlohmann::ordered_json{
          {"patch_line", I.InputLine}, {"line", I.FileLine}, {"text", I.LineText}};
    J["hunk"] = std::move(H);
  } else {
    J["hunk"] = nullptr;
  }
  return J;
}

std::string writePatchJson(llvm::ArrayRef<PatchOutcome> Outcomes, unsigned TUsAnalyzed) {
  using nlohmann::ordered_json;
  ordered_json Patches = ordered_json::array();
  unsigned Reextracted = 0;
  for (const PatchOutcome &O : Outcomes) {
    ordered_json Lists[3] = {ordered_json::array(), ordered_json::array(),
                             ordered_json::array()};
    for (const PatchItem &I : O.Items)
      Lists[static_cast<int>(I.What)].push_back(itemJson(I));
    ordered_json Notes = ordered_json::array();
    for (const ContractNote &N : O.Notes)
      Notes.push_back(ordered_json{{"file", N.File ? N.File->path() : std::string()},
                                   {"hunk_header", N.TheHunk ? N.TheHunk->Header : ""},
                                   {"patch_line", N.TheHunk ? N.TheHunk->HeaderLine : 0},
                                   {"inferred", N.inferred()},
                                   {"rule", N.Rule},
                                   {"citation", N.Citation},
                                   {"text", N.Text}});
    ordered_json NewFiles = ordered_json::array();
    for (const auto &[File, Template] : O.NewFileCommands)
      NewFiles.push_back(ordered_json{{"file", File}, {"compiled_as", Template}});
    Reextracted += O.TUsReextracted;
    Patches.push_back(ordered_json{{"input", O.Input->Name},
                                   {"subject", O.ThePatch->Subject},
                                   {"first_line", O.ThePatch->FirstLine},
                                   {"introduced", std::move(Lists[0])},
                                   {"removed", std::move(Lists[1])},
                                   {"through_changed_lines", std::move(Lists[2])},
                                   {"contract_notes", std::move(Notes)},
                                   {"already_applied", O.AlreadyApplied},
                                   {"new_file_commands", NewFiles},
                                   {"tus_reextracted", O.TUsReextracted}});
  }
  ordered_json Root{{"patches", std::move(Patches)},
                    {"stats", ordered_json{{"tus_analyzed", TUsAnalyzed},
                                           {"tus_reextracted", Reextracted}}}};
  return Root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string writePatchworkChecks(llvm::ArrayRef<PatchOutcome> Outcomes,
                                 llvm::StringRef TargetUrl) {
  std::string Out;
  for (const PatchOutcome &O : Outcomes) {
    unsigned Counts[3] = {0, 0, 0};
    for (const PatchItem &I : O.Items)
      ++Counts[static_cast<int>(I.What)];
    std::string State = Counts[0] ? "fail" : Counts[2] ? "warning" : "success";
    std::string Description;
    if (Counts[0]) {
      const PatchItem &First = *llvm::find_if(
          O.Items, [](const PatchItem &I) { return I.What == PatchItem::Kind::Introduced; });
      Description = std::to_string(Counts[0]) + " locking finding(s) introduced, first: " +
                    First.Found.Message + " (" + First.Found.File + ":" +
                    std::to_string(First.Found.Line) + ")";
    } else if (Counts[2]) {
      Description = std::to_string(Counts[2]) +
                    " known locking finding(s) go through changed lines";
    } else {
      Description = "no new locking findings";
    }
    if (Counts[1])
      Description += "; " + std::to_string(Counts[1]) + " removed";
    nlohmann::ordered_json Check{{"state", State},
                                 {"context", "lockcheck"},
                                 {"description", Description},
                                 {"target_url", TargetUrl}};
    Out += Check.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  return Out;
}

/// One input with the notes of its patches' outcomes.
static void writeAnnotatedInput(llvm::raw_ostream &OS, llvm::ArrayRef<llvm::StringRef> InputLines,
                                llvm::ArrayRef<const PatchOutcome *> Outcomes) {
  // Note blocks by the input line they follow.
  std::map<unsigned, std::vector<std::string>> After;
  auto Note = [&](unsigned Line, const std::string &Text) {
    std::string Block;
    llvm::SmallVector<llvm::StringRef, 16> Lines;
    llvm::StringRef(Text).rtrim('\n').split(Lines, '\n');
    for (llvm::StringRef L : Lines)
      Block += ("lockcheck: " + L + "\n").str();
    After[Line].push_back(std::move(Block));
  };
  for (const PatchOutcome *O : Outcomes) {
    unsigned End = O->ThePatch->FirstLine;
    for (const FileDiff &F : O->ThePatch->Files)
      for (const Hunk &H : F.Hunks)
        End = std::max(End, H.LastLine);
    for (const PatchItem &I : O->Items)
      Note(I.TheHunk ? I.TheHunk->LastLine : End, itemText(I));
    for (const ContractNote &N : O->Notes)
      Note(N.TheHunk ? N.TheHunk->LastLine : End, "NOTE:CONTRACT: " + N.Text);
  }
  size_t Count = InputLines.size();
  // A final line break leaves an empty last "line" that is not one.
  if (Count && InputLines.back().empty())
    --Count;
  for (size_t I = 0; I < Count; ++I) {
    OS << InputLines[I] << "\n";
    if (auto It = After.find(static_cast<unsigned>(I + 1)); It != After.end())
      for (const std::string &Block : It->second)
        OS << Block;
  }
}


void writeAnnotatedPatch(llvm::raw_ostream &OS, llvm::ArrayRef<PatchInput> Inputs,
                         llvm::ArrayRef<PatchOutcome> Outcomes) {
  if (llvm::all_of(Outcomes, [](const PatchOutcome &O) { return O.empty(); }))
    return;
  for (const PatchInput &In : Inputs) {
    std::vector<const PatchOutcome *> Own;
    for (const PatchOutcome &O : Outcomes)
      if (O.Input == &In)
        Own.push_back(&O);
    writeAnnotatedInput(OS, inputLines(In.Text), Own);
  }
}

} // namespace lockcheck::tool
