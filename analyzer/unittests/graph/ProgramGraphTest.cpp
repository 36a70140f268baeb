//===- unittests/graph/ProgramGraphTest.cpp - Linking TUs into one program -===//
#include "graph/ProgramGraph.h"

#include "unittests/analysis/FactBuilder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

using namespace lockcheck;
using namespace lockcheck::testing;
using graph::FunctionId;
using graph::ProgramGraph;
using graph::TableId;

namespace {

/// A straight-line function calling each of Callees once, in order.
facts::FunctionFact fn(std::string Name, std::vector<std::string> Callees = {},
                       bool IsStatic = false, unsigned Line = 1) {
  FunctionBuilder B(std::move(Name), {"x"}, Line);
  if (IsStatic)
    B.makeStatic();
  std::vector<unsigned> Calls;
  unsigned L = Line;
  for (std::string &C : Callees)
    Calls.push_back(B.direct(std::move(C), {paramArg(0, "obj", "x")}, ++L));
  B.straight({Calls});
  return B.build();
}

/// The id of the function Name defined in the TU with main file MainFile.
FunctionId idOf(const ProgramGraph &G, llvm::StringRef MainFile, llvm::StringRef Name) {
  for (FunctionId F = 0; F < G.functionCount(); ++F)
    if (G.name(F) == Name && G.tuOf(F).MainFile == MainFile)
      return F;
  ADD_FAILURE() << "no function '" << Name.str() << "' from " << MainFile.str();
  return ~0u;
}

/// The TU index of the TU with main file MainFile.
unsigned tuIndex(const ProgramGraph &G, llvm::StringRef MainFile) {
  for (unsigned T = 0; T < G.tus().size(); ++T)
    if (G.tus()[T].MainFile == MainFile)
      return T;
  ADD_FAILURE() << "no TU " << MainFile.str();
  return 0;
}

/// "function" for an uncalled entry, "function@table.field" for a table method.
std::vector<std::string> entryNames(const ProgramGraph &G) {
  std::vector<std::string> Out;
  for (const graph::EntryPoint &E : G.entryPoints()) {
    std::string S = G.name(E.Function).str();
    if (E.Table != graph::NoTable)
      S += "@" + G.table(E.Table).Name + "." + E.Field;
    else
      EXPECT_TRUE(E.Field.empty());
    Out.push_back(S);
  }
  return Out;
}

std::vector<std::string> functionNamesById(const ProgramGraph &G) {
  std::vector<std::string> Out;
  for (FunctionId F = 0; F < G.functionCount(); ++F)
    Out.push_back(G.tuOf(F).MainFile + ":" + G.name(F).str());
  return Out;
}

TEST(ProgramGraphTest, ExternCallsLinkByNameAcrossTUs) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {fn("caller", {"helper_ext", "printk"})}));
  TUs.push_back(makeTU("/src/b.c", {fn("helper_ext")}));
  ProgramGraph G(std::move(TUs));
  ASSERT_EQ(G.functionCount(), 2u);
  FunctionId Caller = idOf(G, "/src/a.c", "caller");
  EXPECT_EQ(G.directCallee(Caller, 0), idOf(G, "/src/b.c", "helper_ext"));
  // No body in the program: no callee.
  EXPECT_EQ(G.directCallee(Caller, 1), std::nullopt);
  EXPECT_EQ(G.linkStats().DuplicateDefinitions, 0u);
}

TEST(ProgramGraphTest, KbuildUnitsAreCompositeFoldersOrSingleFiles) {
  std::vector<facts::TUFacts> TUs;
  auto Add = [&](const char *MainFile, const char *Module) {
    TUs.push_back(makeTU(MainFile, {}));
    TUs.back().ModuleName = Module;
  };
  Add("/src/fs/ext4/inode.c", "ext4");
  Add("/src/fs/ext4/file.c", "ext4");
  Add("/src/fs/nfs/nfs4proc.c", "nfsv4"); // nfs and nfsv4 share fs/nfs/
  Add("/src/fs/nfs/file.c", "nfs");
  Add("/src/fs/sync.c", "sync");
  Add("/src/fs/namei.c", "namei");
  Add("/src/fs/other.c", ""); // no Kbuild: a unit of its own
  ProgramGraph G(std::move(TUs));
  auto Unit = [&](const char *MainFile) {
    return G.unitName(G.unitOfTU(tuIndex(G, MainFile))).str();
  };
  EXPECT_EQ(Unit("/src/fs/ext4/inode.c"), "/src/fs/ext4");
  EXPECT_EQ(Unit("/src/fs/ext4/file.c"), "/src/fs/ext4");
  EXPECT_EQ(Unit("/src/fs/nfs/nfs4proc.c"), "/src/fs/nfs");
  EXPECT_EQ(Unit("/src/fs/nfs/file.c"), "/src/fs/nfs");
  EXPECT_EQ(Unit("/src/fs/sync.c"), "/src/fs/sync.c");
  EXPECT_EQ(Unit("/src/fs/namei.c"), "/src/fs/namei.c");
  EXPECT_EQ(Unit("/src/fs/other.c"), "/src/fs/other.c");
  EXPECT_EQ(G.unitCount(), 5u);
}

