#include "support/AnalysisProcess.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

using lockcheck::support::AnalysisStackBytes;
using lockcheck::support::keepThreadStacks;
using lockcheck::support::ThreadStackBytes;
using lockcheck::support::runWithAnalysisStack;
using lockcheck::support::stackLimitToRaise;
using lockcheck::support::tunablesForHugePageHeap;

namespace {

constexpr const char *OnAdvice = "always [madvise] never\n";

TEST(AnalysisProcessTest, AsksForHugePagesWhenTheKernelGivesThemOnAdvice) {
  EXPECT_EQ(tunablesForHugePageHeap(nullptr, OnAdvice), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(tunablesForHugePageHeap("", OnAdvice), "glibc.malloc.hugetlb=1");
}

TEST(AnalysisProcessTest, KeepsTheUsersOtherTunables) {
  EXPECT_EQ(tunablesForHugePageHeap("glibc.malloc.arena_max=2", OnAdvice),
            "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
}

TEST(AnalysisProcessTest, LeavesAChoiceOfTheUserAlone) {
  EXPECT_EQ(tunablesForHugePageHeap("glibc.malloc.hugetlb=0", OnAdvice), std::nullopt);
  EXPECT_EQ(tunablesForHugePageHeap("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", OnAdvice),
            std::nullopt);
}

TEST(AnalysisProcessTest, RestartsOnlyWhereAdviceChangesSomething) {
  EXPECT_EQ(tunablesForHugePageHeap(nullptr, "[always] madvise never\n"), std::nullopt);
  EXPECT_EQ(tunablesForHugePageHeap(nullptr, "always madvise [never]\n"), std::nullopt);
  EXPECT_EQ(tunablesForHugePageHeap(nullptr, ""), std::nullopt);
}

TEST(AnalysisProcessTest, RaisesTheStackLimitOnlyUpToWhatIsAllowed) {
  constexpr uint64_t Default = 8 << 20, Unlimited = UINT64_MAX;
  EXPECT_EQ(stackLimitToRaise(Default, Unlimited), AnalysisStackBytes);
  EXPECT_EQ(stackLimitToRaise(Default, AnalysisStackBytes), AnalysisStackBytes);
  EXPECT_EQ(stackLimitToRaise(Default, 64 << 20), std::nullopt);
  EXPECT_EQ(stackLimitToRaise(AnalysisStackBytes, Unlimited), std::nullopt);
  EXPECT_EQ(stackLimitToRaise(Unlimited, Unlimited), std::nullopt);
}

// A recursion deeper than the default 8 MiB stack, wherever it runs.
static unsigned deep(unsigned Depth) {
  volatile char Frame[4096];
  Frame[0] = static_cast<char>(Depth);
  return Depth == 0 ? Frame[0] : deep(Depth - 1) + (Frame[0] & 1);
}

TEST(AnalysisProcessTest, GivesTheWorkItsStackOnSomeThread) {
  unsigned Result = 0;
  long Thread = 0;
  runWithAnalysisStack([&] {
    Result = deep(16 << 10); // 64 MiB of frames
    Thread = syscall(SYS_gettid);
  });
  EXPECT_EQ(Result, (16u << 10) / 2);
  EXPECT_NE(Thread, 0);
}

#ifdef __GLIBC__
/// The stack size of a thread created now.
static size_t newThreadStack() {
  size_t Size = 0;
  std::thread([&] {
    pthread_attr_t Attr;
    if (pthread_getattr_np(pthread_self(), &Attr) == 0) {
      pthread_attr_getstacksize(&Attr, &Size);
      pthread_attr_destroy(&Attr);
    }
  }).join();
  return Size;
}

TEST(AnalysisProcessTest, OtherThreadsKeepTheUsualStack) {
  pthread_attr_t Before, Small;
  ASSERT_EQ(pthread_getattr_default_np(&Before), 0);
  ASSERT_EQ(pthread_attr_init(&Small), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&Small, 1 << 20), 0);
  ASSERT_EQ(pthread_setattr_default_np(&Small), 0);
  EXPECT_LT(newThreadStack(), ThreadStackBytes);
  keepThreadStacks();
  EXPECT_GE(newThreadStack(), ThreadStackBytes);
  EXPECT_LT(newThreadStack(), 2 * ThreadStackBytes);
  pthread_setattr_default_np(&Before);
  pthread_attr_destroy(&Small);
  pthread_attr_destroy(&Before);
}
#endif

} // namespace
