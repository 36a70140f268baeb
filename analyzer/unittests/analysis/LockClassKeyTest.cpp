//===- unittests/analysis/LockClassKeyTest.cpp - lockdep_set_class() ------===//
//
// A lock reached through a pointer field that a lockdep_set_class() site keyed
// (`&fs->quota->sem` with `&quota_key`) is of a class of its own, wherever the
// path to it is built: in the function, through a wrapper, or through an
// embedded struct after the pointer. Each ok_* function takes the keyed lock
// under another node's; its bad_* look-alike takes an unkeyed one.
//
//===----------------------------------------------------------------------===//
#include "unittests/analysis/AnalysisTestSupport.h"

using namespace lockcheck;
using namespace lockcheck::testing;

namespace {

class LockClassKeyTest : public AnalysisTest {
protected:
  void SetUp() override {
    AnalysisTest::SetUp();
    llvm::Error E = Annotations.loadBuffer("class-setters:\n"
                                           "  - macro: lockdep_set_class\n"
                                           "    lock-argument: 0\n"
                                           "    key-argument: 1\n"
                                           "    citation: test\n",
                                           "class-setters.yaml");
    ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  }
};

/// `&fs->Field->sem`, fs being parameter 0, with Embedded structs between the
/// node and its lock.
facts::ArgFact nodeLock(const std::string &Field, std::vector<facts::FieldStep> Embedded = {}) {
  std::vector<facts::FieldStep> Steps{fieldStep("fs", Field, "struct node *")};
  Steps.insert(Steps.end(), Embedded.begin(), Embedded.end());
  Steps.push_back(fieldStep("node", "sem", "rw_semaphore"));
  return paramPath(0, "fs", std::move(Steps), "&fs->" + Field + "->sem");
}

/// `fs->Field`, passed on.
facts::ArgFact nodePointer(const std::string &Field) {
  return paramPath(0, "fs", {fieldStep("fs", Field, "struct node *")}, "fs->" + Field);
}

/// `&node_lookup(fs)->sem`: a node lockcheck cannot tell from any other.
facts::ArgFact lookedUpLock() {
  facts::ArgFact A;
  A.Text = "&node_lookup(fs)->sem";
  A.Path = facts::AccessPath{facts::PathRoot::CallResult, -1, "node_lookup", "node",
                             {fieldStep("node", "sem", "rw_semaphore")}};
  return A;
}

/// `lockdep_set_class(&fs->Field->sem, Key)`.
facts::FunctionFact keying(std::string Name, const std::string &Field, facts::ArgFact Key,
                           unsigned Line) {
  FunctionBuilder B(std::move(Name), {"fs"}, Line);
  B.straight({{B.lockdepAnnotation("lockdep_set_class", {nodeLock(Field), std::move(Key)},
                                   Line + 1)}});
  return B.build();
}

facts::ArgFact globalKey(std::string Name) {
  facts::ArgFact Key = globalArg(Name, "lock_class_key");
  Key.Text = "&" + Name;
  return Key;
}

/// f(fs) { down_write(&node_lookup(fs)->sem); down_write(Lock); }
facts::FunctionFact lockUnderALookedUpNode(std::string Name, facts::ArgFact Lock, unsigned Line) {
  FunctionBuilder B(std::move(Name), {"fs"}, Line);
  B.straight({{B.direct("down_write", {lookedUpLock()}, Line + 1),
               B.direct("down_write", {std::move(Lock)}, Line + 2)}});
  return B.build();
}

/// "function: lock" of each finding, sorted.
std::vector<std::string> functions(const std::vector<report::Finding> &Findings) {
  std::vector<std::string> Out;
  for (const report::Finding &F : Findings)
    Out.push_back(F.Function + ": " + F.Lock);
  std::sort(Out.begin(), Out.end());
  return Out;
}

TEST_F(LockClassKeyTest, ALockReachedThroughAKeyedFieldIsAClassOfItsOwn) {
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {keying("fs_init", "quota", globalKey("quota_key"), 10),
                   lockUnderALookedUpNode("ok_quota", nodeLock("quota"), 20),
                   lockUnderALookedUpNode(
                       "ok_quota_in_a_container",
                       nodeLock("quota", {fieldStep("node_info", "vfs_node", "node")}), 30),
                   lockUnderALookedUpNode("bad_journal", nodeLock("journal"), 40)}));
  EXPECT_EQ(functions(Findings), std::vector<std::string>{"bad_journal: node.sem"});
}

TEST_F(LockClassKeyTest, TheKeyedLockTwiceIsReportedInItsClass) {
  FunctionBuilder Twice("bad_quota_twice", {"fs"}, 20);
  Twice.straight({{Twice.direct("down_write", {nodeLock("quota")}, 21),
                   Twice.direct("down_write", {nodeLock("quota")}, 22)}});
  std::vector<report::Finding> Findings = analyze(
      makeTU("/src/a.c", {keying("fs_init", "quota", globalKey("quota_key"), 10), Twice.build()}));
  EXPECT_EQ(functions(Findings), std::vector<std::string>{"bad_quota_twice: node.sem(quota_key)"});
}

TEST_F(LockClassKeyTest, AWrapperGivenTheKeyedPointerTakesTheKeyedClass) {
  FunctionBuilder Lock("node_lock", {"n"}, 10);
  Lock.makeStatic();
  Lock.straight({{Lock.direct(
      "down_write", {paramPath(0, "node", {fieldStep("node", "sem", "rw_semaphore")}, "&n->sem")},
      11)}});
  auto Caller = [](std::string Name, const std::string &Field, unsigned Line) {
    FunctionBuilder B(std::move(Name), {"fs"}, Line);
    B.straight({{B.direct("down_write", {lookedUpLock()}, Line + 1),
                 B.direct("node_lock", {nodePointer(Field)}, Line + 2)}});
    return B.build();
  };
  std::vector<report::Finding> Findings = analyze(
      makeTU("/src/a.c", {Lock.build(), keying("fs_init", "quota", globalKey("quota_key"), 20),
                          Caller("ok_quota", "quota", 30), Caller("bad_log", "log", 40)}));
  EXPECT_EQ(functions(Findings), std::vector<std::string>{"bad_log: node.sem"});
}

TEST_F(LockClassKeyTest, AFieldKeyedTwiceOrWithNoGlobalKeepsItsClass) {
  facts::ArgFact ParamKey = paramArg(1, "lock_class_key", "key");
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {keying("fs_init_log", "log", globalKey("log_key"), 10),
                   keying("fs_reinit_log", "log", globalKey("log_other_key"), 15),
                   keying("fs_init_journal", "journal", ParamKey, 20),
                   lockUnderALookedUpNode("bad_log", nodeLock("log"), 30),
                   lockUnderALookedUpNode("bad_journal", nodeLock("journal"), 40)}));
  EXPECT_EQ(functions(Findings),
            (std::vector<std::string>{"bad_journal: node.sem", "bad_log: node.sem"}));
}

} // namespace
