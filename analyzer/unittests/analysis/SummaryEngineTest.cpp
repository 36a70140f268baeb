//===- unittests/analysis/SummaryEngineTest.cpp - Lock states and summaries ===//
//
// Intraprocedural lock sets, wrappers summarised across TUs, constant-argument
// contexts, trylocks and _nested subclasses, each as a bad_* function next to
// an ok_* look-alike that differs in the one detail the analysis must notice.
// Ops tables, callbacks, recursion and determinism: OpsTableContextTest.cpp.
//
//===----------------------------------------------------------------------===//
#include "unittests/analysis/AnalysisTestSupport.h"

using namespace lockcheck;
using namespace lockcheck::testing;

namespace {

using Kinds = std::vector<std::string>;
const char *const Recursive = "acquiring 'obj.lock' that is already held";

/// f(o) { Callee(Arg) at each line, in order }: a straight-line body.
facts::FunctionFact straightLine(std::string Name, unsigned Line,
                                 std::vector<std::pair<std::string, facts::ArgFact>> Calls) {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  std::vector<unsigned> Ids;
  unsigned L = Line;
  for (auto &[Callee, Arg] : Calls)
    Ids.push_back(B.direct(Callee, {Arg}, ++L));
  B.straight({Ids});
  return B.build();
}

using SummaryEngineTest = AnalysisTest;

TEST_F(SummaryEngineTest, DirectDoubleDownWriteWarns) {
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {straightLine("bad_double", 10, {{"down_write", objLock()},
                                                   {"down_write", objLock()}})}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  const report::Finding &F = Findings[0];
  EXPECT_EQ(F.Checker, "recursive-lock");
  EXPECT_EQ(F.Severity, "warning");
  EXPECT_EQ(F.Message, Recursive);
  EXPECT_EQ(F.Lock, "obj.lock");
  EXPECT_EQ(F.Function, "bad_double");
  EXPECT_EQ(F.File, "/src/a.c");
  EXPECT_EQ(F.Line, 12u);
  EXPECT_EQ(F.Column, FunctionBuilder::Column);
  ASSERT_EQ(kinds(F), (Kinds{"entry", "acquire", "reacquire"})) << describe(Findings);
  expectStep(F.Trace[0], "entry", "bad_double", "/src/a.c", 10, "entry point 'bad_double'");
  expectStep(F.Trace[1], "acquire", "bad_double", "/src/a.c", 11, "'obj.lock' acquired here");
  expectStep(F.Trace[2], "reacquire", "bad_double", "/src/a.c", 12, Recursive);
}

TEST_F(SummaryEngineTest, SharedAfterExclusiveWarns) {
  // A waiting writer blocks the second reader: any mode after any mode counts.
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {straightLine("bad_read_after_write", 10,
                                {{"down_write", objLock()}, {"down_read", objLock()}})}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Line, 12u);
}

TEST_F(SummaryEngineTest, ReleaseBetweenAcquisitionsIsSilent) {
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c",
      {straightLine("ok_relock", 10,
                    {{"down_write", objLock()}, {"up_write", objLock()}, {"down_write", objLock()}}),
       straightLine("ok_two_locks", 20,
                    {{"down_write", objLock()}, {"down_write", objLock("other")}}),
       straightLine("bad_other_released", 30,
                    {{"down_write", objLock()}, {"up_write", objLock("other")},
                     {"down_write", objLock()}})}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_other_released");
  EXPECT_EQ(Findings[0].Line, 33u);
}

/// f(o, c) { if (c) Callee(&o->lock) [else Callee(&o->lock)]; down_write(&o->lock); }
facts::FunctionFact lockOnBranches(std::string Name, unsigned Line, bool BothBranches) {
  FunctionBuilder B(std::move(Name), {"o", "c"}, Line);
  unsigned Test = B.block();
  unsigned Then = B.block({B.direct("down_write", {objLock()}, Line + 2)});
  unsigned Else = BothBranches ? B.block({B.direct("down_write", {objLock()}, Line + 4)})
                               : B.block();
  unsigned Join = B.block({B.direct("down_write", {objLock()}, Line + 6)});
  B.edge(B.entry(), Test);
  B.branch(Test, paramMask(1, -1), Then, Else);
  B.edge(Then, Join);
  B.edge(Else, Join);
  B.edge(Join, B.exit());
  return B.build();
}

