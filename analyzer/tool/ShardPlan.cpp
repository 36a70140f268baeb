//===- tool/ShardPlan.cpp - Which CI job extracts which TU -----------------===//
#include "tool/ShardPlan.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <numeric>
#include <queue>

namespace lockcheck::tool {

llvm::Expected<ShardSpec> parseShardSpec(llvm::StringRef Text) {
  auto [IndexText, CountText] = Text.split('/');
  ShardSpec S;
  if (IndexText.getAsInteger(10, S.Index) || CountText.getAsInteger(10, S.Count))
    return llvm::createStringError("--shard '" + Text.str() + "': expected I/N, e.g. 2/8");
  if (S.Count == 0 || S.Index == 0 || S.Index > S.Count)
    return llvm::createStringError("--shard '" + Text.str() +
                                   "': shard numbers run from 1 to N, N at least 1");
  return S;
}

std::vector<unsigned> assignShards(llvm::ArrayRef<uint64_t> Costs, unsigned Count) {
  assert(Count > 0 && "at least one shard");
  std::vector<size_t> Order(Costs.size());
  std::iota(Order.begin(), Order.end(), 0);
  std::stable_sort(Order.begin(), Order.end(),
                   [&](size_t A, size_t B) { return Costs[A] > Costs[B]; });
  // The least loaded shard on top; among equals, the lowest index.
  using Load = std::pair<uint64_t, unsigned>;
  std::priority_queue<Load, std::vector<Load>, std::greater<Load>> Shards;
  for (unsigned S = 0; S < Count; ++S)
    Shards.push({0, S});
  std::vector<unsigned> Assigned(Costs.size());
  for (size_t Item : Order) {
    auto [Total, Shard] = Shards.top();
    Shards.pop();
    Assigned[Item] = Shard;
    Shards.push({Total + Costs[Item], Shard});
  }
  return Assigned;
}

static std::string digest(llvm::StringRef Material) {
  llvm::XXH128_hash_t H = llvm::xxh3_128bits(llvm::arrayRefFromStringRef(Material));
  auto Hex = [](uint64_t V) {
    std::string S = llvm::utohexstr(V, /*LowerCase=*/true);
    return std::string(16 - S.size(), '0') + S;
  };
  return Hex(H.high64) + Hex(H.low64);
}

ShardShare planShard(llvm::ArrayRef<facts::CacheKey> Keys, llvm::ArrayRef<uint64_t> Costs,
                     ShardSpec Spec) {
  assert(Keys.size() == Costs.size() && "one cost per command");
  // Strings in a command line hold no NUL, so NUL-separated fields (with
  // the argument count) spell each selection one way only.
  std::string Material = "lockcheck-compile-database";
  std::vector<size_t> FileOf(Keys.size());
  std::vector<uint64_t> FileCosts;
  llvm::StringMap<size_t> Files;
  for (size_t I = 0; I < Keys.size(); ++I) {
    const facts::CacheKey &K = Keys[I];
    Material += '\0' + K.MainFile + '\0' + K.Directory + '\0' + std::to_string(K.Args.size());
    for (const std::string &A : K.Args)
      Material += '\0' + A;
    auto [It, New] = Files.try_emplace(K.MainFile, FileCosts.size());
    if (New)
      FileCosts.push_back(0);
    FileOf[I] = It->second;
    FileCosts[It->second] += Costs[I];
  }
  std::vector<unsigned> FileShard = assignShards(FileCosts, Spec.Count);

  ShardShare Share;
  Share.Manifest.Database = digest(Material);
  std::string Split = Share.Manifest.Database + '\0' + std::to_string(Spec.Count);
  for (unsigned S : FileShard)
    Split += '\0' + std::to_string(S);
  Share.Manifest.Partition = digest(Split);
  Share.Manifest.Index = Spec.Index;
  Share.Manifest.Count = Spec.Count;
  for (size_t I = 0; I < Keys.size(); ++I)
    if (FileShard[FileOf[I]] == Spec.Index - 1)
      Share.Commands.push_back(I);
  return Share;
}

} // namespace lockcheck::tool
