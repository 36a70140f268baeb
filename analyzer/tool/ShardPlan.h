//===- tool/ShardPlan.h - Which CI job extracts which TU -------------------===//
//
// `lockcheck extract --shard I/N` runs on N machines that share nothing but the
// compile database and the tree. Each must compute the same split on its own,
// so the split depends only on what is the same everywhere: the order of the
// commands in the database and the sizes of the sources. No absolute path, no
// directory listing order, no hash seed enters it.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_SHARDPLAN_H
#define LOCKCHECK_TOOL_SHARDPLAN_H

#include "facts/FactsCache.h"
#include "facts/ShardManifest.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace lockcheck::tool {

/// Shard Index of Count, 1-based as CI systems number their jobs
/// (GitLab's CI_NODE_INDEX; a Kubernetes completion index plus one).
struct ShardSpec {
  unsigned Index = 1;
  unsigned Count = 1;
};

/// Parses "I/N" with 1 <= I <= N; the error says what is wrong with Text.
llvm::Expected<ShardSpec> parseShardSpec(llvm::StringRef Text);

/// Splits items of the given costs into Count shards of near-equal total cost
/// by longest processing time first: items by decreasing cost (ties in input
/// order) each go to the shard with the least cost so far (ties to the lowest
/// shard). Returns each item's 0-based shard. Deterministic: the same costs in
/// the same order give the same split on every machine.
std::vector<unsigned> assignShards(llvm::ArrayRef<uint64_t> Costs, unsigned Count);

/// What an extraction cost is estimated from: the main file's size plus this
/// much for each TU. A kernel TU parses a megabyte or two of headers whatever
/// its own size, so the fixed part weighs as much as a large source file.
constexpr uint64_t PerTUCost = 128 * 1024;

/// One shard's share of the selected compile commands.
struct ShardShare {
  /// Indices into the selected commands, in database order.
  std::vector<size_t> Commands;
  /// The manifest to write once they are extracted, without its TUs.
  facts::ShardManifest Manifest;
};

/// Splits the selected commands (as root-relative cache keys, in database
/// order, with their estimated costs) into Spec.Count shards and returns shard
/// Spec.Index's share. Commands of the same main file stay in one shard, as
/// they write one facts file.
ShardShare planShard(llvm::ArrayRef<facts::CacheKey> Keys, llvm::ArrayRef<uint64_t> Costs,
                     ShardSpec Spec);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_SHARDPLAN_H