TEST_F(SummaryEngineTest, LockHeldOnOneBranchIsNotHeldAfterTheJoin) {
  // Held means held on every path: only the function locking on both
  // branches warns, at the acquisition after the join.
  std::vector<report::Finding> Findings = analyze(
      makeTU("/src/a.c", {lockOnBranches("ok_one_branch", 10, false),
                          lockOnBranches("bad_both_branches", 20, true)}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_both_branches");
  EXPECT_EQ(Findings[0].Line, 26u);
}

TEST_F(SummaryEngineTest, WrapperInAnotherTUWarnsAtTheOuterCall) {
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/lock.c", {straightLine("lock_obj", 3, {{"down_write", objLock()}}),
                                       straightLine("unlock_obj", 6, {{"up_write", objLock()}})}));
  TUs.push_back(makeTU(
      "/src/a.c",
      {straightLine("bad_wrapper_twice", 10, {{"lock_obj", obj()}, {"lock_obj", obj()}}),
       straightLine("ok_wrapper_unlocked", 20,
                    {{"lock_obj", obj()}, {"unlock_obj", obj()}, {"lock_obj", obj()}})}));
  std::vector<report::Finding> Findings = analyze(std::move(TUs));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  const report::Finding &F = Findings[0];
  // The wrapper returns holding the lock, so the reader's acquisition is the
  // outer call, not the down_write() inside it.
  EXPECT_EQ(F.Function, "bad_wrapper_twice");
  EXPECT_EQ(F.File, "/src/a.c");
  EXPECT_EQ(F.Line, 12u);
  ASSERT_EQ(kinds(F), (Kinds{"entry", "acquire", "call", "reacquire", "call"}))
      << describe(Findings);
  expectStep(F.Trace[0], "entry", "bad_wrapper_twice", "/src/a.c", 10,
             "entry point 'bad_wrapper_twice'");
  expectStep(F.Trace[1], "acquire", "bad_wrapper_twice", "/src/a.c", 11,
             "'obj.lock' acquired here");
  expectStep(F.Trace[2], "call", "lock_obj", "/src/lock.c", 4, "calling 'down_write'");
  expectStep(F.Trace[3], "reacquire", "bad_wrapper_twice", "/src/a.c", 12, Recursive);
  expectStep(F.Trace[4], "call", "lock_obj", "/src/lock.c", 4, "calling 'down_write'");
}

TEST_F(SummaryEngineTest, LockParameterWrapperComposesAtTheCallSite) {
  // sem_lock(struct rw_semaphore *s) { down_write(s); }: the lock is known
  // only once the caller passes &o->lock.
  facts::ArgFact Sem = paramArg(0, "rw_semaphore", "s");
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {straightLine("sem_lock", 3, {{"down_write", Sem}}),
                   straightLine("bad_sem", 10, {{"sem_lock", objLock()}, {"down_write", objLock()}}),
                   straightLine("ok_sem", 20, {{"sem_lock", objLock()},
                                               {"down_write", objLock("other")}})}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_sem");
  EXPECT_EQ(Findings[0].Lock, "obj.lock");
  EXPECT_EQ(Findings[0].Line, 12u);
  EXPECT_EQ(kinds(Findings[0]), (Kinds{"entry", "acquire", "call", "reacquire"}));
}

// Regression: inside a wrapper given its lock as a parameter, a second
// acquisition of that lock is kept in the summary and reported once the
// caller's argument names the lock (sem_twice(&o->lock)).
TEST_F(SummaryEngineTest, LockParameterTakenTwiceInsideWrappersWarns) {
  facts::ArgFact Sem = paramArg(0, "rw_semaphore", "s");
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c",
      {straightLine("sem_lock", 3, {{"down_write", Sem}}),
       straightLine("sem_twice", 5, {{"down_write", Sem}, {"down_write", Sem}}),
       straightLine("sem_outer", 8, {{"down_write", Sem}, {"sem_lock", Sem}, {"up_write", Sem}}),
       straightLine("bad_twice", 20, {{"sem_twice", objLock()}}),
       straightLine("bad_outer", 30, {{"sem_outer", objLock()}})}));
  ASSERT_EQ(Findings.size(), 2u) << describe(Findings);
  EXPECT_EQ(Findings[0].Lock, "obj.lock");
  EXPECT_EQ(Findings[1].Lock, "obj.lock");
}

