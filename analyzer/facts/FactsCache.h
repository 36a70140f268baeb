//===- facts/FactsCache.h - Per-TU facts reused while their inputs are unchanged -===//
//
// Like ccache's direct mode: an entry is found by the TU's compile command and
// holds a manifest (lockcheck's build, the command, every file the TU read with
// the xxh3 digest of its contents) followed by the TU's facts. A lookup re-hashes
// the files the manifest lists and reuses the facts only when every digest still
// matches, so a re-run re-parses just the TUs whose main file or headers changed.
//
// Entries are written atomically. One that is truncated, corrupt or written by
// another lockcheck build or cache format is rejected as a whole and the TU is
// re-extracted and its entry overwritten; nothing half-read is ever returned.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_FACTS_FACTSCACHE_H
#define LOCKCHECK_FACTS_FACTSCACHE_H

#include "facts/Facts.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck::facts {

/// A file a TU read, by absolute path, with the xxh3_64bits digest of the
/// bytes the compiler read.
struct FileDigest {
  std::string Path;
  uint64_t Hash = 0;
};

/// What finds a TU's entry: its compile command, with the file names under
/// the tree's root relative to it (support/RootPaths.h), so that a cache
/// restored on another runner, with the tree at another path, still finds it.
/// Together with the build id and the files' contents it decides the TU's facts.
struct CacheKey {
  std::string MainFile;  ///< relative to the root when under it
  std::string Directory; ///< the command's working directory, likewise
  std::vector<std::string> Args; ///< with the root spelled `${root}`
};

/// A folder of facts cache entries, one per compile command. Safe to use from
/// several threads at once, and from several processes (the last write wins).
class FactsCache {
public:
  /// Entries live under Dir, created on the first store. BuildId names the
  /// lockcheck build: an entry written by another build is rejected. Root is
  /// the tree's root: dependencies under it are recorded relative to it, and
  /// facts stored under another root are moved to this one on a hit.
  FactsCache(std::string Dir, std::string BuildId, std::string Root = "");

  enum class Outcome {
    Hit,      ///< every file the TU read is unchanged: Facts is set
    Miss,     ///< no entry for the command, or a file the TU read has changed
    Rejected  ///< an entry that cannot be trusted (Reason says why)
  };
  struct LookupResult {
    Outcome Result = Outcome::Miss;
    std::optional<TUFacts> Facts;
    /// On a hit, the facts as JSON, the very bytes store() was given: a caller
    /// that writes them out need not serialize them again.
    std::string FactsJson;
    /// On a hit, the files the TU read, as store() was given them.
    std::vector<FileDigest> Dependencies;
    std::string Reason;
  };

  /// The facts stored for Key when every dependency still has its digest.
  LookupResult lookup(const CacheKey &Key);

  /// Records a TU's facts for Key, as writeFactsJson wrote them, with the files
  /// the TU read (the main file among them), replacing any entry Key had.
  /// Errors name the entry's file.
  llvm::Error store(const CacheKey &Key, llvm::StringRef FactsJson,
                    std::vector<FileDigest> Dependencies);

  /// The tree's root the cache was opened with.
  const std::string &root() const { return Root; }

  /// The file holding Key's entry.
  std::string entryPath(const CacheKey &Key) const;

  /// The xxh3_64bits digest of Path's contents as they are now, or nullopt when
  /// it cannot be read. Each file is read once per FactsCache: the TUs of a
  /// kernel share thousands of headers.
  std::optional<uint64_t> currentDigest(llvm::StringRef Path);

  /// Version of the entry layout, bumped whenever it changes.
  static constexpr unsigned FormatVersion = 2;

private:
  std::string Dir;
  std::string BuildId;
  std::string Root;
  std::mutex DigestsLock;
  llvm::StringMap<std::optional<uint64_t>> Digests;
};

} // namespace lockcheck::facts

#endif // LOCKCHECK_FACTS_FACTSCACHE_H
