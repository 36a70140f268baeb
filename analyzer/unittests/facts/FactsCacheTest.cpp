//===- unittests/facts/FactsCacheTest.cpp - Facts cache hits, misses, rejects -===//
#include "facts/FactsCache.h"

#include "facts/FactsJson.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <gtest/gtest.h>

using namespace lockcheck::facts;
using Outcome = FactsCache::Outcome;

namespace {

constexpr const char *BuildId = "lockcheck test-build facts-2";

/// A folder with a main file and two headers, a key for compiling the main
/// file, and the helpers to write, digest and damage files in it.
class FactsCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("lockcheck-cache-test", Root));
    Main = write("src/a.c", "#include \"a.h\"\nvoid a(void) { b(); }\n");
    Header = write("src/a.h", "void b(void);\n");
    Shared = write("include/shared.h", "struct s { int x; };\n");
    CacheDir = path("cache");
    Key = CacheKey{Main, path("src"), {"clang", "-c", "-Iinclude", "a.c"}};
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Root); }

  std::string path(llvm::StringRef Rel) const {
    llvm::SmallString<256> P = Root;
    llvm::sys::path::append(P, Rel);
    return std::string(P);
  }
  std::string write(llvm::StringRef Rel, llvm::StringRef Text) {
    std::string P = path(Rel);
    llvm::SmallString<256> Dir = llvm::StringRef(P);
    llvm::sys::path::remove_filename(Dir);
    EXPECT_FALSE(llvm::sys::fs::create_directories(Dir));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    EXPECT_FALSE(EC) << P << ": " << EC.message();
    if (!EC)
      OS << Text;
    else
      OS.clear_error();
    return P;
  }
  std::string read(llvm::StringRef P) {
    auto Buffer = llvm::MemoryBuffer::getFile(P);
    EXPECT_TRUE(bool(Buffer)) << P.str();
    return Buffer ? (*Buffer)->getBuffer().str() : "";
  }
  /// What the frontend hands over: every file with the digest of its bytes.
  std::vector<FileDigest> dependencies() {
    std::vector<FileDigest> Out;
    for (const std::string &F : {Main, Header, Shared})
      Out.push_back({F, llvm::xxh3_64bits(read(F))});
    return Out;
  }
  static TUFacts facts() {
    TUFacts TU;
    TU.MainFile = "/src/a.c";
    TU.Files = {"/src/a.c"};
    FunctionFact F;
    F.Name = "a";
    F.Loc = {0, 2, 6};
    CallFact C;
    C.Kind = CalleeKind::Direct;
    C.Callee = C.CalleeText = "b";
    C.Loc = {0, 2, 16};
    F.Calls = {C};
    BlockFact B;
    B.Calls = {0};
    F.Blocks = {B};
    TU.Functions = {F};
    return TU;
  }
  /// Stores facts() for Key and returns the entry's bytes.
  std::string storeEntry() {
    FactsCache Cache(CacheDir, BuildId);
    llvm::Error E = Cache.store(Key, writeFactsJson(facts()), dependencies());
    EXPECT_FALSE(bool(E)) << llvm::toString(std::move(E));
    return read(Cache.entryPath(Key));
  }
  /// A lookup by a fresh cache: a new run, which hashes every file anew.
  FactsCache::LookupResult lookupAnew(llvm::StringRef Build = BuildId) {
    FactsCache Cache(CacheDir, Build.str());
    return Cache.lookup(Key);
  }

  llvm::SmallString<256> Root;
  std::string Main, Header, Shared, CacheDir;
  CacheKey Key;
};

TEST_F(FactsCacheTest, NoEntryIsAMissNotARejection) {
  FactsCache::LookupResult R = lookupAnew();
  EXPECT_EQ(R.Result, Outcome::Miss);
  EXPECT_FALSE(R.Facts);
}

TEST_F(FactsCacheTest, StoredFactsComeBackUnchanged) {
  storeEntry();
  FactsCache::LookupResult R = lookupAnew();
  ASSERT_EQ(R.Result, Outcome::Hit) << R.Reason;
  ASSERT_TRUE(R.Facts);
  EXPECT_EQ(writeFactsJson(*R.Facts), writeFactsJson(facts()));
  EXPECT_EQ(R.FactsJson, writeFactsJson(facts()));
}

