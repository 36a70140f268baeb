"""The same input gives byte-identical JSON and SARIF whatever the number of
extraction jobs and the order of the compile database: testdata/minikernel
with -j1 and -j4, its compile commands in order and reversed."""
import unittest

from minikernel import MinikernelTestCase


class DeterminismTest(MinikernelTestCase):

    def report(self, fmt, jobs):
        r = self.mk.run("check", "-p", self.mk.build, "--no-cache", "--format", fmt,
                        "-j", str(jobs))
        self.assertEqual(r.returncode, 1, r.stderr)
        return r.stdout

    def test_same_bytes_for_any_jobs_and_tu_order(self):
        for fmt in ("json", "sarif"):
            with self.subTest(fmt=fmt):
                self.mk.write_compdb()
                first = self.report(fmt, 1)
                self.assertIn("btrfs_sync_file", first)
                self.assertEqual(self.report(fmt, 4), first)
                self.mk.write_compdb(reverse=True)
                self.assertEqual(self.report(fmt, 4), first)
                self.assertEqual(self.report(fmt, 1), first)


if __name__ == "__main__":
    unittest.main()
