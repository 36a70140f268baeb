//===- unittests/checkers/SleepInAtomicCheckerTest.cpp - Sleeps in atomic --===//
//
// What the engine hands sleep-in-atomic for sleep points: an allocation decided
// by its gfp constant and not by its body, and a sleep in a helper that drops
// its caller's spinlock around it. The end-to-end cases are in
// testdata/sleep-in-atomic/.
//
//===----------------------------------------------------------------------===//
#include "checkers/SleepInAtomicChecker.h"
#include "unittests/analysis/AnalysisTestSupport.h"

using namespace lockcheck;
using namespace lockcheck::testing;

namespace {

const char *const SleepAnnotations = R"(lock-types: [spinlock]
gfp-direct-reclaim: 0x400
primitives:
  - {function: spin_lock, operation: acquire, kind: spinlock, citation: test}
  - {function: spin_unlock, operation: release, kind: spinlock, citation: test}
sleep-points:
  - {function: kmalloc, gfp-argument: 1, citation: test}
  - {function: msleep, citation: test}
)";

class SleepInAtomicCheckerTest : public AnalysisTest {
protected:
  void SetUp() override {
    AnalysisTest::SetUp();
    llvm::Error E = Annotations.loadBuffer(SleepAnnotations, "sleep-annotations.yaml");
    ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  }
};

/// kmalloc(size, gfp) with a body that takes a mutex, as direct reclaim may.
facts::FunctionFact kmallocWithReclaim() {
  FunctionBuilder B("kmalloc", {"size", "gfp"}, 100);
  B.straight({{B.direct("mutex_lock", {globalArg("shrinker_mutex", "mutex")}, 101),
               B.direct("mutex_unlock", {globalArg("shrinker_mutex", "mutex")}, 102)}});
  return B.build();
}

/// Name(o) { spin_lock(&o->lock); kmalloc(64, Gfp); spin_unlock(&o->lock); }
facts::FunctionFact allocUnderSpinlock(std::string Name, int64_t Gfp, unsigned Line) {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  B.straight({{B.direct("spin_lock", {objLock("lock", "spinlock")}, Line + 1),
               B.direct("kmalloc", {intArg(64), intArg(Gfp)}, Line + 2),
               B.direct("spin_unlock", {objLock("lock", "spinlock")}, Line + 3)}});
  return B.build();
}

TEST_F(SleepInAtomicCheckerTest, AllocationSleepsByItsGfpFlagsNotByItsBody) {
  std::vector<facts::FunctionFact> Functions;
  Functions.push_back(kmallocWithReclaim());
  Functions.push_back(allocUnderSpinlock("alloc_kernel", 0xcc0, 10));
  Functions.push_back(allocUnderSpinlock("alloc_atomic", 0x820, 20));
  std::vector<report::Finding> Findings =
      analyze<checkers::SleepInAtomicChecker>(makeTU("/src/a.c", std::move(Functions)));
  // GFP_KERNEL: the allocation itself, once; its body's mutex is its own
  // sleep. GFP_ATOMIC: nothing, though the body takes a mutex.
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Message, "'kmalloc' may sleep while 'obj.lock' is held (atomic context)");
  EXPECT_EQ(Findings[0].Function, "alloc_kernel");
  EXPECT_EQ(Findings[0].Line, 12u);
  EXPECT_EQ(kinds(Findings[0]), (std::vector<std::string>{"entry", "acquire", "sleep"}));
}

/// Name(o) { [spin_unlock(&o->lock);] msleep(1); [spin_lock(&o->lock);] }
facts::FunctionFact settle(std::string Name, bool DropsTheLock, unsigned Line) {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  std::vector<unsigned> Calls;
  if (DropsTheLock)
    Calls.push_back(B.direct("spin_unlock", {objLock("lock", "spinlock")}, Line + 1));
  Calls.push_back(B.direct("msleep", {intArg(1)}, Line + 2));
  if (DropsTheLock)
    Calls.push_back(B.direct("spin_lock", {objLock("lock", "spinlock")}, Line + 3));
  B.straight({Calls});
  return B.build();
}

/// Name(o) { spin_lock(&o->lock); Helper(o); spin_unlock(&o->lock); }
facts::FunctionFact callUnderSpinlock(std::string Name, std::string Helper, unsigned Line) {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  B.straight({{B.direct("spin_lock", {objLock("lock", "spinlock")}, Line + 1),
               B.direct(std::move(Helper), {obj()}, Line + 2),
               B.direct("spin_unlock", {objLock("lock", "spinlock")}, Line + 3)}});
  return B.build();
}

TEST_F(SleepInAtomicCheckerTest, HelperThatDropsTheLockSleepsOutsideTheRegion) {
  std::vector<facts::FunctionFact> Functions;
  Functions.push_back(settle("settle_unlocked", /*DropsTheLock=*/true, 100));
  Functions.push_back(settle("settle", /*DropsTheLock=*/false, 200));
  Functions.push_back(callUnderSpinlock("ok_caller", "settle_unlocked", 10));
  Functions.push_back(callUnderSpinlock("bad_caller", "settle", 20));
  std::vector<report::Finding> Findings =
      analyze<checkers::SleepInAtomicChecker>(makeTU("/src/a.c", std::move(Functions)));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Message, "'msleep' may sleep while 'obj.lock' is held (atomic context)");
  EXPECT_EQ(Findings[0].Function, "settle");
  EXPECT_EQ(kinds(Findings[0]), (std::vector<std::string>{"entry", "acquire", "call", "sleep"}));
}

} // namespace