TEST(ProgramGraphTest, StaticFunctionsResolveWithinTheirTU) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {fn("helper", {}, /*IsStatic=*/true), fn("a_fn", {"helper"})}));
  TUs.push_back(makeTU("/src/b.c", {fn("helper", {}, true), fn("b_fn", {"helper"})}));
  TUs.push_back(makeTU("/src/c.c", {fn("c_fn", {"helper"})}));
  ProgramGraph G(std::move(TUs));
  ASSERT_EQ(G.functionCount(), 5u);
  FunctionId HelperA = idOf(G, "/src/a.c", "helper"), HelperB = idOf(G, "/src/b.c", "helper");
  EXPECT_NE(HelperA, HelperB);
  EXPECT_EQ(G.directCallee(idOf(G, "/src/a.c", "a_fn"), 0), HelperA);
  EXPECT_EQ(G.directCallee(idOf(G, "/src/b.c", "b_fn"), 0), HelperB);
  // Another TU cannot see either static.
  EXPECT_EQ(G.directCallee(idOf(G, "/src/c.c", "c_fn"), 0), std::nullopt);
  EXPECT_EQ(G.resolveFunction(tuIndex(G, "/src/c.c"), "helper"), std::nullopt);
  // Two statics of one name are not duplicate definitions.
  EXPECT_EQ(G.linkStats().DuplicateDefinitions, 0u);
}

TEST(ProgramGraphTest, StaticShadowsExternOfTheSameName) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {fn("helper", {}, true), fn("a_fn", {"helper"})}));
  TUs.push_back(makeTU("/src/b.c", {fn("helper"), fn("b_fn", {"helper"})}));
  ProgramGraph G(std::move(TUs));
  EXPECT_EQ(G.directCallee(idOf(G, "/src/a.c", "a_fn"), 0), idOf(G, "/src/a.c", "helper"));
  EXPECT_EQ(G.directCallee(idOf(G, "/src/b.c", "b_fn"), 0), idOf(G, "/src/b.c", "helper"));
}

TEST(ProgramGraphTest, DuplicateExternDefinitionsAreCountedFirstFileWins) {
  std::vector<facts::TUFacts> TUs;
  // Given in reverse: the first TU by main file, a.c, supplies the body.
  TUs.push_back(makeTU("/src/c.c", {fn("dup", {}, false, 30), fn("user", {"dup"})}));
  TUs.push_back(makeTU("/src/b.c", {fn("dup", {}, false, 20)}));
  TUs.push_back(makeTU("/src/a.c", {fn("dup", {}, false, 10)}));
  ProgramGraph G(std::move(TUs));
  EXPECT_EQ(G.linkStats().DuplicateDefinitions, 2u);
  ASSERT_EQ(G.functionCount(), 2u);
  std::optional<FunctionId> Dup = G.directCallee(idOf(G, "/src/c.c", "user"), 0);
  ASSERT_TRUE(Dup.has_value());
  EXPECT_EQ(G.tuOf(*Dup).MainFile, "/src/a.c");
  EXPECT_EQ(G.fact(*Dup).Loc.Line, 10u);
}

