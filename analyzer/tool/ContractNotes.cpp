//===- tool/ContractNotes.cpp - What holds where a patch changes locking --===//
#include "tool/ContractNotes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

#include <set>

namespace lockcheck::tool {

namespace {

/// How many paths into one changed function are looked at, and how many
/// notes one function gets at most.
constexpr size_t MaxPaths = 8;
constexpr size_t MaxNotesPerFunction = 2;
/// How many calls down the methods a changed function calls are looked for.
constexpr unsigned MaxCallDepth = 3;

/// The field of a `table.field` slot: `write_iter`.
llvm::StringRef fieldOf(llvm::StringRef Via) { return Via.rsplit('.').second; }

} // namespace

AnalysisHooks ContractNotes::hooks() {
  AnalysisHooks H;
  H.Listen = [this](const graph::ProgramGraph &Graph) {
    findChangedFunctions(Graph);
    std::vector<analysis::LockEventListener *> Listeners;
    if (ChangedFunctions.empty())
      return Listeners;
    Query = std::make_unique<analysis::PathQuery>(analysis::NoFunction, analysis::NoFunction);
    Listeners.push_back(Query.get());
    return Listeners;
  };
  H.Finished = [this](const graph::ProgramGraph &Graph, const analysis::PathRenderer &Paths) {
    if (Query)
      writeNotes(Graph, Paths);
  };
  return H;
}

void ContractNotes::findChangedFunctions(const graph::ProgramGraph &Graph) {
  // The functions of each patched file by first line. A changed line belongs
  // to the last function starting at or before it: the facts have no end
  // lines, so a line after a function's end (a new global) counts as its.
  llvm::StringMap<std::vector<std::pair<unsigned, graph::FunctionId>>> ByFile;
  for (const FileDiff &F : ThePatch.Files)
    if (!F.NewPath.empty())
      ByFile[Top + "/" + F.NewPath];
  if (ByFile.empty())
    return;
  for (graph::FunctionId F = 0; F < Graph.functionCount(); ++F) {
    const facts::FunctionFact &Fact = Graph.fact(F);
    auto It = ByFile.find(Graph.fileOf(F, Fact.Loc));
    if (It != ByFile.end())
      It->second.push_back({Fact.Loc.Line, F});
  }
  for (auto &Entry : ByFile)
    llvm::sort(Entry.second);
  for (const FileDiff &F : ThePatch.Files) {
    if (F.NewPath.empty())
      continue;
    const auto &Functions = ByFile[Top + "/" + F.NewPath];
    for (const Hunk &H : F.Hunks) {
      std::vector<unsigned> Lines = H.Added;
      if (Lines.empty())
        Lines.push_back(H.NewStart);
      std::set<graph::FunctionId> Seen;
      for (unsigned Line : Lines) {
        auto After = llvm::upper_bound(
            Functions, Line, [](unsigned L, const auto &Fn) { return L < Fn.first; });
        if (After == Functions.begin())
          continue;
        graph::FunctionId Fn = std::prev(After)->second;
        if (Seen.insert(Fn).second)
          ChangedFunctions.push_back({&F, &H, Fn});
      }
    }
  }
}

void ContractNotes::addNote(const Changed &C, std::string Text, std::string Rule,
                            std::string Citation) {
  if (Written.insert(Text).second)
    Notes.push_back(
        ContractNote{C.File, C.TheHunk, std::move(Text), std::move(Rule), std::move(Citation)});
}

void ContractNotes::writeRuleNotes(const graph::ProgramGraph &Graph, const Changed &C,
                                   llvm::ArrayRef<const std::vector<analysis::QueryStep> *> Cited) {
  const std::string &Name = Graph.fact(C.Function).Name;
  std::set<unsigned> CitedRules;
  // Where the function stands, as the note's opening words, and the rules
  // about a method (`file_operations.fsync`).
  auto CiteRule = [&](const std::string &Where, unsigned R) {
    if (!CitedRules.insert(R).second)
      return;
    const spec::Rule &Rule = Rules.rule(R);
    addNote(C, Where + ": rule " + Rule.Id + ", " + Rule.Title + " (" + Rule.Citation + ")",
            Rule.Id, Rule.Citation);
  };
  auto CiteMethod = [&](const std::string &Where, llvm::StringRef Record, llvm::StringRef Field) {
    for (unsigned R : Rules.forMethod(Record, Field))
      CiteRule(Where, R);
  };
  // The slots a table's name and a field denote: a path names a slot by its
  // table (`btrfs_file_operations.fsync`), a rule by its struct type.
  llvm::StringMap<std::string> RecordOf;
  for (graph::TableId T = 0; T < Graph.tableCount(); ++T) {
    const graph::OpsTable &Table = Graph.table(T);
    RecordOf.try_emplace(Table.Name, Table.Record);
    for (const auto &[Field, Fn] : Table.Slots)
      if (Fn == C.Function)
        CiteMethod("'" + Name + "' is ->" + Field + " ('" + Table.Name + "." + Field + "')",
                   Table.Record, Field);
  }
  auto CiteSlot = [&](llvm::StringRef How, llvm::StringRef Via) {
    auto [Table, Field] = Via.rsplit('.');
    auto Record = RecordOf.find(Table);
    if (Record != RecordOf.end())
      CiteMethod("'" + Name + "' " + How.str() + " ->" + Field.str() + " ('" + Via.str() + "')",
                 Record->second, Field);
  };
  // The methods it calls, itself or a few calls down (iomap_dio_complete()
  // calls ->fsync through generic_write_sync() and vfs_fsync_range()).
  for (const analysis::PathStep &Call : Query->slotCallsBelow(C.Function, MaxCallDepth))
    CiteSlot("leads to", Call.Via);
  for (const std::vector<analysis::QueryStep> *Path : Cited) {
    std::set<std::string> OnTheWay;
    for (const analysis::QueryStep &S : *Path) {
      OnTheWay.insert(S.Step.Function);
      if (!S.Step.Via.empty())
        CiteSlot("is reached from", S.Step.Via);
    }
    // A contract on what is held around a call (rules/iomap.yaml's
    // held-around: iomap_dio_rw) applies below that call.
    for (unsigned R = 0; R < Rules.size(); ++R) {
      const spec::Rule &Rule = Rules.rule(R);
      if (!Rule.Enabled || CitedRules.count(R))
        continue;
      for (const spec::ContractLock &L : Rule.MustNotAcquire)
        if (!L.HeldAround.empty() && OnTheWay.count(L.HeldAround))
          CiteRule("'" + Name + "' is reached through '" + L.HeldAround + "'", R);
    }
  }
}

void ContractNotes::writeNotes(const graph::ProgramGraph &Graph,
                               const analysis::PathRenderer &Paths) {
  std::string Prefix = Top + "/";
  auto Relative = [&](llvm::StringRef File) {
    return File.starts_with(Prefix) ? File.drop_front(Prefix.size()).str() : File.str();
  };
  for (const Changed &C : ChangedFunctions) {
    const facts::FunctionFact &Fact = Graph.fact(C.Function);
    // Does the hunk add a call that acquires a lock, in any context?
    bool AddsAcquisition = false;
    for (const analysis::Summary *S : Query->contextsOf(C.Function))
      for (const analysis::AcquireSite &A : S->Acquires)
        if (A.Path && A.Path->Step.Function == C.Function &&
            A.Path->Step.K == analysis::WitnessStep::Kind::Call &&
            A.Path->Step.Call < Fact.Calls.size() &&
            llvm::is_contained(C.TheHunk->Added, Fact.Calls[A.Path->Step.Call].Loc.Line))
          AddsAcquisition = true;
    std::vector<std::vector<analysis::QueryStep>> Found =
        Query->pathsIntoContexts(C.Function, Paths, MaxPaths);
    // The paths the notes speak of: the shortest under a lock first.
    std::vector<const std::vector<analysis::QueryStep> *> Cited;
    for (const std::vector<analysis::QueryStep> &Path : Found)
      if (Path.size() >= 2 && Cited.size() < MaxNotesPerFunction)
        Cited.push_back(&Path);
    writeRuleNotes(Graph, C, Cited);
    for (const std::vector<analysis::QueryStep> *PathPtr : Cited) {
      const std::vector<analysis::QueryStep> &Path = *PathPtr;
      const std::vector<analysis::HeldNote> &Held = Path.back().Held;
      if (Held.empty() && !AddsAcquisition)
        continue;
      std::string Text = "inferred: ";
      Text += AddsAcquisition ? "this hunk adds an acquisition to '" : "'";
      const std::string &EntryVia = Path.front().Step.Via;
      Text += Fact.Name + "', reached from ->" + fieldOf(EntryVia).str() + " ('" + EntryVia +
              "') via ";
      std::vector<std::string> Via;
      for (size_t I = 1; I < Path.size(); ++I) {
        Via.push_back(Path[I].Step.Function);
        if (Path[I].Step.Kind == "indirect-call")
          Via.push_back("->" + fieldOf(Path[I].Step.Via).str());
      }
      // The entry's first callees and the last calls before the function say
      // the most; a long middle is elided.
      if (Via.size() > 8)
        Via.erase(Via.begin() + 2, Via.end() - 5), Via.insert(Via.begin() + 2, "...");
      Text += llvm::join(Via, ", ");
      if (Held.empty()) {
        Text += ", with no lock held";
      } else {
        Text += ", with ";
        for (size_t I = 0; I < Held.size(); ++I)
          Text += (I ? ", " : "") + Held[I].Lock + " held (taken at " +
                  Relative(Held[I].TakenAt.File) + ":" + std::to_string(Held[I].TakenAt.Line) +
                  ")";
      }
      addNote(C, std::move(Text));
    }
  }
}

} // namespace lockcheck::tool
