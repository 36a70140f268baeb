"""Sharded extraction on a private copy of testdata/minikernel: scripts/shard-sim splits it
into N shards run as separate processes with their own caches, merges them in shuffled
orders and checks the findings (JSON and SARIF) and facts are the single run's bytes, for
N = 1 (one shard), 3, 8 (one TU each) and 11 (empty shards); and the faults a merge must
refuse, each named on one line with exit status 2."""
import json
import os
import shutil
import subprocess
import sys
import unittest

from minikernel import LOCKCHECK, TOP, Minikernel

SHARD_SIM = os.path.join(TOP, "scripts", "shard-sim")


class ShardTest(unittest.TestCase):
    def setUp(self):
        self.mk = Minikernel()
        self.tmp = os.path.dirname(self.mk.root)

    def tearDown(self):
        self.mk.cleanup()

    def lockcheck(self, *args):
        return subprocess.run([LOCKCHECK, *args], cwd=self.mk.root, capture_output=True,
                              text=True)

    def extract_shard(self, index, count, *paths):
        folder = os.path.join(self.tmp, f"shard-{index}-of-{count}" + "-".join(("",) + paths))
        r = self.lockcheck("extract", "-p", self.mk.build, "--facts", folder, "--no-cache",
                           "--quiet", "--shard", f"{index}/{count}", *paths)
        self.assertEqual(r.returncode, 0, r.stderr)
        return folder

    def assert_refused(self, r, message):
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stdout, "")
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertRegex(lines[0], "^lockcheck: error: .*" + message)

    def test_shards_merge_to_the_single_run(self):
        for n in (1, 3, 8, 11):
            with self.subTest(shards=n):
                r = subprocess.run([sys.executable, SHARD_SIM, str(n), "-p", self.mk.build,
                                    "--lockcheck", LOCKCHECK, "-j2", "--seed", str(n)],
                                   cwd=self.mk.root, capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                self.assertIn(f"{n} shards merged give the single run's findings", r.stdout)
                sizes = [int(line.split(": ")[2].split()[0]) for line in r.stdout.splitlines()
                         if line.startswith("shard-sim: shard ")]
                self.assertEqual(sum(sizes), 8, r.stdout)
                self.assertLessEqual(max(sizes) - min(sizes), 1, r.stdout)

    def test_split_is_the_same_from_another_folder_and_database_order(self):
        first = self.extract_shard(1, 3)
        with open(os.path.join(first, "lockcheck-shard-1-of-3.json")) as f:
            manifest = json.load(f)
        # The same tree elsewhere, its database listed backwards: the same split.
        moved = os.path.join(self.tmp, "elsewhere", "deeper")
        os.makedirs(moved)
        shutil.move(self.mk.root, os.path.join(moved, "minikernel"))
        shutil.move(self.mk.build, os.path.join(moved, "build"))
        self.mk.root = os.path.join(moved, "minikernel")
        self.mk.build = os.path.join(moved, "build")
        self.mk.write_compdb()
        again = self.extract_shard(1, 3)
        with open(os.path.join(again, "lockcheck-shard-1-of-3.json")) as f:
            self.assertEqual(json.load(f), manifest)
        self.assertEqual(sorted(os.listdir(again)), sorted(os.listdir(first)))

    def test_merge_refuses_what_is_not_one_split(self):
        one, two = self.extract_shard(1, 2), self.extract_shard(2, 2)
        r = self.lockcheck("analyze", "--facts", one, "--facts", two)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assert_refused(self.lockcheck("analyze", "--facts", two),
                            r"shard 1/2 missing: no lockcheck-shard-1-of-2.json")
        self.assert_refused(self.lockcheck("analyze", "--facts", one, "--facts", two,
                                           "--facts", one), r"shard 1/2 given twice")
        # A shard of another selection, of another number of shards.
        other = self.extract_shard(2, 2, "fs/btrfs")
        self.assert_refused(self.lockcheck("analyze", "--facts", one, "--facts", other),
                            r"shard 2/2 was cut from another compile database or selection")
        three = self.extract_shard(3, 3)
        self.assert_refused(self.lockcheck("analyze", "--facts", one, "--facts", two,
                                           "--facts", three),
                            r"shard 3/3 belongs to another number of shards")
        # A facts file gone, and one no shard owns.
        name = sorted(f for f in os.listdir(two) if f.endswith(".facts.json"))[0]
        os.rename(os.path.join(two, name), os.path.join(self.tmp, name))
        self.assert_refused(self.lockcheck("analyze", "--facts", one, "--facts", two),
                            rf"facts file {name} of .* \(shard 2/2\) missing")
        os.rename(os.path.join(self.tmp, name), os.path.join(two, name))
        shutil.copy(os.path.join(two, name), one)
        self.assert_refused(self.lockcheck("analyze", "--facts", one, "--facts", two),
                            "facts file that no shard manifest lists")

    def test_bad_shard_option(self):
        for spec in ("0/2", "3/2", "2", "a/b", "1/0"):
            with self.subTest(spec=spec):
                self.assert_refused(self.lockcheck("extract", "-p", self.mk.build, "--facts",
                                                   os.path.join(self.tmp, "x"), "--shard",
                                                   spec), rf"--shard '{spec}'")


if __name__ == "__main__":
    unittest.main()
