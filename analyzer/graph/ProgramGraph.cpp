//===- graph/ProgramGraph.cpp - All TUs' facts linked into one program ----===//
#include "graph/ProgramGraph.h"

#include "facts/FactsJson.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>

namespace lockcheck::graph {

static constexpr FunctionId NoFunction = ~0u;

static std::string tableKey(llvm::StringRef Name, llvm::StringRef Record) {
  return (Name + llvm::Twine("/") + Record).str();
}

std::optional<FunctionId> OpsTable::slot(llvm::StringRef Field) const {
  auto It = std::lower_bound(Slots.begin(), Slots.end(), Field,
                             [](const auto &S, llvm::StringRef F) { return S.first < F; });
  if (It == Slots.end() || It->first != Field)
    return std::nullopt;
  return It->second;
}

ProgramGraph::ProgramGraph(std::vector<facts::TUFacts> Input) : TUs(std::move(Input)) {
  // Two TUs of one main file (one file built twice) are ordered by their
  // facts' serialised form, so even then the input order does not matter.
  std::sort(TUs.begin(), TUs.end(), [](const facts::TUFacts &A, const facts::TUFacts &B) {
    if (A.MainFile != B.MainFile)
      return A.MainFile < B.MainFile;
    return facts::writeFactsJson(A) < facts::writeFactsJson(B);
  });
  assignUnits();
  linkFunctions();
  collectTables();
  collectEntryPoints();
}

void ProgramGraph::assignUnits() {
  // Kbuild names a one-file object's module after the file; a composite
  // object's members share the composite's name, which no member may have.
  llvm::StringMap<UnitId> Ids;
  TUUnits.reserve(TUs.size());
  for (const facts::TUFacts &TU : TUs) {
    llvm::StringRef Name = TU.MainFile;
    if (!TU.ModuleName.empty() && TU.ModuleName != llvm::sys::path::stem(TU.MainFile))
      Name = llvm::sys::path::parent_path(TU.MainFile);
    auto [It, Inserted] = Ids.try_emplace(Name, static_cast<UnitId>(UnitNames.size()));
    if (Inserted)
      UnitNames.push_back(Name.str());
    TUUnits.push_back(It->second);
  }
}

void ProgramGraph::linkFunctions() {
  Statics.resize(TUs.size());
  // A static function defined in a header (a static inline) is one function
  // for the whole program, not one copy per including TU: every TU compiled
  // it from the same text, and sharing it keeps the graph the size of the
  // code rather than of the include graph.
  llvm::StringMap<FunctionId> HeaderStatics;
  for (unsigned T = 0; T < TUs.size(); ++T) {
    const facts::TUFacts &TU = TUs[T];
    for (const facts::FunctionFact &F : TU.Functions) {
      FunctionId Id = static_cast<FunctionId>(Functions.size());
      if (F.IsStatic) {
        llvm::StringRef File = F.Loc.File < TU.Files.size() ? llvm::StringRef(TU.Files[F.Loc.File])
                                                            : llvm::StringRef(TU.MainFile);
        if (File != TU.MainFile) {
          auto [It, Inserted] = HeaderStatics.try_emplace((File + llvm::Twine('\0') + F.Name).str(), Id);
          Statics[T].try_emplace(F.Name, It->second);
          if (!Inserted)
            continue;
        } else if (!Statics[T].try_emplace(F.Name, Id).second) {
          continue;
        }
      } else if (!Externs.try_emplace(F.Name, Id).second) {
        // The same extern defined twice (a header function that is not static,
        // or one file in two configs): the first TU's body stands for both.
        ++Stats.DuplicateDefinitions;
        continue;
      }
      Functions.push_back({T, &F});
      bool InMainFile = F.Loc.File < TU.Files.size() && TU.Files[F.Loc.File] == TU.MainFile;
      FunctionUnits.push_back(InMainFile ? TUUnits[T] : NoUnit);
    }
  }
  DirectCallees.resize(Functions.size());
  for (FunctionId F = 0; F < Functions.size(); ++F) {
    const facts::FunctionFact &Fact = *Functions[F].Fact;
    DirectCallees[F].assign(Fact.Calls.size(), NoFunction);
    for (unsigned C = 0; C < Fact.Calls.size(); ++C)
      if (Fact.Calls[C].Kind == facts::CalleeKind::Direct)
        if (std::optional<FunctionId> Callee =
                resolveFunction(Functions[F].TU, Fact.Calls[C].Callee))
          DirectCallees[F][C] = *Callee;
  }
}

void ProgramGraph::collectTables() {
  StaticTables.resize(TUs.size());
  // A table is one record's worth of slots: a global (a nested struct inside it
  // is a table of its own record under the same name), or the fields one
  // function assigns. std::map keeps the numbering independent of hashing.
  std::map<std::tuple<unsigned, std::string, std::string>, TableId> Pending;
  for (unsigned T = 0; T < TUs.size(); ++T) {
    for (const facts::OpsStoreFact &S : TUs[T].OpsStores) {
      std::optional<FunctionId> Fn = resolveFunction(T, S.Function);
      if (!Fn) {
        ++Stats.UnresolvedTableStores;
        continue;
      }
      bool IsGlobal = !S.Table.empty();
      std::string Name = IsGlobal ? S.Table : S.InFunction + "()";
      unsigned KeyTU = (IsGlobal && !S.TableIsStatic) ? ~0u : T;
      auto [It, Inserted] = Pending.try_emplace(std::make_tuple(KeyTU, Name, S.Record),
                                                static_cast<TableId>(Tables.size()));
      if (Inserted) {
        OpsTable Table;
        Table.Name = Name;
        Table.Record = S.Record;
        Table.TU = T;
        Tables.push_back(std::move(Table));
        if (IsGlobal)
          (S.TableIsStatic ? StaticTables[T] : ExternTables)
              .try_emplace(tableKey(Name, S.Record), It->second);
      }
      Tables[It->second].Slots.emplace_back(S.Field, *Fn);
    }
  }
  for (TableId Id = 0; Id < Tables.size(); ++Id) {
    OpsTable &Table = Tables[Id];
    std::stable_sort(Table.Slots.begin(), Table.Slots.end(),
                     [](const auto &A, const auto &B) { return A.first < B.first; });
    Table.Slots.erase(std::unique(Table.Slots.begin(), Table.Slots.end(),
                                  [](const auto &A, const auto &B) { return A.first == B.first; }),
                      Table.Slots.end());
    for (const auto &[Field, Fn] : Table.Slots)
      Slots[Table.Record][Field].push_back({Fn, Id});
  }
}

void ProgramGraph::collectEntryPoints() {
  llvm::DenseSet<FunctionId> Referenced;
  for (FunctionId F = 0; F < Functions.size(); ++F) {
    for (FunctionId Callee : DirectCallees[F])
      if (Callee != NoFunction && Callee != F)
        Referenced.insert(Callee);
    const std::vector<facts::CallFact> &Calls = Functions[F].Fact->Calls;
    for (unsigned C = 0; C < Calls.size(); ++C) {
      // A callback handed to code outside the program (kthread_run,
      // queue_work) is called from there: it stays an entry point.
      if (DirectCallees[F][C] == NoFunction)
        continue;
      for (const facts::ArgFact &A : Calls[C].Args)
        if (!A.FunctionRef.empty())
          if (std::optional<FunctionId> Fn = resolveFunction(Functions[F].TU, A.FunctionRef))
            Referenced.insert(*Fn);
    }
  }
  for (TableId T = 0; T < Tables.size(); ++T)
    for (const auto &[Field, Fn] : Tables[T].Slots) {
      Referenced.insert(Fn);
      Entries.push_back({Fn, T, Field});
    }
  for (FunctionId F = 0; F < Functions.size(); ++F)
    if (!Referenced.contains(F))
      Entries.push_back({F, NoTable, ""});
  std::stable_sort(Entries.begin(), Entries.end(), [&](const EntryPoint &A, const EntryPoint &B) {
    return std::make_tuple(name(A.Function), A.Function, A.Table) <
           std::make_tuple(name(B.Function), B.Function, B.Table);
  });
}

std::optional<FunctionId> ProgramGraph::resolveFunction(unsigned TU, llvm::StringRef Name) const {
  auto S = Statics[TU].find(Name);
  if (S != Statics[TU].end())
    return S->second;
  auto E = Externs.find(Name);
  if (E != Externs.end())
    return E->second;
  return std::nullopt;
}

std::optional<FunctionId> ProgramGraph::directCallee(FunctionId F, unsigned Call) const {
  FunctionId Callee = DirectCallees[F][Call];
  if (Callee == NoFunction)
    return std::nullopt;
  return Callee;
}

std::optional<TableId> ProgramGraph::resolveTable(unsigned TU, llvm::StringRef Name,
                                                  llvm::StringRef Record) const {
  std::string Key = tableKey(Name, Record);
  auto S = StaticTables[TU].find(Key);
  if (S != StaticTables[TU].end())
    return S->second;
  auto E = ExternTables.find(Key);
  if (E != ExternTables.end())
    return E->second;
  return std::nullopt;
}

llvm::ArrayRef<SlotTarget> ProgramGraph::slotTargets(llvm::StringRef Record,
                                                     llvm::StringRef Field) const {
  auto R = Slots.find(Record);
  if (R == Slots.end())
    return {};
  auto F = R->second.find(Field);
  if (F == R->second.end())
    return {};
  return F->second;
}

llvm::StringRef ProgramGraph::fileOf(FunctionId F, const facts::SourceLoc &L) const {
  const facts::TUFacts &TU = tuOf(F);
  if (L.File < TU.Files.size())
    return TU.Files[L.File];
  return TU.MainFile;
}

} // namespace lockcheck::graph
