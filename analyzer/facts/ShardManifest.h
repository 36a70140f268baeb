//===- facts/ShardManifest.h - What one extraction shard wrote -------------===//
//
// `lockcheck extract --shard I/N` writes, beside its facts files, a manifest
// lockcheck-shard-I-of-N.json: which compile database and which split it was
// cut from, and every TU it owns with its facts file (or why it has none).
// Manifests of different shards may share one folder (a CI job downloading
// every shard's artifact into one place) or lie in several.
//
// Reading a set of facts folders checks the manifests against each other, so
// that a missing, duplicated or foreign shard, or a facts file no shard owns,
// stops the run with a one-line error naming it, instead of an analysis of a
// partial program that would look like a clean one.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_FACTS_SHARDMANIFEST_H
#define LOCKCHECK_FACTS_SHARDMANIFEST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <utility>
#include <vector>

namespace lockcheck::facts {

/// One shard's record of its extraction.
struct ShardManifest {
  /// Digest of the selected compile commands, file names relative to the
  /// tree's root: the same for the same database on every runner.
  std::string Database;
  /// Digest of the split itself (which TU went to which shard), so shards cut
  /// from different splits are never merged.
  std::string Partition;
  unsigned Index = 1; ///< 1-based
  unsigned Count = 1;
  struct OwnedTU {
    std::string File;      ///< the main file, relative to the tree's root
    std::string FactsFile; ///< its facts file's name, in the manifest's folder
    std::string Error;     ///< why it has no facts, when extraction failed
  };
  std::vector<OwnedTU> TUs;

  /// Version of the manifest's layout, bumped whenever it changes.
  static constexpr unsigned FormatVersion = 1;
};

/// The manifest's file name for shard Index of Count.
std::string shardManifestName(unsigned Index, unsigned Count);

/// The manifest as JSON.
std::string writeShardManifestJson(const ShardManifest &M);

/// Reads a manifest file; errors name the file and the fault.
llvm::Expected<ShardManifest> readShardManifestFile(llvm::StringRef Path);

/// The facts files a set of folders holds, in the order the analysis takes
/// them (by file name, whatever folder holds each), and the TUs the shards
/// record as failed (main file and error).
struct FactsSet {
  std::vector<std::string> Files;
  std::vector<std::pair<std::string, std::string>> FailedTUs;
};

/// Lists the *.facts.json files of Dirs. Without any shard manifest, all of
/// them. With manifests, checks that they come from one database and one
/// split, that every shard 1..N is there exactly once, that each facts file
/// a manifest lists exists and that no facts file is left that none lists;
/// the first fault is a one-line error naming the shard or the file.
llvm::Expected<FactsSet> collectFactsSet(llvm::ArrayRef<std::string> Dirs);

} // namespace lockcheck::facts

#endif // LOCKCHECK_FACTS_SHARDMANIFEST_H