TEST(ProgramGraphTest, GlobalTablesFromInitializers) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {fn("a_write_iter"), fn("a_fsync"), fn("a_open")},
                       {tableStore("a_fops", "file_operations", "write_iter", "a_write_iter"),
                        tableStore("a_fops", "file_operations", "fsync", "a_fsync"),
                        tableStore("a_fops", "file_operations", "open", "a_open")}));
  ProgramGraph G(std::move(TUs));
  ASSERT_EQ(G.tableCount(), 1u);
  const graph::OpsTable &T = G.table(0);
  EXPECT_EQ(T.Name, "a_fops");
  EXPECT_EQ(T.Record, "file_operations");
  EXPECT_EQ(T.TU, tuIndex(G, "/src/a.c"));
  // Slots are sorted by field, whatever the initializer order.
  std::vector<std::string> Fields;
  for (const auto &[Field, Fn] : T.Slots)
    Fields.push_back(Field);
  EXPECT_EQ(Fields, (std::vector<std::string>{"fsync", "open", "write_iter"}));
  EXPECT_EQ(T.slot("fsync"), idOf(G, "/src/a.c", "a_fsync"));
  EXPECT_EQ(T.slot("write_iter"), idOf(G, "/src/a.c", "a_write_iter"));
  EXPECT_EQ(T.slot("open"), idOf(G, "/src/a.c", "a_open"));
  EXPECT_EQ(T.slot("read_iter"), std::nullopt);
  EXPECT_EQ(T.slot("a"), std::nullopt);
  EXPECT_EQ(T.slot("z"), std::nullopt);
}

TEST(ProgramGraphTest, AssignmentsInAFunctionFormOneTable) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/x.c", {fn("x_fsync"), fn("x_open"), fn("x_init")},
                       {assignStore("x_init", "file_operations", "fsync", "x_fsync"),
                        assignStore("x_init", "file_operations", "open", "x_open")}));
  ProgramGraph G(std::move(TUs));
  ASSERT_EQ(G.tableCount(), 1u);
  EXPECT_EQ(G.table(0).Name, "x_init()");
  EXPECT_EQ(G.table(0).Record, "file_operations");
  EXPECT_EQ(G.table(0).slot("fsync"), idOf(G, "/src/x.c", "x_fsync"));
  EXPECT_EQ(G.table(0).slot("open"), idOf(G, "/src/x.c", "x_open"));
  // An assignment table has no global name to resolve.
  EXPECT_EQ(G.resolveTable(0, "x_init()", "file_operations"), std::nullopt);
  EXPECT_EQ(G.resolveTable(0, "x_init", "file_operations"), std::nullopt);
}

TEST(ProgramGraphTest, SlotTargetsSpanEveryTable) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {fn("a_fsync"), fn("a_write_iter")},
                       {tableStore("a_fops", "file_operations", "fsync", "a_fsync"),
                        tableStore("a_fops", "file_operations", "write_iter", "a_write_iter")}));
  TUs.push_back(makeTU("/src/b.c", {fn("b_fsync"), fn("b_init")},
                       {tableStore("b_fops", "file_operations", "fsync", "b_fsync", true),
                        assignStore("b_init", "file_operations", "fsync", "b_fsync")}));
  TUs.push_back(makeTU("/src/c.c", {fn("c_sync_fs")},
                       {tableStore("c_sops", "super_operations", "fsync", "c_sync_fs")}));
  ProgramGraph G(std::move(TUs));
  ASSERT_EQ(G.tableCount(), 4u);
  llvm::ArrayRef<graph::SlotTarget> Fsync = G.slotTargets("file_operations", "fsync");
  ASSERT_EQ(Fsync.size(), 3u);
  // In table order; each target names its own table.
  std::vector<std::string> Seen;
  for (const graph::SlotTarget &T : Fsync)
    Seen.push_back(G.table(T.Table).Name + ":" + G.name(T.Function).str());
  EXPECT_EQ(Seen, (std::vector<std::string>{"a_fops:a_fsync", "b_fops:b_fsync",
                                            "b_init():b_fsync"}));
  EXPECT_LT(Fsync[0].Table, Fsync[1].Table);
  EXPECT_LT(Fsync[1].Table, Fsync[2].Table);
  // The same field of another struct type is another slot.
  ASSERT_EQ(G.slotTargets("super_operations", "fsync").size(), 1u);
  EXPECT_EQ(G.slotTargets("super_operations", "fsync")[0].Function,
            idOf(G, "/src/c.c", "c_sync_fs"));
  EXPECT_TRUE(G.slotTargets("file_operations", "read_iter").empty());
  EXPECT_TRUE(G.slotTargets("inode_operations", "fsync").empty());
}

