//===- unittests/support/RootPathsTest.cpp --------------------------------===//
#include "support/RootPaths.h"

#include "gtest/gtest.h"

using namespace lockcheck::support;

namespace {

TEST(RootPathsTest, RelativeOnlyUnderTheRootAndBack) {
  EXPECT_EQ(relativeToRoot("/w/k/fs/sync.c", "/w/k"), "fs/sync.c");
  EXPECT_EQ(relativeToRoot("/w/k", "/w/k"), ".");
  // A sibling whose name starts like the root is not under it.
  EXPECT_EQ(relativeToRoot("/w/k2/fs/sync.c", "/w/k"), "/w/k2/fs/sync.c");
  EXPECT_EQ(relativeToRoot("/usr/include/stddef.h", "/w/k"), "/usr/include/stddef.h");
  EXPECT_EQ(relativeToRoot("/w/k/a.c", ""), "/w/k/a.c");
  EXPECT_EQ(underRoot("fs/sync.c", "/r"), "/r/fs/sync.c");
  EXPECT_EQ(underRoot(".", "/r"), "/r");
  EXPECT_EQ(underRoot("/usr/include/stddef.h", "/r"), "/usr/include/stddef.h");
  EXPECT_EQ(rebase("/a/b/fs/x.c", "/a/b", "/c"), "/c/fs/x.c");
  EXPECT_EQ(rebase("/a/bc/x.c", "/a/b", "/c"), "/a/bc/x.c");
}

TEST(RootPathsTest, PlaceholderReplacesWholeFolderNamesOnly) {
  EXPECT_EQ(withRootPlaceholder("-I/w/k/include", "/w/k"), "-I${root}/include");
  EXPECT_EQ(withRootPlaceholder("/w/k/a.h:/w/k/b.h", "/w/k"), "${root}/a.h:${root}/b.h");
  EXPECT_EQ(withRootPlaceholder("-I/w/k2/include", "/w/k"), "-I/w/k2/include");
  EXPECT_EQ(withRootPlaceholder("-I/w/k", "/w/k"), "-I${root}");
  EXPECT_EQ(withRootPlaceholder("-I/usr/include", "/"), "-I/usr/include");
}

TEST(RootPathsTest, CommonAncestorIsAFolderOfAll) {
  EXPECT_EQ(commonAncestor({"/w/k/out", "/w/k/src/fs/a.c", "/w/k/src/mm/b.c"}), "/w/k");
  EXPECT_EQ(commonAncestor({"/w/k/out", "/w/k2/a.c"}), "/w");
  EXPECT_EQ(commonAncestor({"/a/x.c", "/b/y.c"}), "/");
  EXPECT_EQ(commonAncestor({}), "");
}

} // namespace
