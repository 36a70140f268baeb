//===- unittests/analysis/ReferenceDropTest.cpp - Drops that are not last ===//
//
// put(o) takes o's lock again on its release path, which only its last
// reference drop reaches. A caller that holds the lock and uses o after the
// put (facts::ArgFact::UsedAfter) holds another reference: the put is not the
// last, and the release path is not followed. Each ok_* function differs from
// bad_put_under_lock() in the one detail that decides it.
//
//===----------------------------------------------------------------------===//
#include "unittests/analysis/AnalysisTestSupport.h"

using namespace lockcheck;
using namespace lockcheck::testing;

namespace {

/// release(o) { mutex_lock(&o->lock); mutex_unlock(&o->lock); }
facts::FunctionFact release() {
  FunctionBuilder B("release", {"o"}, 10);
  unsigned Lock = B.direct("mutex_lock", {objLock("lock", "mutex")}, 11);
  unsigned Unlock = B.direct("mutex_unlock", {objLock("lock", "mutex")}, 12);
  B.straight({{Lock, Unlock}});
  return B.build();
}

/// put(o) { if (Drop(&o->Counter)) release(o); }
facts::FunctionFact put(std::string Name, std::string Drop, std::string Counter,
                        std::string CounterType, unsigned Line) {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  unsigned Test = B.direct(std::move(Drop),
                           {paramPath(0, "obj", {fieldStep("obj", Counter, CounterType)},
                                      "&o->" + Counter)},
                           Line + 1);
  unsigned Release = B.direct("release", {obj()}, Line + 2);
  unsigned TestBlock = B.block({Test});
  unsigned ReleaseBlock = B.block({Release});
  B.edge(B.entry(), TestBlock);
  facts::ConditionFact Dropped;
  Dropped.K = facts::ConditionFact::Kind::CallResult;
  Dropped.Call = Test;
  B.branch(TestBlock, Dropped, ReleaseBlock, B.exit());
  B.edge(ReleaseBlock, B.exit());
  return B.build();
}

/// Name(o) { mutex_lock(&o->lock); Callee(o); Then(o); mutex_unlock(&o->lock); },
/// the object used after the call when UsedAfter.
facts::FunctionFact putUnderLock(std::string Name, std::string Callee, bool UsedAfter,
                                 unsigned Line) {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  unsigned Lock = B.direct("mutex_lock", {objLock("lock", "mutex")}, Line + 1);
  facts::ArgFact Object = obj();
  Object.UsedAfter = UsedAfter;
  unsigned Put = B.direct(std::move(Callee), {Object}, Line + 2);
  unsigned Use = B.direct("use", {obj()}, Line + 3);
  unsigned Unlock = B.direct("mutex_unlock", {objLock("lock", "mutex")}, Line + 4);
  B.straight({{Lock, Put, Use, Unlock}});
  return B.build();
}

/// forward(o) { Callee(o); }: passes its own caller's object on.
facts::FunctionFact forward(std::string Callee, unsigned Line) {
  FunctionBuilder B("forward_" + Callee, {"o"}, Line);
  unsigned Call = B.direct(std::move(Callee), {obj()}, Line + 1);
  B.straight({{Call}});
  return B.build();
}

using ReferenceDropTest = AnalysisTest;

std::vector<facts::FunctionFact> program(std::vector<facts::FunctionFact> Callers) {
  std::vector<facts::FunctionFact> Fns = {
      release(), put("put", "refcount_dec_and_test", "refcnt", "refcount_struct", 20),
      put("put_pending", "atomic_dec_and_test", "pending", "atomic_t", 30),
      put("put_count", "atomic_dec_and_test", "count", "atomic_t", 40), forward("put", 50)};
  for (facts::FunctionFact &F : Callers)
    Fns.push_back(std::move(F));
  return Fns;
}

TEST_F(ReferenceDropTest, PossiblyLastPutUnderTheLockWarns) {
  std::vector<report::Finding> Findings =
      analyze(makeTU("/src/a.c", program({putUnderLock("bad_put_under_lock", "put", false, 100)})));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "release");
  EXPECT_EQ(Findings[0].Line, 11u);
}

TEST_F(ReferenceDropTest, PutOfAnObjectUsedAfterwardsIsNotTheLast) {
  std::vector<report::Finding> Findings =
      analyze(makeTU("/src/a.c", program({putUnderLock("ok_used_after", "put", true, 100)})));
  EXPECT_TRUE(Findings.empty()) << describe(Findings);
}

TEST_F(ReferenceDropTest, CallersUseReachesThePutThroughAWrapper) {
  std::vector<report::Finding> Findings = analyze(
      makeTU("/src/a.c", program({putUnderLock("ok_used_after_wrapper", "forward_put", true,
                                               100),
                                  putUnderLock("bad_wrapper", "forward_put", false, 110)})));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Trace.front().Function, "bad_wrapper") << describe(Findings);
}

TEST_F(ReferenceDropTest, AtomicCounterCountsReferencesOnlyWhereListed) {
  // obj.count is the object's reference count; obj.pending counts something else, and
  // the object outlives it reaching zero.
  std::vector<report::Finding> Findings = analyze(
      makeTU("/src/a.c", program({putUnderLock("ok_count_used_after", "put_count", true, 100),
                                  putUnderLock("bad_pending_used_after", "put_pending", true,
                                               110)})));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Trace.front().Function, "bad_pending_used_after") << describe(Findings);
}

} // namespace