TEST_F(FactsCacheTest, RewritingAFileWithTheSameContentsStillHits) {
  storeEntry();
  write("src/a.h", "void b(void);\n");
  EXPECT_EQ(lookupAnew().Result, Outcome::Hit);
}

TEST_F(FactsCacheTest, AChangedDependencyMisses) {
  storeEntry();
  write("include/shared.h", "struct s { int x, y; };\n");
  FactsCache::LookupResult R = lookupAnew();
  EXPECT_EQ(R.Result, Outcome::Miss);
  EXPECT_FALSE(R.Facts);
  EXPECT_EQ(R.Reason, Shared + " changed");
}

TEST_F(FactsCacheTest, AChangedMainFileMisses) {
  storeEntry();
  write("src/a.c", "#include \"a.h\"\nvoid a(void) { b(); b(); }\n");
  EXPECT_EQ(lookupAnew().Result, Outcome::Miss);
}

TEST_F(FactsCacheTest, ARemovedDependencyMisses) {
  storeEntry();
  ASSERT_FALSE(llvm::sys::fs::remove(Header));
  FactsCache::LookupResult R = lookupAnew();
  EXPECT_EQ(R.Result, Outcome::Miss);
  EXPECT_EQ(R.Reason, Header + " cannot be read");
}

TEST_F(FactsCacheTest, AnotherCommandHasItsOwnEntry) {
  storeEntry();
  Key.Args.push_back("-DCONFIG_X");
  EXPECT_EQ(lookupAnew().Result, Outcome::Miss);
  Key.Args.pop_back();
  Key.Directory = path("elsewhere");
  EXPECT_EQ(lookupAnew().Result, Outcome::Miss);
}

TEST_F(FactsCacheTest, AnEntryNamingAnotherCommandIsNotUsed) {
  // As if two commands' entry names collided: the manifest decides.
  std::string Entry = storeEntry();
  CacheKey Other = Key;
  Other.Args.push_back("-DCONFIG_X");
  FactsCache Cache(CacheDir, BuildId);
  write(llvm::StringRef(Cache.entryPath(Other)).drop_front(Root.size() + 1), Entry);
  Key = Other;
  FactsCache::LookupResult R = lookupAnew();
  EXPECT_EQ(R.Result, Outcome::Miss);
  EXPECT_FALSE(R.Facts);
}

TEST_F(FactsCacheTest, AnEntryOfAnotherBuildIsRejected) {
  storeEntry();
  FactsCache::LookupResult R = lookupAnew("lockcheck other-build facts-2");
  EXPECT_EQ(R.Result, Outcome::Rejected);
  EXPECT_FALSE(R.Facts);
  EXPECT_EQ(R.Reason, std::string("written by lockcheck build '") + BuildId + "'");
}

