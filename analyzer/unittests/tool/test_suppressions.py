"""Suppressions end to end on a copy of testdata/minikernel: inline comments at
the finding or its entry function and a YAML file hold findings back; they are
counted, listed with --show-suppressed (text, JSON, SARIF), and a suppression
without a reason is a one-line error naming file and line."""
import json
import os
import unittest

import jsonschema

from minikernel import SARIF_SCHEMA, MinikernelTestCase

REACQUIRE = "\tbtrfs_inode_lock(inode, BTRFS_ILOCK_MMAP);"


class SuppressionsTest(MinikernelTestCase):
    def setUp(self):
        super().setUp()
        self.supp = os.path.join(self.mk.build, "suppressions.yaml")

    def line_of(self, name, text):
        lines = self.mk.read(name).splitlines()
        (index,) = [i for i, line in enumerate(lines) if line.startswith(text)]
        return index + 1

    def suppress_btrfs_inline(self):
        self.mk.edit("fs/btrfs/file.c", REACQUIRE, REACQUIRE +
                     " /* lockcheck: ignore recursive-lock: journal_info guards the re-entry */")

    def test_comment_at_the_finding(self):
        self.suppress_btrfs_inline()
        line = self.line_of("fs/btrfs/file.c", REACQUIRE)
        report, r = self.mk.check()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual([f["function"] for f in report["findings"]],
                         ["ext4_handle_inode_extension"])
        self.assertEqual(report["stats"]["suppressed"], 1)
        self.assertEqual(report["suppressed"], [])
        self.assertIn("lockcheck: 1 findings suppressed", r.stderr)

        shown, _ = self.mk.check("--show-suppressed")
        (held,) = shown["suppressed"]
        self.assertEqual((held["function"], held["line"]), ("btrfs_sync_file", line))
        self.assertEqual(held["suppression"], {"kind": "inline", "file": "fs/btrfs/file.c",
                                               "line": line,
                                               "reason": "journal_info guards the re-entry"})

        r = self.mk.run("check", "-p", self.mk.build, "--no-cache", "--show-suppressed")
        self.assertRegex(r.stdout, r"(?m)^fs/btrfs/file.c:%d:\d+: remark: acquiring 'inode.i_rwsem'"
                                   r" that is already held \[recursive-lock\]$" % line)
        self.assertIn("\nfs/btrfs/file.c:%d: note: suppressed: journal_info guards the re-entry\n"
                      % line, r.stdout)
        self.assertEqual(r.stdout.count(": warning: "), 1)

        sarif, _ = self.mk.check("--show-suppressed", fmt="sarif")
        with open(SARIF_SCHEMA) as f:
            jsonschema.validate(sarif, json.load(f), cls=jsonschema.Draft4Validator)
        suppressions = [res.get("suppressions") for res in sarif["runs"][0]["results"]]
        self.assertEqual(suppressions[0], None)
        self.assertEqual(suppressions[1][0]["kind"], "inSource")
        self.assertEqual(suppressions[1][0]["justification"], "journal_info guards the re-entry")

    def test_comment_before_the_entry_function_holds_back_all_it_reaches(self):
        entry = "ssize_t ext4_file_write_iter("
        self.mk.edit("fs/ext4/file.c", entry,
                     "/* lockcheck: ignore recursive-lock: end_io runs after the unlock */\n"
                     + entry)
        self.suppress_btrfs_inline()
        report, r = self.mk.check()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(report["findings"], [])
        self.assertEqual(report["stats"]["suppressed"], 2)

    def test_bad_comment_is_a_one_line_error_naming_file_and_line(self):
        line = self.line_of("fs/btrfs/file.c", REACQUIRE)
        original = self.mk.read("fs/btrfs/file.c")
        rows = [("/* lockcheck: ignore recursive-lock: */",
                 "suppression of 'recursive-lock' gives no reason"),
                ("/* lockcheck: ignore recursive-locks: misspelt */",
                 "unknown checker or rule 'recursive-locks'")]
        for comment, fault in rows:
            with self.subTest(comment=comment):
                self.mk.write("fs/btrfs/file.c", original)
                self.mk.edit("fs/btrfs/file.c", REACQUIRE, REACQUIRE + " " + comment)
                r = self.mk.run("check", "-p", self.mk.build, "--no-cache")
                self.assertEqual((r.returncode, r.stdout), (2, ""))
                self.assertEqual(r.stderr, "lockcheck: error: fs/btrfs/file.c:%d: %s\n"
                                 % (line, fault))

    def test_suppression_file(self):
        report, _ = self.mk.check()
        ext4 = [f for f in report["findings"] if f["function"] == "ext4_handle_inode_extension"]
        with open(self.supp, "w") as f:
            f.write("suppressions:\n"
                    "  - checker: recursive-lock\n"
                    "    function: btrfs_sync_file\n"
                    "    reason: journal_info guards the re-entry\n"
                    "  - checker: recursive-lock\n"
                    "    fingerprint: %s\n"
                    "    reason: ext4 extends i_disksize after the unlock\n" % ext4[0]["fingerprint"])
        shown, r = self.mk.check("--suppressions", self.supp, "--show-suppressed")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(shown["findings"], [])
        self.assertEqual([(s["function"], s["suppression"]["kind"], s["suppression"]["line"])
                          for s in shown["suppressed"]],
                         [("btrfs_sync_file", "file", 2), ("ext4_handle_inode_extension", "file", 5)])
        self.assertEqual(shown["suppressed"][0]["suppression"]["file"], self.supp)

    def test_suppression_file_without_reason_is_an_error(self):
        with open(self.supp, "w") as f:
            f.write("suppressions:\n  - checker: recursive-lock\n    function: btrfs_sync_file\n")
        for args in (["check", "-p", self.mk.build], ["analyze", "--facts", self.mk.build]):
            r = self.mk.run(*args, "--suppressions", self.supp)
            self.assertEqual((r.returncode, r.stdout), (2, ""))
            self.assertEqual(r.stderr, "lockcheck: error: %s:2:5: missing required key 'reason'\n"
                             % self.supp)


if __name__ == "__main__":
    unittest.main()