/// obj_ilock(o, flags), shaped like xfs_ilock(): flag 1 takes i_iolock
/// exclusive, flag 8 takes i_mmaplock shared.
facts::FunctionFact objIlock() {
  FunctionBuilder B("obj_ilock", {"o", "lock_flags"}, 30);
  unsigned TestIo = B.block();
  unsigned Io = B.block({B.direct("down_write", {objLock("i_iolock")}, 32)});
  unsigned TestMmap = B.block();
  unsigned Mmap = B.block({B.direct("down_read", {objLock("i_mmaplock")}, 34)});
  B.edge(B.entry(), TestIo);
  B.branch(TestIo, paramMask(1, 1), Io, TestMmap);
  B.edge(Io, TestMmap);
  B.branch(TestMmap, paramMask(1, 8), Mmap, B.exit());
  B.edge(Mmap, B.exit());
  return B.build();
}

/// obj_lock_mode(o, mode) { if (mode == 2) down_write(&o->i_iolock); }
facts::FunctionFact objLockMode() {
  FunctionBuilder B("obj_lock_mode", {"o", "mode"}, 60);
  unsigned Test = B.block();
  unsigned Lock = B.block({B.direct("down_write", {objLock("i_iolock")}, 62)});
  B.edge(B.entry(), Test);
  B.branch(Test, paramEquals(1, 2), Lock, B.exit());
  B.edge(Lock, B.exit());
  return B.build();
}

/// Name(o) { Callee(o, First); Callee(o, Second); }
facts::FunctionFact callWithFlags(std::string Name, unsigned Line, std::string Callee,
                                  int64_t First, int64_t Second) {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  B.straight({{B.direct(Callee, {obj(), intArg(First)}, Line + 1),
               B.direct(Callee, {obj(), intArg(Second)}, Line + 2)}});
  return B.build();
}

TEST_F(SummaryEngineTest, FlagsWrapperIsSummarisedPerConstant) {
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {objIlock(), objLockMode(),
                   // The shared-mmap flag does not take i_iolock again.
                   callWithFlags("ok_io_then_mmap", 40, "obj_ilock", 1, 8),
                   callWithFlags("bad_io_twice", 50, "obj_ilock", 1, 1),
                   callWithFlags("ok_mode_other", 70, "obj_lock_mode", 2, 3),
                   callWithFlags("bad_mode_twice", 80, "obj_lock_mode", 2, 2)}));
  report::sortAndDeduplicate(Findings);
  ASSERT_EQ(Findings.size(), 2u) << describe(Findings);
  const report::Finding &Io = Findings[0], &Mode = Findings[1];
  EXPECT_EQ(Io.Function, "bad_io_twice");
  EXPECT_EQ(Io.Lock, "obj.i_iolock");
  EXPECT_EQ(Io.Line, 52u);
  ASSERT_EQ(kinds(Io), (Kinds{"entry", "acquire", "call", "reacquire", "call"}))
      << describe(Findings);
  // Both notes inside the wrapper show the down_write() branch.
  EXPECT_EQ(Io.Trace[2].Line, 32u);
  EXPECT_EQ(Io.Trace[4].Line, 32u);
  EXPECT_EQ(Mode.Function, "bad_mode_twice");
  EXPECT_EQ(Mode.Line, 82u);
}

