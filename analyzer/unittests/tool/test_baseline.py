"""lockcheck baseline records today's findings; --baseline reports only new
ones, counts the ones no longer found, and exits 1 only for new findings. A
malformed baseline is a one-line error and exit 2. On a copy of
testdata/minikernel."""
import json
import os
import unittest

from minikernel import MinikernelTestCase, fingerprints

BTRFS = ("fs/btrfs/file.c", "btrfs_sync_file")
EXT4 = ("fs/ext4/file.c", "ext4_handle_inode_extension")


class BaselineTest(MinikernelTestCase):
    def setUp(self):
        super().setUp()
        self.base = os.path.join(self.mk.build, "base.json")

    def make_baseline(self, *args):
        r = self.mk.run("baseline", *args, "-o", self.base)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.base) as f:
            return json.load(f), r

    def test_baseline_records_every_finding(self):
        recorded, r = self.make_baseline("-p", self.mk.build, "--no-cache")
        self.assertEqual(r.stdout, "")
        self.assertIn("lockcheck: baseline of 2 findings written to " + self.base, r.stderr)
        report, _ = self.mk.check()
        self.assertEqual(recorded["format"], "lockcheck-baseline")
        self.assertEqual(
            [(e["fingerprint"], e["file"], e["line"], e["function"], e["lock"], e["message"])
             for e in recorded["findings"]],
            [(f["fingerprint"], f["file"], f["line"], f["function"], f["lock"], f["message"])
             for f in report["findings"]])

    def test_only_new_findings_are_reported(self):
        self.make_baseline("-p", self.mk.build, "--no-cache")
        same, r = self.mk.check("--baseline", self.base)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(same["findings"], [])
        self.assertEqual((same["stats"]["baseline_known"], same["stats"]["baseline_absent"]),
                         (2, 0))
        self.assertIn("lockcheck: baseline: 0 new findings, 2 known, 0 no longer found",
                      r.stderr)

        # A new path to the btrfs deadlock: a new finding, and the old one is gone.
        before = fingerprints(self.mk.check()[0])
        self.mk.edit("fs/btrfs/file.c", "btrfs_direct_write(", "btrfs_dio_write_locked(")
        changed, r = self.mk.check("--baseline", self.base)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual([(f["file"], f["function"]) for f in changed["findings"]], [BTRFS])
        self.assertNotEqual(changed["findings"][0]["fingerprint"], before[BTRFS])
        self.assertEqual((changed["stats"]["baseline_known"],
                          changed["stats"]["baseline_absent"]), (1, 1))
        self.assertIn("lockcheck: baseline: 1 new findings, 1 known, 1 no longer found",
                      r.stderr)

        # Back as it was, and the ext4 bug fixed (the end_io handler no longer
        # takes i_rwsem): nothing new, one entry no longer found.
        self.mk.edit("fs/btrfs/file.c", "btrfs_dio_write_locked(", "btrfs_direct_write(")
        self.mk.edit("fs/ext4/file.c", "\tinode_lock(inode); // expected-warning", "\t// ")
        self.mk.edit("fs/ext4/file.c", "\tinode_unlock(inode);\n\treturn 0;", "\treturn 0;")
        fixed, r = self.mk.check("--baseline", self.base)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(fixed["findings"], [])
        self.assertEqual((fixed["stats"]["baseline_known"], fixed["stats"]["baseline_absent"]),
                         (1, 1))

    def test_sarif_marks_new_results(self):
        self.make_baseline("-p", self.mk.build, "--no-cache")
        self.mk.edit("fs/btrfs/file.c", "btrfs_direct_write(", "btrfs_dio_write_locked(")
        sarif, r = self.mk.check("--baseline", self.base, fmt="sarif")
        self.assertEqual(r.returncode, 1, r.stderr)
        results = sarif["runs"][0]["results"]
        self.assertEqual([res["baselineState"] for res in results], ["new"])
        self.assertEqual(sarif["runs"][0]["properties"]["baselineAbsent"], 1)

    def test_facts_route(self):
        facts = os.path.join(self.mk.build, "facts")
        r = self.mk.run("extract", "-p", self.mk.build, "--no-cache", "--facts", facts)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.make_baseline("--facts", facts)
        r = self.mk.run("analyze", "--facts", facts, "--baseline", self.base)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")

    def test_bad_baselines_are_one_line_errors(self):
        report, _ = self.mk.check()
        rows = [
            ("{", "not valid JSON"),
            (json.dumps(report), 'not a lockcheck baseline \\(no "format": "lockcheck-baseline"\\)'),
            (json.dumps({"format": "lockcheck-baseline", "version": 1,
                         "fingerprints": "lockcheck-fingerprint-1", "findings": [{}]}),
             "findings\\[0\\] has no string 'fingerprint'"),
        ]
        for text, fault in rows:
            with self.subTest(fault=fault):
                with open(self.base, "w") as f:
                    f.write(text)
                for args in (["check", "-p", self.mk.build], ["analyze", "--facts", self.mk.build]):
                    r = self.mk.run(*args, "--baseline", self.base)
                    self.assertEqual(r.returncode, 2, r.stderr)
                    self.assertEqual(r.stdout, "")
                    self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
                    self.assertRegex(r.stderr, "^lockcheck: error: " + self.base + ": " + fault)
        missing = os.path.join(self.mk.build, "nope.json")
        r = self.mk.run("check", "-p", self.mk.build, "--baseline", missing)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "lockcheck: error: " + missing +
                         ": No such file or directory\n")

    def test_baseline_needs_an_output_file(self):
        r = self.mk.run("baseline", "-p", self.mk.build)
        self.assertEqual((r.returncode, r.stderr), (2, "lockcheck: error: baseline: missing -o FILE\n"))


if __name__ == "__main__":
    unittest.main()
