//===- unittests/support/AtomicFileTest.cpp -------------------------------===//
#include "support/AtomicFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

using lockcheck::support::writeFileAtomically;
namespace fs = llvm::sys::fs;

namespace {

std::string message(llvm::Error E) { return E ? llvm::toString(std::move(E)) : ""; }

class AtomicFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<256> Prefix;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Prefix);
    llvm::sys::path::append(Prefix, "lockcheck-atomic-file-test");
    ASSERT_FALSE(fs::createUniqueDirectory(Prefix, Top));
  }
  void TearDown() override { fs::remove_directories(Top); }
  std::string path(llvm::StringRef Name) const {
    llvm::SmallString<256> P = Top;
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }
  llvm::SmallString<256> Top;
};

TEST_F(AtomicFileTest, WritesANewFileAndReplacesAnOldOne) {
  std::string Out = path("report.json");
  ASSERT_EQ(message(writeFileAtomically(Out, "old")), "");
  ASSERT_EQ(message(writeFileAtomically(Out, "new")), "");
  auto Buffer = llvm::MemoryBuffer::getFile(Out);
  ASSERT_TRUE(bool(Buffer));
  EXPECT_EQ((*Buffer)->getBuffer(), "new");
  std::error_code EC;
  for (fs::directory_iterator It(Top, EC), End; !EC && It != End; It.increment(EC))
    EXPECT_EQ(llvm::sys::path::filename(It->path()), "report.json");
}

// `-o /dev/null` as root once replaced /dev/null by a regular file. A FIFO
// stands in for the device: it is no regular file either, and needs no root.
TEST_F(AtomicFileTest, WritesThroughAFileThatIsNoRegularFile) {
  std::string Fifo = path("pipe");
  ASSERT_EQ(::mkfifo(Fifo.c_str(), 0600), 0);
  // Open for reading and writing, so that the writer's open does not wait.
  int Reader = ::open(Fifo.c_str(), O_RDWR | O_NONBLOCK);
  ASSERT_GE(Reader, 0);
  ASSERT_EQ(message(writeFileAtomically(Fifo, "findings")), "");
  char Got[16] = {};
  EXPECT_EQ(::read(Reader, Got, sizeof(Got)), 8);
  EXPECT_STREQ(Got, "findings");
  ::close(Reader);
  struct stat St;
  ASSERT_EQ(::stat(Fifo.c_str(), &St), 0);
  EXPECT_TRUE(S_ISFIFO(St.st_mode));
}

} // namespace