/// obj_lock_if_five(o, it) { if (it->flags == 5) down_write(&o->lock); }
facts::FunctionFact objLockIfFive() {
  FunctionBuilder Callee("obj_lock_if_five", {"o", "it"}, 20);
  unsigned Test = Callee.block();
  unsigned Lock = Callee.block({Callee.direct("down_write", {objLock()}, 22)});
  facts::ConditionFact FlagsIsFive;
  FlagsIsFive.K = facts::ConditionFact::Kind::ParamFieldEquals;
  FlagsIsFive.Param = 1;
  FlagsIsFive.Var = "flags";
  FlagsIsFive.Value = 5;
  Callee.edge(Callee.entry(), Test);
  Callee.branch(Test, FlagsIsFive, Lock, Callee.exit());
  Callee.edge(Lock, Callee.exit());
  return Callee.build();
}

/// Name(o) { struct iter it = {...}; down_write(&o->lock); Callee(o, &it);
/// up_write(&o->lock); } where the frontend found it.flags to have Bits.
facts::FunctionFact callWithFlagBits(std::string Name, unsigned Line, facts::FieldBits Bits,
                                     std::string Callee = "obj_lock_if_five") {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  facts::ArgFact Iter;
  Iter.Text = "&it";
  Iter.Path = facts::AccessPath{facts::PathRoot::Local, -1, "it", "iter", {}};
  Iter.FieldValues = {std::move(Bits)};
  B.straight({{B.direct("down_write", {objLock()}, Line + 1),
               B.direct(std::move(Callee), {obj(), Iter}, Line + 2),
               B.direct("up_write", {objLock()}, Line + 3)}});
  return B.build();
}

TEST_F(SummaryEngineTest, KnownBitsOfALocalStructFieldDecideAnEqualsTest) {
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c",
      {objLockIfFive(),
       // Exactly 4.
       callWithFlagBits("ok_exact", 40, facts::FieldBits::constant("flags", 4)),
       // 0x10, maybe with 0x1: never 5, whose 0x4 is known zero.
       callWithFlagBits("ok_bit_known_zero", 50, {"flags", 0x10, ~uint64_t(0x11)}),
       // 0x4, maybe with 0x1: 5 is one of the two.
       callWithFlagBits("bad_may_be_five", 60, {"flags", 0x4, ~uint64_t(0x5)}),
       // Nothing known of bit 0x1 and above 0x4: may be 5.
       callWithFlagBits("bad_high_bits_unknown", 70, {"flags", 0x4, 0x2})}));
  report::sortAndDeduplicate(Findings);
  ASSERT_EQ(Findings.size(), 2u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "obj_lock_if_five");
  EXPECT_EQ(Findings[0].Trace.front().Function, "bad_may_be_five");
  EXPECT_EQ(Findings[1].Trace.front().Function, "bad_high_bits_unknown");
}

/// Name(o, it) { obj_lock_if_five(o, it); }, where the argument `it` carries
/// Stored: what the body's own stores through `it` left of its fields.
facts::FunctionFact forwardIter(std::string Name, unsigned Line,
                                std::vector<facts::FieldBits> Stored) {
  FunctionBuilder B(std::move(Name), {"o", "it"}, Line);
  facts::ArgFact It = paramArg(1, "iter", "it");
  It.FieldValues = std::move(Stored);
  B.straight({{B.direct("obj_lock_if_five", {obj(), It}, Line + 1)}});
  return B.build();
}

TEST_F(SummaryEngineTest, FieldsStoredThroughAParameterOverrideTheCallersContext) {
  // Each entry holds o's lock and passes `&it` with flags == 4; the function
  // in between forwards `it` to obj_lock_if_five, which locks if flags == 5.
  auto Entry = [](std::string Name, unsigned Line, std::string Forward) {
    return callWithFlagBits(std::move(Name), Line, facts::FieldBits::constant("flags", 4),
                            std::move(Forward));
  };
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c",
      {objLockIfFive(),
       // Stores nothing: the caller's 4 holds.
       forwardIter("forward_unchanged", 30, {}),
       Entry("ok_forwarded", 40, "forward_unchanged"),
       // `it->flags &= 5; it->flags |= 4;`: 4 or 5, whatever the caller
       // passed. The caller's 4 would decide the test; the stores leave it open.
       forwardIter("forward_may_set_five", 50, {{"flags", 0x4, ~uint64_t(0x5)}}),
       Entry("bad_may_set_five", 60, "forward_may_set_five")}));
  report::sortAndDeduplicate(Findings);
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Trace.front().Function, "bad_may_set_five");
}

