//===- facts/FactsCache.cpp - Per-TU facts reused while their inputs are unchanged -===//
//
// An entry is one file: a manifest on the first line (compact JSON, which never
// holds a raw newline), then the TU's facts exactly as writeFactsJson writes
// them. The manifest records the facts' size and digest, so a truncated or
// damaged entry is detected before a byte of the facts is trusted.
//
// nlohmann_json is used only in its non-throwing forms, as in FactsJson.cpp.
//
//===----------------------------------------------------------------------===//
#include "facts/FactsCache.h"

#include "facts/FactsJson.h"
#include "support/AtomicFile.h"
#include "support/RootPaths.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Errc.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace lockcheck::facts {

static std::string hex64(uint64_t V) {
  std::string S = llvm::utohexstr(V, /*LowerCase=*/true);
  return std::string(16 - S.size(), '0') + S;
}

static std::optional<uint64_t> parseHex64(const json &J) {
  if (!J.is_string())
    return std::nullopt;
  llvm::StringRef S = J.get_ref<const std::string &>();
  uint64_t V = 0;
  if (S.size() != 16 || S.getAsInteger(16, V))
    return std::nullopt;
  return V;
}

/// A string member of a JSON object, or nullptr when missing or not a string.
static const std::string *stringField(const json &Obj, const char *Key) {
  auto It = Obj.find(Key);
  if (It == Obj.end() || !It->is_string())
    return nullptr;
  return &It->get_ref<const std::string &>();
}

/// An unsigned integer member of a JSON object.
static std::optional<uint64_t> unsignedField(const json &Obj, const char *Key) {
  auto It = Obj.find(Key);
  if (It == Obj.end() || !It->is_number_unsigned())
    return std::nullopt;
  return It->get<uint64_t>();
}

/// Whether the manifest names the same command as Key. Compared in full, so
/// two commands whose entry names collide never share facts.
static bool sameCommand(const json &Manifest, const CacheKey &Key) {
  const std::string *Main = stringField(Manifest, "main_file");
  const std::string *Dir = stringField(Manifest, "directory");
  auto Args = Manifest.find("args");
  if (!Main || *Main != Key.MainFile || !Dir || *Dir != Key.Directory ||
      Args == Manifest.end() || !Args->is_array() ||
      Args->size() != Key.Args.size())
    return false;
  for (size_t I = 0; I < Key.Args.size(); ++I)
    if (!(*Args)[I].is_string() || (*Args)[I].get_ref<const std::string &>() != Key.Args[I])
      return false;
  return true;
}

FactsCache::FactsCache(std::string Dir, std::string BuildId, std::string Root)
    : Dir(std::move(Dir)), BuildId(std::move(BuildId)), Root(std::move(Root)) {}

/// TU's file names moved from under the root it was extracted in to Root.
static void rebaseFacts(TUFacts &TU, llvm::StringRef From, llvm::StringRef To) {
  TU.MainFile = support::rebase(TU.MainFile, From, To);
  for (std::string &File : TU.Files)
    File = support::rebase(File, From, To);
}

std::string FactsCache::entryPath(const CacheKey &Key) const {
  // Strings in a command line hold no NUL, so NUL-separated fields (with the
  // argument count) spell each command one way only.
  std::string Material = "lockcheck-facts-cache";
  for (const std::string *S : {&Key.MainFile, &Key.Directory})
    Material += '\0' + *S;
  Material += '\0' + std::to_string(Key.Args.size());
  for (const std::string &A : Key.Args)
    Material += '\0' + A;
  llvm::XXH128_hash_t H = llvm::xxh3_128bits(llvm::arrayRefFromStringRef(Material));
  std::string Name = hex64(H.high64) + hex64(H.low64);
  // Two hex digits of fan-out keep folders small on a whole kernel; the main
  // file's name keeps entries recognisable.
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Name.substr(0, 2),
                          llvm::sys::path::filename(Key.MainFile) + "-" + Name + ".entry");
  return std::string(Path);
}

std::optional<uint64_t> FactsCache::currentDigest(llvm::StringRef Path) {
  {
    std::lock_guard<std::mutex> Lock(DigestsLock);
    auto It = Digests.find(Path);
    if (It != Digests.end())
      return It->second;
  }
  // Hashed outside the lock: two threads may both hash a header the first
  // time, which costs a little and yields the same digest.
  std::optional<uint64_t> Digest;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                                /*RequiresNullTerminator=*/false))
    Digest = llvm::xxh3_64bits((*Buffer)->getBuffer());
  std::lock_guard<std::mutex> Lock(DigestsLock);
  return Digests.try_emplace(Path, Digest).first->second;
}

