//===- unittests/spec/RulesTest.cpp - Shipped and broken rules files ------===//
#include "spec/Rules.h"

#include <gtest/gtest.h>

#ifndef LOCKCHECK_SOURCE_DIR
#error "LOCKCHECK_SOURCE_DIR must name the source tree holding rules/"
#endif

using namespace lockcheck::spec;

namespace {

/// The one-line error loading Text under the name "broken.yaml" gives.
std::string loadError(llvm::StringRef Text) {
  Rules R;
  llvm::Error E = R.loadBuffer(Text, "broken.yaml");
  if (!E)
    return "<no error>";
  std::string Message = llvm::toString(std::move(E));
  EXPECT_EQ(Message.find('\n'), std::string::npos) << Message;
  return Message;
}

const char *const Good = R"(rules:
  - id: a-rule
    title: a title
    citation: Documentation/filesystems/locking.rst:1
    method: file_operations.fsync
    not-held-on-entry:
      - lock: inode.i_rwsem
)";

TEST(ShippedRulesTest, LoadWithTheSeedContracts) {
  Rules R;
  llvm::Error E = R.loadDirectory(LOCKCHECK_SOURCE_DIR "/rules");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  const Rule *Vfs = nullptr, *Iomap = nullptr;
  for (const Rule &Each : R.all()) {
    EXPECT_FALSE(Each.Citation.empty()) << Each.Id;
    if (Each.Id == "vfs-fsync-no-vfs-locks")
      Vfs = &Each;
    if (Each.Id == "iomap-fsync-no-io-lock")
      Iomap = &Each;
  }
  ASSERT_TRUE(Vfs && Iomap);
  // The kernel settled the seed dispute on iomap's side.
  EXPECT_FALSE(Vfs->Enabled);
  EXPECT_TRUE(Iomap->Enabled);
  EXPECT_EQ(Iomap->Record, "file_operations");
  EXPECT_EQ(Iomap->Field, "fsync");
  ASSERT_EQ(Iomap->MustNotAcquire.size(), 1u);
  EXPECT_EQ(Iomap->MustNotAcquire[0].HeldAround, "iomap_dio_rw");
  EXPECT_TRUE(R.forMethod("file_operations", "fsync").size() >= 1);
}

TEST(RulesTest, ReadsEveryPart) {
  Rules R;
  llvm::Error E = R.loadBuffer(R"(rules:
  - id: setattr
    title: t
    citation: Documentation/filesystems/locking.rst:86
    severity: error
    enabled: false
    method: inode_operations.setattr
    held-on-entry:
      - lock: inode.i_rwsem
        mode: exclusive
        object: {argument: 1, path: [dentry.d_inode]}
    may-block: true
)",
                               "ok.yaml");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  ASSERT_EQ(R.size(), 1u);
  const Rule &Setattr = R.rule(0);
  EXPECT_EQ(Setattr.Severity, RuleSeverity::Error);
  EXPECT_FALSE(Setattr.Enabled);
  EXPECT_EQ(Setattr.Line, 2u);
  ASSERT_EQ(Setattr.HeldOnEntry.size(), 1u);
  EXPECT_EQ(Setattr.HeldOnEntry[0].Mode, HeldMode::Exclusive);
  ASSERT_TRUE(Setattr.HeldOnEntry[0].Object.has_value());
  EXPECT_EQ(Setattr.HeldOnEntry[0].Object->Argument, std::optional<unsigned>(1));
  EXPECT_EQ(Setattr.HeldOnEntry[0].Object->Path, std::vector<std::string>{"dentry.d_inode"});
  EXPECT_EQ(Setattr.MayBlock, std::optional<bool>(true));
  // Disabled rules are not applied, and --enable finds them by id.
  EXPECT_TRUE(R.forMethod("inode_operations", "setattr").empty());
  ASSERT_FALSE(static_cast<bool>(R.setEnabled("setattr", true)));
  EXPECT_EQ(R.forMethod("inode_operations", "setattr").size(), 1u);
  EXPECT_EQ(llvm::toString(R.setEnabled("nope", false)), "unknown rule id 'nope'");
}

TEST(RulesTest, ALockdepMapIsALockOfNoObject) {
  Rules R;
  llvm::Error E = R.loadBuffer(R"(rules:
  - id: scan
    title: t
    citation: mm/vmscan.c:853
    method: shrinker.scan_objects
    held-on-entry:
      - lock: fs_reclaim
)",
                               "ok.yaml");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  ASSERT_EQ(R.rule(0).HeldOnEntry.size(), 1u);
  EXPECT_EQ(R.rule(0).HeldOnEntry[0].Lock, "fs_reclaim");
  EXPECT_FALSE(R.rule(0).HeldOnEntry[0].Object.has_value());

  std::string Text = Good;
  std::string Spaced = Text;
  Spaced.replace(Spaced.find("inode.i_rwsem"), 13, "fs reclaim");
  EXPECT_EQ(loadError(Spaced),
            "broken.yaml:7:9: lock 'fs reclaim' is neither 'record.field' nor a lockdep map's "
            "name");
  std::string WithObject = Text;
  WithObject.replace(WithObject.find("inode.i_rwsem"), 13,
                     "fs_reclaim\n        object: {argument: 0}");
  EXPECT_EQ(loadError(WithObject),
            "broken.yaml:7:9: lock 'fs_reclaim' is no struct field: it takes no 'object'");
}

TEST(RulesTest, BrokenFilesAreOneLineErrorsNamingFileAndLine) {
  EXPECT_EQ(loadError(Good), "<no error>");
  std::string Text = Good;
  EXPECT_EQ(loadError(llvm::StringRef(Text).str() + "    held-on-entyr: []\n"),
            "broken.yaml:8:5: unknown key 'held-on-entyr'");
  std::string Severity = Text;
  Severity.insert(Severity.find("    method"), "    severity: fatal\n");
  EXPECT_EQ(loadError(Severity), "broken.yaml:5:15: unknown enumerated scalar");
  std::string NoCitation = Text;
  NoCitation.erase(NoCitation.find("    citation"), NoCitation.find("    method") -
                                                      NoCitation.find("    citation"));
  EXPECT_EQ(loadError(NoCitation), "broken.yaml:2:5: missing required key 'citation'");
  EXPECT_EQ(loadError(Text + Text.substr(Text.find("  - id"))),
            "broken.yaml:8: duplicate rule id 'a-rule'");
  std::string BadMethod = Text;
  BadMethod.replace(BadMethod.find("file_operations.fsync"), 21, "fsync");
  EXPECT_EQ(loadError(BadMethod),
            "broken.yaml:2:5: rule 'a-rule': method 'fsync' is not 'record.field'");
  std::string Both = Text;
  Both.insert(Both.find("      - lock"), "      - held-around: iomap_dio_rw\n");
  EXPECT_EQ(loadError(Both),
            "broken.yaml:2:5: rule 'a-rule': 'held-around' is only for 'must-not-acquire'");
}

} // namespace