/// Name(o) { if (!Try(TryArg)) return; Lock(LockArg); } when LockOnNonZero,
/// else `if (Try(TryArg)) return; Lock(LockArg);`.
facts::FunctionFact testThenLock(std::string Name, unsigned Line, bool LockOnNonZero,
                                 std::string Try = "down_write_trylock",
                                 facts::ArgFact TryArg = objLock(),
                                 std::string Lock = "down_write",
                                 facts::ArgFact LockArg = objLock()) {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  unsigned Test = B.block({B.direct(std::move(Try), {std::move(TryArg)}, Line + 1)});
  unsigned Ret = B.block();
  unsigned Locked = B.block({B.direct(std::move(Lock), {std::move(LockArg)}, Line + 3)});
  B.edge(B.entry(), Test);
  if (LockOnNonZero)
    B.branch(Test, callResult(0), Locked, Ret);
  else
    B.branch(Test, callResult(0), Ret, Locked);
  B.returns(Ret, returnKind(facts::ReturnFact::Kind::Void));
  B.edge(Ret, B.exit());
  B.edge(Locked, B.exit());
  return B.build();
}

TEST_F(SummaryEngineTest, TrylockIsHeldOnItsSuccessEdge) {
  std::vector<report::Finding> Findings = analyze(
      makeTU("/src/a.c", {testThenLock("bad_try_then_lock", 10, true),
                          testThenLock("ok_lock_on_try_failure", 20, false)}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  const report::Finding &F = Findings[0];
  EXPECT_EQ(F.Function, "bad_try_then_lock");
  EXPECT_EQ(F.Line, 13u);
  ASSERT_EQ(kinds(F), (Kinds{"entry", "acquire", "reacquire"})) << describe(Findings);
  expectStep(F.Trace[1], "acquire", "bad_try_then_lock", "/src/a.c", 11,
             "'obj.lock' acquired here");
}

TEST_F(SummaryEngineTest, TrylockWrapperIsHeldWhenItReturnsNonZero) {
  // try_lock_obj(o) { return down_write_trylock(&o->lock); }
  FunctionBuilder Wrapper("try_lock_obj", {"o"}, 3);
  unsigned Body = Wrapper.block({Wrapper.direct("down_write_trylock", {objLock()}, 4)});
  Wrapper.edge(Wrapper.entry(), Body);
  Wrapper.returns(Body, returnKind(facts::ReturnFact::Kind::CallResult, 0));
  Wrapper.edge(Body, Wrapper.exit());
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {Wrapper.build(), testThenLock("bad_try_wrapper", 10, true, "try_lock_obj", obj()),
                   testThenLock("ok_try_wrapper_failed", 20, false, "try_lock_obj", obj())}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  const report::Finding &F = Findings[0];
  EXPECT_EQ(F.Function, "bad_try_wrapper");
  EXPECT_EQ(F.Line, 13u);
  ASSERT_EQ(kinds(F), (Kinds{"entry", "acquire", "call", "reacquire"})) << describe(Findings);
  expectStep(F.Trace[2], "call", "try_lock_obj", "/src/a.c", 4, "calling 'down_write_trylock'");
}

TEST_F(SummaryEngineTest, KillableLockIsHeldWhenItReturnsZero) {
  // if (mutex_lock_killable(&o->m)) return; then mutex_lock(&o->m) deadlocks;
  // taking it on the error path does not.
  facts::ArgFact M = objLock("m", "mutex");
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c",
      {testThenLock("bad_killable", 10, false, "mutex_lock_killable", M, "mutex_lock", M),
       testThenLock("ok_killable_error_path", 20, true, "mutex_lock_killable", M, "mutex_lock",
                    M),
       // Nobody looks at the result: taken to have succeeded.
       straightLine("bad_killable_unchecked", 30,
                    {{"mutex_lock_killable", M}, {"mutex_lock", M}})}));
  report::sortAndDeduplicate(Findings);
  ASSERT_EQ(Findings.size(), 2u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_killable");
  EXPECT_EQ(Findings[0].Line, 13u);
  EXPECT_EQ(Findings[0].Lock, "obj.m");
  EXPECT_EQ(Findings[1].Function, "bad_killable_unchecked");
  EXPECT_EQ(Findings[1].Line, 32u);
}

TEST_F(SummaryEngineTest, TrylockItselfNeverWarns) {
  // A trylock cannot wait, whether or not its result is looked at.
  FunctionBuilder Tested("ok_try_tested", {"o"}, 10);
  unsigned B1 = Tested.block({Tested.direct("down_write", {objLock()}, 11),
                              Tested.direct("down_write_trylock", {objLock()}, 12)});
  Tested.edge(Tested.entry(), B1);
  Tested.branch(B1, callResult(1), Tested.exit(), Tested.exit());
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c",
      {Tested.build(),
       straightLine("ok_try_ignored", 20,
                    {{"down_write", objLock()}, {"down_write_trylock", objLock()}}),
       // An unchecked trylock is taken to have failed.
       straightLine("ok_unchecked_try_then_lock", 30,
                    {{"down_write_trylock", objLock()}, {"down_write", objLock()}}),
       straightLine("bad_lock_after_lock", 40,
                    {{"down_write", objLock()}, {"down_write_trylock", objLock()},
                     {"down_write", objLock()}})}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_lock_after_lock");
  EXPECT_EQ(Findings[0].Line, 43u);
}

/// Name(o) { mutex_lock_nested(&o->m, A); mutex_lock_nested(&o->m, B); }
facts::FunctionFact nestedTwice(std::string Name, unsigned Line, int64_t A, int64_t B) {
  FunctionBuilder F(std::move(Name), {"o"}, Line);
  F.straight({{F.direct("mutex_lock_nested", {objLock("m", "mutex"), intArg(A)}, Line + 1),
               F.direct("mutex_lock_nested", {objLock("m", "mutex"), intArg(B)}, Line + 2)}});
  return F.build();
}

/// Name(o) { mutex_lock(&o->m); mutex_lock_nested(&o->m, Sub); }
facts::FunctionFact lockThenNested(std::string Name, unsigned Line, int64_t Sub) {
  FunctionBuilder F(std::move(Name), {"o"}, Line);
  F.straight({{F.direct("mutex_lock", {objLock("m", "mutex")}, Line + 1),
               F.direct("mutex_lock_nested", {objLock("m", "mutex"), intArg(Sub)}, Line + 2)}});
  return F.build();
}

/// Name(o) { mutex_lock(&o->m); lock_sub(o, Sub); }
facts::FunctionFact lockThenSub(std::string Name, unsigned Line, int64_t Sub) {
  FunctionBuilder F(std::move(Name), {"o"}, Line);
  F.straight({{F.direct("mutex_lock", {objLock("m", "mutex")}, Line + 1),
               F.direct("lock_sub", {obj(), intArg(Sub)}, Line + 2)}});
  return F.build();
}

TEST_F(SummaryEngineTest, NestedSubclassesAreDifferentLocks) {
  FunctionBuilder LockSub("lock_sub", {"o", "sub"}, 3);
  LockSub.straight({{LockSub.direct(
      "mutex_lock_nested", {objLock("m", "mutex"), paramArg(1, "int", "sub")}, 4)}});
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c",
      {LockSub.build(), nestedTwice("ok_other_subclass", 10, 1, 2),
       nestedTwice("bad_same_subclass", 20, 1, 1),
       // mutex_lock() is subclass 0.
       lockThenNested("bad_plain_then_nested_0", 30, 0),
       lockThenNested("ok_plain_then_nested_1", 35, 1),
       // Without its subclass argument the subclass is unknown, equal to no other.
       straightLine("ok_nested_unknown_subclass", 60,
                    {{"mutex_lock", objLock("m", "mutex")},
                     {"mutex_lock_nested", objLock("m", "mutex")}}),
       lockThenSub("ok_sub_through_wrapper", 40, 1),
       lockThenSub("bad_sub_through_wrapper", 50, 0)}));
  std::vector<std::string> Where;
  for (const report::Finding &F : Findings)
    Where.push_back(F.Function + ":" + std::to_string(F.Line) + ":" + F.Lock);
  std::sort(Where.begin(), Where.end());
  EXPECT_EQ(Where, (std::vector<std::string>{"bad_plain_then_nested_0:32:obj.m",
                                             "bad_same_subclass:22:obj.m",
                                             "bad_sub_through_wrapper:52:obj.m"}))
      << describe(Findings);
}