TEST(ProgramGraphTest, ResolveTableByNameAndRecord) {
  std::vector<facts::TUFacts> TUs;
  // x_ops holds a nested struct of another record under the same global name.
  TUs.push_back(makeTU("/src/a.c", {fn("x_write"), fn("x_end_io"), fn("s_fsync", {}, true)},
                       {tableStore("x_ops", "file_operations", "write_iter", "x_write"),
                        tableStore("x_ops", "iomap_dio_ops", "end_io", "x_end_io"),
                        tableStore("s_fops", "file_operations", "fsync", "s_fsync", true)}));
  TUs.push_back(makeTU("/src/b.c", {fn("b_fsync", {}, true)},
                       {tableStore("s_fops", "file_operations", "fsync", "b_fsync", true)}));
  TUs.push_back(makeTU("/src/c.c", {fn("c_fn")}));
  ProgramGraph G(std::move(TUs));
  unsigned A = tuIndex(G, "/src/a.c"), B = tuIndex(G, "/src/b.c");
  std::optional<TableId> Outer = G.resolveTable(A, "x_ops", "file_operations");
  std::optional<TableId> Inner = G.resolveTable(A, "x_ops", "iomap_dio_ops");
  ASSERT_TRUE(Outer && Inner);
  EXPECT_NE(*Outer, *Inner);
  EXPECT_EQ(G.table(*Outer).slot("write_iter"), idOf(G, "/src/a.c", "x_write"));
  EXPECT_EQ(G.table(*Inner).slot("end_io"), idOf(G, "/src/a.c", "x_end_io"));
  // An extern table is visible from every TU; a record it does not have is not.
  EXPECT_EQ(G.resolveTable(B, "x_ops", "file_operations"), Outer);
  EXPECT_EQ(G.resolveTable(A, "x_ops", "inode_operations"), std::nullopt);
  // Static tables of one name stay in their TU.
  std::optional<TableId> SA = G.resolveTable(A, "s_fops", "file_operations");
  std::optional<TableId> SB = G.resolveTable(B, "s_fops", "file_operations");
  ASSERT_TRUE(SA && SB);
  EXPECT_NE(*SA, *SB);
  EXPECT_EQ(G.table(*SA).slot("fsync"), idOf(G, "/src/a.c", "s_fsync"));
  EXPECT_EQ(G.table(*SB).slot("fsync"), idOf(G, "/src/b.c", "b_fsync"));
  EXPECT_EQ(G.resolveTable(tuIndex(G, "/src/c.c"), "s_fops", "file_operations"), std::nullopt);
  EXPECT_EQ(G.resolveTable(tuIndex(G, "/src/c.c"), "x_ops", "iomap_dio_ops"), Inner);
}

TEST(ProgramGraphTest, StoresOfUnknownFunctionsAreCounted) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {fn("a_fsync")},
                       {tableStore("a_fops", "file_operations", "fsync", "a_fsync"),
                        tableStore("a_fops", "file_operations", "llseek", "generic_file_llseek"),
                        assignStore("a_init", "file_operations", "open", "nonexistent_open")}));
  ProgramGraph G(std::move(TUs));
  EXPECT_EQ(G.linkStats().UnresolvedTableStores, 2u);
  ASSERT_EQ(G.tableCount(), 1u);
  EXPECT_EQ(G.table(0).Slots.size(), 1u);
}

TEST(ProgramGraphTest, EntryPoints) {
  std::vector<facts::TUFacts> TUs;
  // register_cb passes a_callback to run_cb, which calls its parameter.
  FunctionBuilder Cb("register_cb", {"x"}, 40);
  Cb.straight({{Cb.direct("run_cb", {fnArg("a_callback")}, 41)}});
  FunctionBuilder Run("run_cb", {"fn"}, 45);
  Run.straight({{Run.throughParam(0, "fn", {}, 46)}});
  TUs.push_back(makeTU(
      "/src/a.c",
      {fn("a_write_iter", {"a_helper"}), fn("a_helper", {"a_leaf"}), fn("a_leaf"),
       fn("a_fsync", {"a_leaf"}), fn("a_recurse", {"a_recurse"}), fn("a_callback"), Cb.build(),
       Run.build(), fn("a_unused", {}, true)},
      {tableStore("a_fops", "file_operations", "write_iter", "a_write_iter"),
       tableStore("a_fops", "file_operations", "fsync", "a_fsync"),
       tableStore("b_fops", "file_operations", "fsync", "a_fsync")}));
  ProgramGraph G(std::move(TUs));
  // Table methods with their table and field (a_fsync once per table); uncalled
  // functions, including a self-recursive one and a static one; never a
  // function something calls, nor a callback passed to a function in the
  // program (it is reached through that call). Sorted by name.
  EXPECT_EQ(entryNames(G),
            (std::vector<std::string>{"a_fsync@a_fops.fsync", "a_fsync@b_fops.fsync",
                                      "a_recurse", "a_unused", "a_write_iter@a_fops.write_iter",
                                      "register_cb"}));
}

