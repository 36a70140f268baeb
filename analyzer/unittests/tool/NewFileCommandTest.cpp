//===- unittests/tool/NewFileCommandTest.cpp ------------------------------===//
#include "tool/NewFileCommand.h"

#include "gtest/gtest.h"

using namespace lockcheck;
using namespace lockcheck::tool;

namespace {

/// A compile command as Kbuild writes it for SRC/REL, an object of module
/// MODFILE (fs/btrfs/btrfs) named MODNAME.
frontend::TUCommand kbuildCommand(const std::string &Rel, const std::string &ModFile,
                                  const std::string &ModName) {
  std::string Stem = Rel.substr(Rel.rfind('/') + 1);
  Stem = Stem.substr(0, Stem.size() - 2);
  std::string Dir = Rel.substr(0, Rel.rfind('/'));
  std::string Base = Stem;
  for (char &C : Base)
    if (C == '-')
      C = '_';
  return {"/src/" + Rel,
          "/out",
          {"clang-19", "-Wp,-MMD," + Dir + "/." + Stem + ".o.d", "-nostdinc", "-I/src/include",
           "-DKBUILD_MODFILE=\"" + ModFile + "\"", "-DKBUILD_BASENAME=\"" + Base + "\"",
           "-DKBUILD_MODNAME=\"" + ModName + "\"", "-D__KBUILD_MODNAME=kmod_" + ModName, "-c",
           "-o", Dir + "/" + Stem + ".o", "/src/" + Rel}};
}

const std::vector<frontend::TUCommand> Commands = {
    kbuildCommand("fs/btrfs/inode.c", "fs/btrfs/btrfs", "btrfs"),
    kbuildCommand("fs/btrfs/file.c", "fs/btrfs/btrfs", "btrfs"),
    kbuildCommand("fs/sync.c", "fs/sync", "sync"),
    kbuildCommand("fs/iomap/direct-io.c", "fs/iomap/direct-io", "direct_io"),
};

TEST(NewFileCommandTest, JoinsTheCompositeModuleOfItsDirectory) {
  std::optional<NewFileCommand> C = commandForNewFile(Commands, "/src/fs/btrfs/new-file.c");
  ASSERT_TRUE(C);
  // The first TU of the directory by name, with the object's own words changed.
  EXPECT_EQ(C->Template, "/src/fs/btrfs/file.c");
  EXPECT_EQ(C->Command.File, "/src/fs/btrfs/new-file.c");
  EXPECT_EQ(C->Command.Directory, "/out");
  std::vector<std::string> Want = {
      "clang-19", "-Wp,-MMD,fs/btrfs/.new-file.o.d", "-nostdinc", "-I/src/include",
      "-DKBUILD_MODFILE=\"fs/btrfs/btrfs\"", "-DKBUILD_BASENAME=\"new_file\"",
      "-DKBUILD_MODNAME=\"btrfs\"", "-D__KBUILD_MODNAME=kmod_btrfs", "-c", "-o",
      "fs/btrfs/new-file.o", "/src/fs/btrfs/new-file.c"};
  EXPECT_EQ(C->Command.Args, Want);
}

TEST(NewFileCommandTest, AOneFileObjectGivesItsOwnModuleName) {
  std::optional<NewFileCommand> C = commandForNewFile(Commands, "/src/fs/fsync.c");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Template, "/src/fs/sync.c");
  std::vector<std::string> Want = {
      "clang-19", "-Wp,-MMD,fs/.fsync.o.d", "-nostdinc", "-I/src/include",
      "-DKBUILD_MODFILE=\"fs/fsync\"", "-DKBUILD_BASENAME=\"fsync\"",
      "-DKBUILD_MODNAME=\"fsync\"", "-D__KBUILD_MODNAME=kmod_fsync", "-c", "-o", "fs/fsync.o",
      "/src/fs/fsync.c"};
  EXPECT_EQ(C->Command.Args, Want);
}

TEST(NewFileCommandTest, ANewDirectoryTakesTheNearestDirectoryAbove) {
  std::optional<NewFileCommand> C = commandForNewFile(Commands, "/src/fs/newfs/super.c");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Template, "/src/fs/sync.c");
  std::vector<std::string> Want = {
      "clang-19", "-Wp,-MMD,fs/newfs/.super.o.d", "-nostdinc", "-I/src/include",
      "-DKBUILD_MODFILE=\"fs/newfs/super\"", "-DKBUILD_BASENAME=\"super\"",
      "-DKBUILD_MODNAME=\"super\"", "-D__KBUILD_MODNAME=kmod_super", "-c", "-o",
      "fs/newfs/super.o", "/src/fs/newfs/super.c"};
  EXPECT_EQ(C->Command.Args, Want);
}

TEST(NewFileCommandTest, NoTUAnywhereAboveGivesNone) {
  EXPECT_FALSE(commandForNewFile(Commands, "/elsewhere/new.c"));
  EXPECT_FALSE(commandForNewFile({}, "/src/fs/btrfs/new.c"));
}

} // namespace
