//===- unittests/tool/ShardPlanTest.cpp -----------------------------------===//
#include "tool/ShardPlan.h"

#include "gtest/gtest.h"

using namespace lockcheck;
using namespace lockcheck::tool;

namespace {

TEST(ShardPlanTest, LongestFirstToTheLeastLoaded) {
  // 9 and 8 open the two shards; 7 goes to the 8, 6 to the 9; 5 to the
  // lower of the two shards now at 15.
  std::vector<unsigned> S = assignShards({5, 9, 6, 8, 7}, 2);
  EXPECT_EQ(S, (std::vector<unsigned>{0, 0, 0, 1, 1}));
  uint64_t Load[2] = {};
  for (size_t I = 0; I < S.size(); ++I)
    Load[S[I]] += std::vector<uint64_t>{5, 9, 6, 8, 7}[I];
  EXPECT_EQ(Load[0], 20u);
  EXPECT_EQ(Load[1], 15u);
}

TEST(ShardPlanTest, EqualCostsGoRoundInInputOrder) {
  EXPECT_EQ(assignShards({1, 1, 1, 1, 1}, 3), (std::vector<unsigned>{0, 1, 2, 0, 1}));
  EXPECT_EQ(assignShards({}, 4), std::vector<unsigned>{});
}

TEST(ShardPlanTest, ParsesShardSpecs) {
  auto S = parseShardSpec("3/8");
  ASSERT_TRUE(bool(S));
  EXPECT_EQ(S->Index, 3u);
  EXPECT_EQ(S->Count, 8u);
  for (const char *Bad : {"0/8", "9/8", "8", "/8", "1/0", "a/b", "1/2/3", "-1/2"}) {
    auto E = parseShardSpec(Bad);
    EXPECT_FALSE(bool(E)) << Bad;
    llvm::consumeError(E.takeError());
  }
}

facts::CacheKey key(const std::string &File) { return {File, "build", {"cc", "-c", File}}; }

TEST(ShardPlanTest, SharesCoverEveryCommandOnceAndNameTheSameSplit) {
  std::vector<facts::CacheKey> Keys{key("a.c"), key("b.c"), key("c.c"), key("d.c"),
                                    key("a.c")};
  std::vector<uint64_t> Costs{10, 40, 20, 30, 5};
  std::vector<size_t> Seen;
  std::string Database, Partition;
  for (unsigned I = 1; I <= 3; ++I) {
    ShardShare Share = planShard(Keys, Costs, {I, 3});
    EXPECT_EQ(Share.Manifest.Index, I);
    EXPECT_EQ(Share.Manifest.Count, 3u);
    if (I == 1) {
      Database = Share.Manifest.Database;
      Partition = Share.Manifest.Partition;
    }
    EXPECT_EQ(Share.Manifest.Database, Database);
    EXPECT_EQ(Share.Manifest.Partition, Partition);
    EXPECT_TRUE(std::is_sorted(Share.Commands.begin(), Share.Commands.end()));
    Seen.insert(Seen.end(), Share.Commands.begin(), Share.Commands.end());
  }
  std::sort(Seen.begin(), Seen.end());
  EXPECT_EQ(Seen, (std::vector<size_t>{0, 1, 2, 3, 4}));
  // Both commands of a.c (15 in all) in one shard: b.c (40), d.c (30) and
  // c.c (20) open the shards, a.c joins the least loaded, c.c's.
  ShardShare Third = planShard(Keys, Costs, {3, 3});
  EXPECT_EQ(Third.Commands, (std::vector<size_t>{0, 2, 4}));

  // Another database, another split of the same one: other digests.
  Keys[2].Args.push_back("-O2");
  EXPECT_NE(planShard(Keys, Costs, {1, 3}).Manifest.Database, Database);
  Keys[2].Args.pop_back();
  EXPECT_NE(planShard(Keys, Costs, {1, 2}).Manifest.Partition, Partition);
}

} // namespace