FactsCache::LookupResult FactsCache::lookup(const CacheKey &Key) {
  LookupResult R;
  auto Reject = [&](const std::string &Why) {
    R.Result = Outcome::Rejected;
    R.Reason = Why;
    return std::move(R);
  };
  std::string Path = entryPath(Key);
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer) {
    if (Buffer.getError() == llvm::errc::no_such_file_or_directory ||
        Buffer.getError() == llvm::errc::not_a_directory)
      return R;
    return Reject(Buffer.getError().message());
  }
  auto [Head, Body] = (*Buffer)->getBuffer().split('\n');
  if (Head.size() == (*Buffer)->getBufferSize())
    return Reject("truncated manifest");
  json Manifest = json::parse(Head.begin(), Head.end(), nullptr, /*allow_exceptions=*/false);
  if (Manifest.is_discarded() || !Manifest.is_object())
    return Reject("manifest is not a JSON object");

  std::optional<uint64_t> Format = unsignedField(Manifest, "lockcheck_cache");
  if (Format != FormatVersion)
    return Reject("cache format " + (Format ? std::to_string(*Format) : "unknown") +
                  ", expected " + std::to_string(FormatVersion));
  const std::string *Build = stringField(Manifest, "build_id");
  if (!Build || *Build != BuildId)
    return Reject("written by lockcheck build '" + (Build ? *Build : "unknown") + "'");
  if (unsignedField(Manifest, "facts_version") != FactsFormatVersion)
    return Reject("facts of another format version");
  if (!sameCommand(Manifest, Key)) {
    R.Reason = "entry of another command";
    return R;
  }
  std::optional<uint64_t> Size = unsignedField(Manifest, "facts_size");
  std::optional<uint64_t> FactsDigest;
  if (auto It = Manifest.find("facts_digest"); It != Manifest.end())
    FactsDigest = parseHex64(*It);
  if (!Size || !FactsDigest)
    return Reject("manifest lacks the facts' size or digest");
  if (*Size != Body.size())
    return Reject("facts are " + std::to_string(Body.size()) + " bytes, expected " +
                  std::to_string(*Size));
  if (llvm::xxh3_64bits(Body) != *FactsDigest)
    return Reject("facts do not match their digest");

  auto Deps = Manifest.find("dependencies");
  if (Deps == Manifest.end() || !Deps->is_array() || Deps->empty())
    return Reject("manifest lacks the dependencies");
  // Checked in full before any is hashed: a malformed entry is rejected
  // whatever the files' state.
  for (const json &D : *Deps)
    if (!D.is_array() || D.size() != 2 || !D[0].is_string() || !parseHex64(D[1]))
      return Reject("malformed dependency in manifest");
  std::vector<FileDigest> Dependencies;
  for (const json &D : *Deps) {
    std::string File = support::underRoot(D[0].get_ref<const std::string &>(), Root);
    std::optional<uint64_t> Now = currentDigest(File);
    if (!Now) {
      R.Reason = File + " cannot be read";
      return R;
    }
    if (*Now != *parseHex64(D[1])) {
      R.Reason = File + " changed";
      return R;
    }
    Dependencies.push_back({File, *Now});
  }

  const std::string *StoredRoot = stringField(Manifest, "root");
  if (!StoredRoot)
    return Reject("manifest lacks the root");
  llvm::Expected<TUFacts> TU = readFactsJson(Body);
  if (!TU)
    return Reject(llvm::toString(TU.takeError()));
  R.Result = Outcome::Hit;
  if (*StoredRoot == Root) {
    R.FactsJson = Body.str();
  } else {
    // Restored from another runner: its file names become ours.
    rebaseFacts(*TU, *StoredRoot, Root);
    R.FactsJson = writeFactsJson(*TU);
  }
  R.Facts = std::move(*TU);
  R.Dependencies = std::move(Dependencies);
  return R;
}

llvm::Error FactsCache::store(const CacheKey &Key, llvm::StringRef FactsJson,
                              std::vector<FileDigest> Dependencies) {
  // Without dependencies an entry would match whatever the sources say.
  assert(!Dependencies.empty() && "a TU reads at least its main file");
  std::sort(Dependencies.begin(), Dependencies.end(),
            [](const FileDigest &A, const FileDigest &B) { return A.Path < B.Path; });
  // Ordered, so that the format and build come first for a reader's eye.
  using nlohmann::ordered_json;
  ordered_json Deps = ordered_json::array();
  for (size_t I = 0; I < Dependencies.size(); ++I)
    if (I == 0 || Dependencies[I].Path != Dependencies[I - 1].Path)
      Deps.push_back(ordered_json::array(
          {support::relativeToRoot(Dependencies[I].Path, Root), hex64(Dependencies[I].Hash)}));
  ordered_json Manifest{{"lockcheck_cache", FormatVersion},
                        {"build_id", BuildId},
                        {"facts_version", FactsFormatVersion},
                        {"main_file", Key.MainFile},
                        {"directory", Key.Directory},
                        {"root", Root},
                        {"args", Key.Args},
                        {"facts_size", FactsJson.size()},
                        {"facts_digest", hex64(llvm::xxh3_64bits(FactsJson))},
                        {"dependencies", std::move(Deps)}};
  // A name that is not UTF-8 is written with replacement characters instead of
  // throwing: the entry then matches no command and no file, so it only misses.
  std::string Text = Manifest.dump(-1, ' ', /*ensure_ascii=*/false,
                                   ordered_json::error_handler_t::replace);
  Text += '\n';
  Text += FactsJson;
  return support::writeFileAtomically(entryPath(Key), Text);
}

} // namespace lockcheck::facts
