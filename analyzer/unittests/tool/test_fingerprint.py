"""Fingerprints name a finding across runs: moving lines keeps them, changing a
function on the witness path changes them. On a copy of testdata/minikernel."""
import re
import unittest

from minikernel import MinikernelTestCase, fingerprints

SHIFT = "/*\n * Seven lines that move everything below them.\n *\n *\n *\n *\n */\n"


class FingerprintTest(MinikernelTestCase):

    def test_moved_lines_keep_fingerprints(self):
        before, _ = self.mk.check()
        self.assertEqual(len(before["findings"]), 2)
        for name in self.mk.sources():
            self.mk.write(name, SHIFT + self.mk.read(name))
        after, _ = self.mk.check()
        # Every location moved...
        self.assertEqual([f["line"] + 7 for f in before["findings"]],
                         [f["line"] for f in after["findings"]])
        self.assertEqual([s["line"] + 7 for f in before["findings"] for s in f["trace"]],
                         [s["line"] for f in after["findings"] for s in f["trace"]])
        # ...and no fingerprint did.
        self.assertEqual(fingerprints(after), fingerprints(before))

    def test_changed_function_on_the_path_changes_the_fingerprint(self):
        before = fingerprints(self.mk.check()[0])
        self.mk.edit("fs/btrfs/file.c", "btrfs_direct_write(", "btrfs_dio_write_locked(")
        after_report, _ = self.mk.check()
        after = fingerprints(after_report)
        btrfs = ("fs/btrfs/file.c", "btrfs_sync_file")
        ext4 = ("fs/ext4/file.c", "ext4_handle_inode_extension")
        self.assertIn("btrfs_dio_write_locked",
                      [s["function"] for f in after_report["findings"] for s in f["trace"]])
        self.assertNotEqual(after[btrfs], before[btrfs])
        self.assertEqual(after[ext4], before[ext4])

    def test_text_ends_each_finding_with_its_fingerprint(self):
        report, _ = self.mk.check()
        r = self.mk.run("check", "-p", self.mk.build, "--no-cache", "--quiet")
        self.assertEqual(r.returncode, 1, r.stderr)
        # The first line stays clang's; the fingerprint is the finding's last note.
        blocks = re.split(r"\n(?=\S+: warning: )", r.stdout.strip())
        self.assertEqual(len(blocks), 2)
        for block, finding in zip(blocks, report["findings"]):
            first, last = block.splitlines()[0], block.splitlines()[-1]
            self.assertRegex(first, r"^[^:]+:\d+:\d+: warning: .* \[recursive-lock\]$")
            self.assertEqual(last, "%s:%d:%d: note: fingerprint %s" % (
                finding["file"], finding["line"], finding["column"], finding["fingerprint"]))


if __name__ == "__main__":
    unittest.main()
