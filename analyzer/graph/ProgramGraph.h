//===- graph/ProgramGraph.h - All TUs' facts linked into one program ------===//
//
// Links functions across TUs (extern by name, static within their TU), indexes
// ops tables by struct type and field, and lists the program's entry points.
// Built once from a set of TUFacts; the result does not depend on the order
// the set was given in.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_GRAPH_PROGRAMGRAPH_H
#define LOCKCHECK_GRAPH_PROGRAMGRAPH_H

#include "facts/Facts.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck::graph {

using FunctionId = uint32_t;
using TableId = uint32_t;
constexpr TableId NoTable = ~0u;
/// A Kbuild unit: the folder of a composite object (fs/ext4/ for ext4.o; the
/// nfs, nfsv3 and nfsv4 modules share fs/nfs/), or the source file of a
/// one-file object (fs/sync.c).
using UnitId = uint32_t;
constexpr UnitId NoUnit = ~0u;

struct FunctionNode {
  unsigned TU = 0;
  const facts::FunctionFact *Fact = nullptr;
};

/// An ops table: a global struct initialised with functions, or the set of
/// fields one function assigns (`ops->f = fn`), which acts as an unnamed table.
struct OpsTable {
  std::string Name;
  std::string Record;
  unsigned TU = 0;
  /// Field name and the function stored in it, sorted by field.
  std::vector<std::pair<std::string, FunctionId>> Slots;

  std::optional<FunctionId> slot(llvm::StringRef Field) const;
};

/// One function stored in a (struct type, field) slot, and the table holding it.
struct SlotTarget {
  FunctionId Function;
  TableId Table;
};

/// A function the analysis starts from, with the table it is entered through.
struct EntryPoint {
  FunctionId Function;
  TableId Table = NoTable;
  std::string Field;
};

/// What linking found that the summary reports.
struct LinkStats {
  unsigned DuplicateDefinitions = 0;
  unsigned UnresolvedTableStores = 0;
};

class ProgramGraph {
public:
  /// Links a set of TUs. The TUs are sorted by main file first, so the graph
  /// (and everything computed from it) is the same for any input order.
  explicit ProgramGraph(std::vector<facts::TUFacts> TUs);
  ProgramGraph(const ProgramGraph &) = delete;
  ProgramGraph &operator=(const ProgramGraph &) = delete;

  llvm::ArrayRef<facts::TUFacts> tus() const { return TUs; }
  size_t functionCount() const { return Functions.size(); }
  const FunctionNode &function(FunctionId F) const { return Functions[F]; }
  const facts::FunctionFact &fact(FunctionId F) const { return *Functions[F].Fact; }
  const facts::TUFacts &tuOf(FunctionId F) const { return TUs[Functions[F].TU]; }

  size_t unitCount() const { return UnitNames.size(); }
  UnitId unitOfTU(unsigned TU) const { return TUUnits[TU]; }
  UnitId unitOfTable(TableId T) const { return TUUnits[Tables[T].TU]; }
  /// The unit whose source defines F; NoUnit for a function defined in a
  /// header, which every unit shares.
  UnitId unitOfFunction(FunctionId F) const { return FunctionUnits[F]; }
  llvm::StringRef unitName(UnitId U) const { return UnitNames[U]; }
  llvm::StringRef name(FunctionId F) const { return Functions[F].Fact->Name; }

  /// The function a name denotes inside a TU: a static one of that TU first.
  std::optional<FunctionId> resolveFunction(unsigned TU, llvm::StringRef Name) const;
  /// The direct callee of a call site when its body is in the program.
  std::optional<FunctionId> directCallee(FunctionId F, unsigned Call) const;
  /// The ops table of a record type that a global's name denotes inside a TU.
  std::optional<TableId> resolveTable(unsigned TU, llvm::StringRef Name,
                                      llvm::StringRef Record) const;

  size_t tableCount() const { return Tables.size(); }
  const OpsTable &table(TableId T) const { return Tables[T]; }
  /// Every function stored in a (struct type, field) slot, in table order.
  llvm::ArrayRef<SlotTarget> slotTargets(llvm::StringRef Record, llvm::StringRef Field) const;

  llvm::ArrayRef<EntryPoint> entryPoints() const { return Entries; }
  const LinkStats &linkStats() const { return Stats; }

  /// The file a location in a function's TU names.
  llvm::StringRef fileOf(FunctionId F, const facts::SourceLoc &L) const;

private:
  void assignUnits();
  void linkFunctions();
  void collectTables();
  void collectEntryPoints();

  std::vector<facts::TUFacts> TUs;
  std::vector<UnitId> TUUnits;
  std::vector<std::string> UnitNames;
  std::vector<FunctionNode> Functions;
  std::vector<UnitId> FunctionUnits;
  llvm::StringMap<FunctionId> Externs;
  std::vector<llvm::StringMap<FunctionId>> Statics;
  /// Per function, per call: the direct callee, or ~0u.
  std::vector<std::vector<FunctionId>> DirectCallees;
  std::vector<OpsTable> Tables;
  llvm::StringMap<TableId> ExternTables;
  std::vector<llvm::StringMap<TableId>> StaticTables;
  /// By record, then field: looked up for every call through a struct field,
  /// without building a key.
  llvm::StringMap<llvm::StringMap<std::vector<SlotTarget>>> Slots;
  std::vector<EntryPoint> Entries;
  LinkStats Stats;
};

} // namespace lockcheck::graph

#endif // LOCKCHECK_GRAPH_PROGRAMGRAPH_H