TEST_F(FactsCacheTest, DamagedEntriesAreRejectedWhole) {
  std::string Entry = storeEntry();
  size_t Newline = Entry.find('\n');
  ASSERT_NE(Newline, std::string::npos);
  // Still valid facts of the same size: only the digest tells.
  std::string RenamedFunction = Entry;
  size_t Name = RenamedFunction.find("\"name\":\"a\"", Newline);
  ASSERT_NE(Name, std::string::npos);
  RenamedFunction[Name + 8] = 'z';
  std::string OtherFactsVersion = Entry;
  std::string Version = "\"facts_version\":" + std::to_string(lockcheck::facts::FactsFormatVersion);
  size_t V = OtherFactsVersion.find(Version);
  ASSERT_LT(V, Newline);
  OtherFactsVersion.replace(V, Version.size(),
                            "\"facts_version\":" + std::to_string(lockcheck::facts::FactsFormatVersion + 1));
  std::string OtherFormat = Entry;
  std::string Format = "\"lockcheck_cache\":" + std::to_string(FactsCache::FormatVersion);
  size_t F = OtherFormat.find(Format);
  ASSERT_LT(F, Newline);
  OtherFormat.replace(F, Format.size(), "\"lockcheck_cache\":99");
  struct Case {
    const char *Name;
    std::string Text;
  } Cases[] = {
      {"empty", ""},
      {"half the manifest", Entry.substr(0, Newline / 2)},
      {"the manifest alone", Entry.substr(0, Newline + 1)},
      {"the last byte gone", Entry.substr(0, Entry.size() - 1)},
      {"a byte too many", Entry + " "},
      {"a function renamed in the facts", RenamedFunction},
      {"facts of another format version", OtherFactsVersion},
      {"another cache format", OtherFormat},
      {"not JSON", "\x7f" "ELF\n{}"},
  };
  std::string Rel = FactsCache(CacheDir, BuildId).entryPath(Key).substr(Root.size() + 1);
  for (const Case &C : Cases) {
    write(Rel, C.Text);
    FactsCache::LookupResult R = lookupAnew();
    EXPECT_EQ(R.Result, Outcome::Rejected) << C.Name;
    EXPECT_FALSE(R.Facts) << C.Name;
    EXPECT_FALSE(R.Reason.empty()) << C.Name;
  }
  // Storing again replaces the damaged entry.
  storeEntry();
  EXPECT_EQ(lookupAnew().Result, Outcome::Hit);
}

// A CI system restores the cache on another runner, the tree at another path:
// the entry is found by its root-relative key, its dependencies are read under
// the new root, and the facts name files under it.
TEST_F(FactsCacheTest, EntryMovesWithTheTree) {
  std::string Old = path("old"), New = path("new");
  for (const char *Rel : {"src/a.c", "src/a.h"})
    write(("old/" + llvm::Twine(Rel)).str(), read(path(Rel)));
  CacheKey Relative{"src/a.c", "src", {"clang", "-c", "-I${root}/src", "a.c"}};
  TUFacts TU = facts();
  TU.MainFile = Old + "/src/a.c";
  TU.Files = {TU.MainFile, "/usr/include/stddef.h"};
  TU.Functions[0].Calls[0].Loc.File = 1;
  {
    FactsCache Cache(CacheDir, BuildId, Old);
    std::vector<FileDigest> Deps;
    for (const char *Rel : {"/src/a.c", "/src/a.h"})
      Deps.push_back({Old + Rel, llvm::xxh3_64bits(read(Old + Rel))});
    llvm::Error E = Cache.store(Relative, writeFactsJson(TU), Deps);
    ASSERT_FALSE(bool(E)) << llvm::toString(std::move(E));
    EXPECT_EQ(read(Cache.entryPath(Relative)).find(Old + "/src/a.h"), std::string::npos);
  }
  ASSERT_FALSE(llvm::sys::fs::rename(Old, New));
  FactsCache Cache(CacheDir, BuildId, New);
  FactsCache::LookupResult R = Cache.lookup(Relative);
  ASSERT_EQ(R.Result, Outcome::Hit) << R.Reason;
  EXPECT_EQ(R.Facts->MainFile, New + "/src/a.c");
  EXPECT_EQ(R.Facts->Files, (std::vector<std::string>{New + "/src/a.c", "/usr/include/stddef.h"}));
  EXPECT_EQ(R.FactsJson, writeFactsJson(*R.Facts));
  // A dependency changed under the new root is noticed there.
  write("new/src/a.h", "void b(int);\n");
  EXPECT_EQ(FactsCache(CacheDir, BuildId, New).lookup(Relative).Result, Outcome::Miss);
}

TEST_F(FactsCacheTest, DigestsAreTakenOncePerCache) {
  storeEntry();
  FactsCache Cache(CacheDir, BuildId);
  ASSERT_EQ(Cache.lookup(Key).Result, Outcome::Hit);
  // Within one run a file is read once: later TUs see the digest it had.
  write("include/shared.h", "struct s { long x; };\n");
  EXPECT_EQ(Cache.lookup(Key).Result, Outcome::Hit);
  EXPECT_EQ(lookupAnew().Result, Outcome::Miss);
}

} // namespace
