//===- unittests/support/AtomicDirectoryTest.cpp --------------------------===//
#include "support/AtomicDirectory.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

#include <gtest/gtest.h>

using lockcheck::support::AtomicDirectory;
namespace fs = llvm::sys::fs;

namespace {

/// The error's message, or "" for success.
std::string message(llvm::Error E) { return E ? llvm::toString(std::move(E)) : ""; }

constexpr const char *Marker = ".marker";

class AtomicDirectoryTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<256> Prefix;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Prefix);
    llvm::sys::path::append(Prefix, "lockcheck-atomic-dir-test");
    ASSERT_FALSE(fs::createUniqueDirectory(Prefix, Top));
    Out = path("out");
  }
  void TearDown() override { fs::remove_directories(Top); }

  std::string path(llvm::StringRef Name) const {
    llvm::SmallString<256> P = Top;
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }
  std::string read(llvm::StringRef Name) const {
    auto Buffer = llvm::MemoryBuffer::getFile(path(Name));
    return Buffer ? (*Buffer)->getBuffer().str() : "<missing>";
  }
  void writeReport(llvm::StringRef Text) {
    auto Dir = AtomicDirectory::create(Out, Marker);
    ASSERT_TRUE(bool(Dir)) << llvm::toString(Dir.takeError());
    ASSERT_EQ(message(Dir->writeFile("sub/page.html", Text)), "");
    ASSERT_EQ(message(Dir->commit()), "");
  }
  /// Entries of Top: only `out` may remain, no temporary sibling.
  std::vector<std::string> entries() const {
    std::vector<std::string> Names;
    std::error_code EC;
    for (fs::directory_iterator It(Top, EC), End; It != End && !EC; It.increment(EC))
      Names.push_back(llvm::sys::path::filename(It->path()).str());
    std::sort(Names.begin(), Names.end());
    return Names;
  }

  llvm::SmallString<256> Top;
  std::string Out;
};

TEST_F(AtomicDirectoryTest, CreatesAndReplaces) {
  writeReport("one");
  EXPECT_EQ(read("out/sub/page.html"), "one");
  EXPECT_TRUE(fs::exists(path("out/.marker")));
  writeReport("two");
  EXPECT_EQ(read("out/sub/page.html"), "two");
  EXPECT_EQ(entries(), std::vector<std::string>{"out"});
}

TEST_F(AtomicDirectoryTest, UncommittedLeavesThePreviousFolder) {
  writeReport("one");
  {
    auto Dir = AtomicDirectory::create(Out, Marker);
    ASSERT_TRUE(bool(Dir)) << llvm::toString(Dir.takeError());
    ASSERT_EQ(message(Dir->writeFile("sub/page.html", "half")), "");
  }
  EXPECT_EQ(read("out/sub/page.html"), "one");
  EXPECT_EQ(entries(), std::vector<std::string>{"out"});
}

TEST_F(AtomicDirectoryTest, NeverReplacesAFolderItDidNotWrite) {
  ASSERT_FALSE(fs::create_directory(Out));
  // An empty folder is fair game (`mkdir report` before the first run).
  EXPECT_EQ(message(AtomicDirectory::checkReplaceable(Out, Marker)), "");
  std::error_code EC;
  llvm::raw_fd_ostream(path("out/notes.txt"), EC) << "mine";
  EXPECT_EQ(message(AtomicDirectory::create(Out, Marker).takeError()),
            Out + ": folder exists and is not a lockcheck report; not replacing it");
  EXPECT_EQ(read("out/notes.txt"), "mine");
  EXPECT_EQ(entries(), std::vector<std::string>{"out"});
}

TEST_F(AtomicDirectoryTest, AFileInTheWayIsAnError) {
  std::error_code EC;
  llvm::raw_fd_ostream(Out, EC) << "x";
  EXPECT_EQ(message(AtomicDirectory::checkReplaceable(Out, Marker)),
            Out + ": exists and is not a folder");
}

} // namespace
