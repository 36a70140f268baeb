//===- unittests/tool/PatchReaderTest.cpp ---------------------------------===//
#include "tool/PatchReader.h"

#include "gtest/gtest.h"

using namespace lockcheck::tool;

namespace {

// Two mails of a format-patch series and a cover letter before them.
const char *Series = R"(From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
Subject: [PATCH 0/2] btrfs: two changes

Cover letter text.

From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
From: A U Thor <author@example.com>
Subject: [PATCH 1/2] btrfs: drop i_rwsem
 around direct IO

---
diff --git a/fs/btrfs/file.c b/fs/btrfs/file.c
index 1..2 100644
--- a/fs/btrfs/file.c
+++ b/fs/btrfs/file.c
@@ -17,6 +17,5 @@ static ssize_t btrfs_direct_write(...)
 	ssize_t ret;
 
-	btrfs_inode_lock(inode, 0);
 	ret = iomap_dio_rw(iocb, from, NULL, NULL, 0);
 	btrfs_inode_unlock(inode, 0);
 	return ret;
@@ -40,2 +39,3 @@
 a
+b
 c
-- 
2.39.5

From 2222222222222222222222222222222222222222 Mon Sep 17 00:00:00 2001
Subject: [PATCH 2/2] fs: new file

diff --git a/fs/new.c b/fs/new.c
new file mode 100644
--- /dev/null
+++ b/fs/new.c
@@ -0,0 +1,2 @@
+int x;
+int y;
diff --git a/fs/old.c b/fs/renamed.c
similarity index 90%
rename from fs/old.c
rename to fs/renamed.c
)";

TEST(PatchReaderTest, ReadsASeriesHunksAndLines) {
  auto Patches = readPatches(Series, "series.mbox");
  ASSERT_TRUE(bool(Patches)) << llvm::toString(Patches.takeError());
  ASSERT_EQ(Patches->size(), 2u); // the cover letter has no diff
  const Patch &First = (*Patches)[0];
  EXPECT_EQ(First.Subject, "[PATCH 1/2] btrfs: drop i_rwsem around direct IO");
  EXPECT_EQ(First.FirstLine, 6u);
  ASSERT_EQ(First.Files.size(), 1u);
  const FileDiff &F = First.Files[0];
  EXPECT_EQ(F.OldPath, "fs/btrfs/file.c");
  EXPECT_EQ(F.NewPath, "fs/btrfs/file.c");
  ASSERT_EQ(F.Hunks.size(), 2u);
  const Hunk &H = F.Hunks[0];
  EXPECT_EQ(H.HeaderLine, 16u);
  EXPECT_EQ(H.LastLine, 22u);
  EXPECT_EQ(H.Removed, std::vector<unsigned>{19});
  EXPECT_EQ(H.RemovedInputLines, std::vector<unsigned>{19});
  EXPECT_TRUE(H.Added.empty());
  // The added line of hunk 2, in new-file and in input numbering.
  EXPECT_EQ(F.Hunks[1].Added, std::vector<unsigned>{40});
  EXPECT_EQ(F.Hunks[1].AddedInputLines, std::vector<unsigned>{25});
  EXPECT_TRUE(llvm::StringRef(First.Text).starts_with("From 1111"));
  EXPECT_TRUE(llvm::StringRef(First.Text).ends_with("2.39.5\n\n"));

  const Patch &Second = (*Patches)[1];
  ASSERT_EQ(Second.Files.size(), 2u);
  EXPECT_EQ(Second.Files[0].OldPath, "");
  EXPECT_EQ(Second.Files[0].NewPath, "fs/new.c");
  EXPECT_EQ(Second.Files[0].Hunks[0].Added, (std::vector<unsigned>{1, 2}));
  EXPECT_EQ(Second.Files[1].OldPath, "fs/old.c");
  EXPECT_EQ(Second.Files[1].NewPath, "fs/renamed.c");
  EXPECT_TRUE(Second.Files[1].Hunks.empty());
}

TEST(PatchReaderTest, PlainUnifiedDiffAndOmittedCounts) {
  auto Patches = readPatches("--- a/x.c\t2020-01-01\n+++ b/x.c\n@@ -3 +3 @@\n-a\n+b\n", "p");
  ASSERT_TRUE(bool(Patches)) << llvm::toString(Patches.takeError());
  const Hunk &H = (*Patches)[0].Files[0].Hunks[0];
  EXPECT_EQ(H.OldCount, 1u);
  EXPECT_EQ(H.Removed, std::vector<unsigned>{3});
  EXPECT_EQ(H.Added, std::vector<unsigned>{3});
}

std::string errorOf(llvm::StringRef Text) {
  auto Patches = readPatches(Text, "p");
  return Patches ? "" : llvm::toString(Patches.takeError());
}

TEST(PatchReaderTest, RefusesWhatItWillNotApply) {
  const std::string H = "@@ -1 +1 @@\n-a\n+b\n";
  EXPECT_EQ(errorOf("--- a/../x\n+++ b/../x\n" + H), "p:1: '../x' leaves the tree");
  EXPECT_EQ(errorOf("--- /etc/passwd\n+++ /etc/passwd\n" + H),
            "p:1: '/etc/passwd' is an absolute path");
  EXPECT_EQ(errorOf("--- a/.git/config\n+++ b/.git/config\n" + H),
            "p:1: '.git/config' is inside .git");
  EXPECT_EQ(errorOf("--- a/a//b\n+++ b/a//b\n" + H), "p:1: 'a//b' is not a plain relative path");
  EXPECT_EQ(errorOf("diff --git \"a/x\\ty\" \"b/x\\ty\"\n"),
            "p:1: quoted file names are not supported");
  EXPECT_EQ(errorOf("diff --git a/l b/l\nnew file mode 120000\n"),
            "p:2: symbolic links in patches are not supported");
  EXPECT_EQ(errorOf("diff --git a/b b/b\nindex 1..2\nBinary files a/b and b/b differ\n"),
            "p:3: binary patches are not supported");
  EXPECT_EQ(errorOf(std::string("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+\0\n", 35)),
            "p:5: NUL byte: binary input is not a patch");
  EXPECT_EQ(errorOf("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n"),
            "p:3: hunk of 'x' ends before its last line");
  EXPECT_EQ(errorOf("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\nxyz\n"),
            "p:5: line does not belong to the hunk at line 3");
  EXPECT_EQ(errorOf("--- a/x\n+++ b/x\n@@ -1 +z @@\n"),
            "p:3: malformed hunk header '@@ -1 +z @@'");
  EXPECT_EQ(errorOf("just text\n"), "p:1: no diff found in the input");
  EXPECT_EQ(errorOf(std::string(MaxPatchInputBytes + 1, 'x')),
            "p: patch input is larger than the limit of 8 MiB");
}

TEST(PatchReaderTest, ACoverLetterAloneHasNoPatch) {
  auto Patches = readPatches("From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH 0/3] x\n\nhi\n",
                             "p");
  ASSERT_TRUE(bool(Patches)) << llvm::toString(Patches.takeError());
  EXPECT_TRUE(Patches->empty());
}

} // namespace