TEST_F(SummaryEngineTest, LockdepAnnotationsNeitherTakeNorReleaseLocks) {
  // Even were might_lock() listed as a primitive, the annotation would stay a
  // statement about the lock, not an acquisition.
  llvm::Error E = Annotations.loadBuffer(
      "primitives:\n"
      "  - {function: might_lock, operation: acquire, kind: rwsem, citation: test}\n",
      "might-lock.yaml");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  auto Annotated = [](std::string Name, unsigned Line,
                      std::vector<std::pair<std::string, bool>> Steps) {
    // Each step is a primitive call, or a lockdep annotation when marked.
    FunctionBuilder B(std::move(Name), {"o"}, Line);
    std::vector<unsigned> Ids;
    unsigned L = Line;
    for (auto &[Callee, IsAnnotation] : Steps)
      Ids.push_back(IsAnnotation ? B.lockdepAnnotation(Callee, {objLock()}, ++L)
                                 : B.direct(Callee, {objLock()}, ++L));
    B.straight({Ids});
    return B.build();
  };
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c",
      {Annotated("ok_might_lock_while_held", 10,
                 {{"down_write", false}, {"might_lock", true}, {"up_write", false}}),
       Annotated("ok_assert_not_held_then_lock", 20,
                 {{"lockdep_assert_not_held", true}, {"down_write", false}, {"up_write", false}}),
       Annotated("bad_assert_keeps_it_held", 30,
                 {{"down_write", false}, {"lockdep_assert_held", true}, {"down_write", false}})}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_assert_keeps_it_held");
  EXPECT_EQ(Findings[0].Line, 33u);
  EXPECT_EQ(kinds(Findings[0]), (Kinds{"entry", "acquire", "reacquire"}));
}