TEST(ProgramGraphTest, TableMethodThatIsAlsoCalledIsEnteredOnlyThroughItsTable) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {fn("a_fsync"), fn("a_direct", {"a_fsync"})},
                       {tableStore("a_fops", "file_operations", "fsync", "a_fsync")}));
  ProgramGraph G(std::move(TUs));
  EXPECT_EQ(entryNames(G), (std::vector<std::string>{"a_direct", "a_fsync@a_fops.fsync"}));
}

/// Three TUs with statics, externs, duplicates and tables of each kind.
std::vector<facts::TUFacts> orderTestTUs() {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {fn("helper", {}, true), fn("a_fsync", {"helper", "shared"}),
                                    fn("dup", {}, false, 11)},
                       {tableStore("a_fops", "file_operations", "fsync", "a_fsync")}));
  TUs.push_back(makeTU("/src/b.c", {fn("helper", {}, true), fn("b_fsync", {"helper"}),
                                    fn("shared"), fn("dup", {}, false, 22), fn("b_init")},
                       {tableStore("b_fops", "file_operations", "fsync", "b_fsync", true),
                        assignStore("b_init", "file_operations", "fsync", "b_fsync")}));
  TUs.push_back(makeTU("/src/c.c", {fn("c_main", {"dup", "shared"}), fn("dup", {}, false, 33)},
                       {tableStore("c_fops", "file_operations", "fsync", "a_fsync")}));
  return TUs;
}

TEST(ProgramGraphTest, IndependentOfTUOrder) {
  std::vector<facts::TUFacts> Forward = orderTestTUs(), Backward = orderTestTUs(),
                              Rotated = orderTestTUs();
  std::reverse(Backward.begin(), Backward.end());
  std::rotate(Rotated.begin(), Rotated.begin() + 1, Rotated.end());
  ProgramGraph G1(std::move(Forward)), G2(std::move(Backward)), G3(std::move(Rotated));
  for (const ProgramGraph *G : {&G2, &G3}) {
    EXPECT_EQ(functionNamesById(*G), functionNamesById(G1));
    EXPECT_EQ(entryNames(*G), entryNames(G1));
    ASSERT_EQ(G->tableCount(), G1.tableCount());
    for (TableId T = 0; T < G1.tableCount(); ++T) {
      EXPECT_EQ(G->table(T).Name, G1.table(T).Name);
      EXPECT_EQ(G->table(T).Slots, G1.table(T).Slots);
    }
    for (FunctionId F = 0; F < G1.functionCount(); ++F)
      for (unsigned C = 0; C < G1.fact(F).Calls.size(); ++C)
        EXPECT_EQ(G->directCallee(F, C), G1.directCallee(F, C));
    EXPECT_EQ(G->linkStats().DuplicateDefinitions, 2u);
  }
  // The sanity of what was compared: a.c's dup is the one kept.
  EXPECT_EQ(G1.fact(*G1.directCallee(idOf(G1, "/src/c.c", "c_main"), 0)).Loc.Line, 11u);
}

// Regression: two TUs of one main file (one file built twice) are ordered by
// their facts, so which body stands for a duplicated extern does not depend
// on the order the TUs were given in.
TEST(ProgramGraphTest, SameMainFileTwiceIsIndependentOfTUOrder) {
  auto Make = [] {
    std::vector<facts::TUFacts> TUs;
    TUs.push_back(makeTU("/src/a.c", {fn("f", {"config_a_only"}, false, 10)}));
    TUs.push_back(makeTU("/src/a.c", {fn("f", {}, false, 20)}));
    return TUs;
  };
  std::vector<facts::TUFacts> Backward = Make();
  std::reverse(Backward.begin(), Backward.end());
  ProgramGraph G1(Make()), G2(std::move(Backward));
  ASSERT_EQ(G1.functionCount(), 1u);
  ASSERT_EQ(G2.functionCount(), 1u);
  EXPECT_EQ(G1.fact(0).Loc.Line, G2.fact(0).Loc.Line);
}

TEST(ProgramGraphTest, FileOfALocation) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {fn("a_fn", {"x"})}));
  TUs[0].Files.push_back("/src/include/linux/fs.h");
  ProgramGraph G(std::move(TUs));
  EXPECT_EQ(G.fileOf(0, facts::SourceLoc{1, 5, 1}), "/src/include/linux/fs.h");
  EXPECT_EQ(G.fileOf(0, facts::SourceLoc{0, 5, 1}), "/src/a.c");
  // An index past the table falls back to the main file.
  EXPECT_EQ(G.fileOf(0, facts::SourceLoc{7, 5, 1}), "/src/a.c");
}

} // namespace
