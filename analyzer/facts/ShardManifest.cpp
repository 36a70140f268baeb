//===- facts/ShardManifest.cpp - What one extraction shard wrote -----------===//
//
// nlohmann_json is used only in its non-throwing forms, as in FactsJson.cpp.
//
//===----------------------------------------------------------------------===//
#include "facts/ShardManifest.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace lockcheck::facts {

std::string shardManifestName(unsigned Index, unsigned Count) {
  return "lockcheck-shard-" + std::to_string(Index) + "-of-" + std::to_string(Count) + ".json";
}

static std::string shardName(const ShardManifest &M) {
  return "shard " + std::to_string(M.Index) + "/" + std::to_string(M.Count);
}

std::string writeShardManifestJson(const ShardManifest &M) {
  using nlohmann::ordered_json;
  ordered_json TUs = ordered_json::array();
  for (const ShardManifest::OwnedTU &T : M.TUs) {
    ordered_json J{{"file", T.File}};
    if (T.Error.empty())
      J["facts"] = T.FactsFile;
    else
      J["error"] = T.Error;
    TUs.push_back(std::move(J));
  }
  ordered_json Root{{"lockcheck_shard", ShardManifest::FormatVersion},
                    {"database", M.Database},
                    {"partition", M.Partition},
                    {"shard", M.Index},
                    {"shards", M.Count},
                    {"tus", std::move(TUs)}};
  return Root.dump(1, ' ', /*ensure_ascii=*/false, ordered_json::error_handler_t::replace) +
         "\n";
}

static llvm::Expected<ShardManifest> parseManifest(llvm::StringRef Text) {
  json Root = json::parse(Text.begin(), Text.end(), nullptr, /*allow_exceptions=*/false);
  if (Root.is_discarded() || !Root.is_object())
    return llvm::createStringError("not a JSON object");
  auto Unsigned = [&](const char *Key) -> std::optional<unsigned> {
    auto It = Root.find(Key);
    if (It == Root.end() || !It->is_number_unsigned())
      return std::nullopt;
    return It->get<unsigned>();
  };
  auto String = [](const json &Obj, const char *Key) -> const std::string * {
    auto It = Obj.find(Key);
    return It != Obj.end() && It->is_string() ? &It->get_ref<const std::string &>() : nullptr;
  };
  if (Unsigned("lockcheck_shard") != ShardManifest::FormatVersion)
    return llvm::createStringError("not a shard manifest of format " +
                                   std::to_string(ShardManifest::FormatVersion));
  ShardManifest M;
  std::optional<unsigned> Index = Unsigned("shard"), Count = Unsigned("shards");
  const std::string *Database = String(Root, "database");
  const std::string *Partition = String(Root, "partition");
  auto TUs = Root.find("tus");
  if (!Index || !Count || *Index == 0 || *Index > *Count)
    return llvm::createStringError("'shard', 'shards': expected 1 <= shard <= shards");
  if (!Database || !Partition)
    return llvm::createStringError("'database', 'partition': expected strings");
  if (TUs == Root.end() || !TUs->is_array())
    return llvm::createStringError("'tus': expected an array");
  M.Index = *Index;
  M.Count = *Count;
  M.Database = *Database;
  M.Partition = *Partition;
  for (const json &T : *TUs) {
    const std::string *File = String(T, "file");
    const std::string *Facts = String(T, "facts");
    const std::string *Error = String(T, "error");
    // A bare file name: a manifest names nothing outside its own folder.
    if (!File || (!Facts == !Error) ||
        (Facts && (Facts->empty() || llvm::sys::path::filename(*Facts) != *Facts)))
      return llvm::createStringError("'tus': expected {file, facts} or {file, error} entries, "
                                     "facts a file name");
    M.TUs.push_back({*File, Facts ? *Facts : "", Error ? *Error : ""});
  }
  return M;
}

llvm::Expected<ShardManifest> readShardManifestFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createFileError(Path, Buffer.getError());
  llvm::Expected<ShardManifest> M = parseManifest((*Buffer)->getBuffer());
  if (!M)
    return llvm::createFileError(Path, M.takeError());
  return M;
}

/// Sorts facts files by their name, then folder: the order is the same
/// whichever folder each shard's files were put in.
static void sortByFileName(std::vector<std::string> &Files) {
  std::sort(Files.begin(), Files.end(), [](const std::string &A, const std::string &B) {
    llvm::StringRef NameA = llvm::sys::path::filename(A), NameB = llvm::sys::path::filename(B);
    return NameA != NameB ? NameA < NameB : A < B;
  });
}

