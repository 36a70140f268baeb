#include "support/HugePageHeap.h"

#include <gtest/gtest.h>

using lockcheck::support::tunablesForHugePageHeap;

namespace {

constexpr const char *OnAdvice = "always [madvise] never\n";

TEST(HugePageHeapTest, AsksForHugePagesWhenTheKernelGivesThemOnAdvice) {
  EXPECT_EQ(tunablesForHugePageHeap(nullptr, OnAdvice), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(tunablesForHugePageHeap("", OnAdvice), "glibc.malloc.hugetlb=1");
}

TEST(HugePageHeapTest, KeepsTheUsersOtherTunables) {
  EXPECT_EQ(tunablesForHugePageHeap("glibc.malloc.arena_max=2", OnAdvice),
            "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
}

TEST(HugePageHeapTest, LeavesAChoiceOfTheUserAlone) {
  EXPECT_EQ(tunablesForHugePageHeap("glibc.malloc.hugetlb=0", OnAdvice), std::nullopt);
  EXPECT_EQ(tunablesForHugePageHeap("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", OnAdvice),
            std::nullopt);
}

TEST(HugePageHeapTest, RestartsOnlyWhereAdviceChangesSomething) {
  EXPECT_EQ(tunablesForHugePageHeap(nullptr, "[always] madvise never\n"), std::nullopt);
  EXPECT_EQ(tunablesForHugePageHeap(nullptr, "always madvise [never]\n"), std::nullopt);
  EXPECT_EQ(tunablesForHugePageHeap(nullptr, ""), std::nullopt);
}

} // namespace