TEST_F(SummaryEngineTest, LockBehindAPointerFieldIsNamedByTheField) {
  // `spin_lock(page->ptl)` with `spinlock_t *ptl` (ALLOC_SPLIT_PTLOCKS) names
  // the same class as `spin_lock(&page->ptl)` with the lock embedded, not the
  // spinlock's own inner field that every spinlock has.
  llvm::Error E = Annotations.loadBuffer(
      "lock-types: [spinlock, raw_spinlock]\n"
      "primitives:\n"
      "  - {function: _raw_spin_lock, operation: acquire, kind: spinlock, citation: test}\n",
      "spinlock.yaml");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  // `&page_of(o)->Field->rlock` or, embedded, `&page_of(o)->Field.rlock`.
  auto Rlock = [](std::string Field, bool ThroughPointer) {
    facts::ArgFact A;
    A.Text = "&page_of(o)->" + Field + (ThroughPointer ? "->rlock" : ".rlock");
    A.Path = facts::AccessPath{facts::PathRoot::CallResult, -1, "page_of", "page",
                               {fieldStep("page", Field,
                                          ThroughPointer ? "struct spinlock *" : "spinlock"),
                                fieldStep("spinlock", "rlock", "raw_spinlock")}};
    return A;
  };
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c",
      {straightLine("ok_two_pointer_fields", 10,
                    {{"_raw_spin_lock", Rlock("ptl", true)},
                     {"_raw_spin_lock", Rlock("other_ptl", true)}}),
       straightLine("bad_pointer_then_embedded", 20,
                    {{"_raw_spin_lock", Rlock("ptl", true)},
                     {"_raw_spin_lock", Rlock("ptl", false)}})}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_pointer_then_embedded");
  EXPECT_EQ(Findings[0].Lock, "page.ptl");
}

} // namespace