static bool isManifestName(llvm::StringRef Name) {
  return Name.starts_with("lockcheck-shard-") && Name.ends_with(".json");
}

llvm::Expected<FactsSet> collectFactsSet(llvm::ArrayRef<std::string> Dirs) {
  std::vector<std::string> FactsFiles, ManifestFiles;
  for (const std::string &Dir : Dirs) {
    if (!llvm::sys::fs::is_directory(Dir))
      return llvm::createStringError(Dir + ": not a directory");
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      llvm::StringRef Name = llvm::sys::path::filename(It->path());
      if (Name.ends_with(".facts.json"))
        FactsFiles.push_back(It->path());
      else if (isManifestName(Name))
        ManifestFiles.push_back(It->path());
    }
    if (EC)
      return llvm::createFileError(Dir, EC);
  }
  FactsSet Set;
  sortByFileName(FactsFiles);
  if (ManifestFiles.empty()) {
    Set.Files = std::move(FactsFiles);
    return Set;
  }

  std::vector<std::pair<ShardManifest, std::string>> Shards;
  for (const std::string &Path : ManifestFiles) {
    llvm::Expected<ShardManifest> M = readShardManifestFile(Path);
    if (!M)
      return M.takeError();
    if (llvm::sys::path::filename(Path) != shardManifestName(M->Index, M->Count))
      return llvm::createFileError(Path, llvm::createStringError(
                                             "holds the manifest of " + shardName(*M)));
    Shards.emplace_back(std::move(*M), Path);
  }
  std::sort(Shards.begin(), Shards.end(), [](const auto &A, const auto &B) {
    return std::tie(A.first.Index, A.second) < std::tie(B.first.Index, B.second);
  });
  const auto &[First, FirstPath] = Shards.front();
  for (const auto &[M, Path] : Shards) {
    // Named captures: C++17 cannot capture structured bindings implicitly.
    auto Fault = [&Path = Path, &M = M, &FirstPath = FirstPath](const std::string &What) {
      return llvm::createFileError(Path, llvm::createStringError(shardName(M) + " " + What +
                                                                 " than " + FirstPath));
    };
    if (M.Count != First.Count)
      return Fault("belongs to another number of shards");
    if (M.Database != First.Database)
      return Fault("was cut from another compile database or selection");
    if (M.Partition != First.Partition)
      return Fault("was cut by another split");
  }
  for (size_t I = 1; I < Shards.size(); ++I)
    if (Shards[I].first.Index == Shards[I - 1].first.Index)
      return llvm::createStringError(shardName(Shards[I].first) + " given twice: " +
                                     Shards[I - 1].second + " and " + Shards[I].second);
  for (unsigned Index = 1; Index <= First.Count; ++Index)
    if (Index > Shards.size() || Shards[Index - 1].first.Index != Index)
      return llvm::createStringError("shard " + std::to_string(Index) + "/" +
                                     std::to_string(First.Count) + " missing: no " +
                                     shardManifestName(Index, First.Count) +
                                     " in the --facts folders");

  llvm::StringMap<std::string> Owner; // facts file -> its manifest
  for (const auto &[M, Path] : Shards)
    for (const ShardManifest::OwnedTU &T : M.TUs) {
      if (!T.Error.empty()) {
        Set.FailedTUs.push_back({T.File, T.Error});
        continue;
      }
      llvm::SmallString<256> Facts = llvm::sys::path::parent_path(Path);
      llvm::sys::path::append(Facts, T.FactsFile);
      if (!llvm::sys::fs::exists(Facts))
        return llvm::createFileError(Path, llvm::createStringError(
                                               "facts file " + T.FactsFile + " of " + T.File +
                                               " (" + shardName(M) + ") missing"));
      auto [It, New] = Owner.try_emplace(Facts, Path);
      if (!New)
        return llvm::createFileError(Facts, llvm::createStringError(
                                                "listed by both " + It->second + " and " + Path));
      Set.Files.push_back(std::string(Facts));
    }
  for (const std::string &F : FactsFiles)
    if (!Owner.count(F))
      return llvm::createFileError(F, llvm::createStringError(
                                          "facts file that no shard manifest lists"));
  sortByFileName(Set.Files);
  return Set;
}

} // namespace lockcheck::facts
