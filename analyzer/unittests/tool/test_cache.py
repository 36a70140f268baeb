"""The facts cache end to end: a re-run re-parses only the TUs whose main file or
headers changed, gives the same findings as a cold run, and a damaged entry is
rejected and rewritten. A tiny two-TU program in a temporary folder; lockcheck
from $LOCKCHECK."""
import glob
import json
import os
import subprocess
import tempfile
import shutil
import unittest

from minikernel import Minikernel

LOCKCHECK = os.environ.get("LOCKCHECK", "lockcheck")

SHARED_H = """struct rw_semaphore { int count; };
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
struct obj { struct rw_semaphore lock; };
void helper(struct obj *o);
"""
# outer() holds o->lock around helper(), which takes it again: one finding.
A_C = """#include "shared.h"
void outer(struct obj *o) { down_write(&o->lock); helper(o); up_write(&o->lock); }
"""
A_C_FIXED = """#include "shared.h"
void outer(struct obj *o) { helper(o); }
"""
B_C = """#include "shared.h"
void helper(struct obj *o) { down_write(&o->lock); up_write(&o->lock); }
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class CacheTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name
        self.build = os.path.join(self.dir, "build")
        write(os.path.join(self.dir, "include", "shared.h"), SHARED_H)
        write(os.path.join(self.dir, "a.c"), A_C)
        write(os.path.join(self.dir, "b.c"), B_C)
        write(os.path.join(self.build, "compile_commands.json"), json.dumps(
            [{"directory": self.dir, "file": os.path.join(self.dir, f),
              "arguments": ["clang-19", "-c", "-nostdinc", "-Iinclude", f]}
             for f in ("a.c", "b.c")]))

    def tearDown(self):
        self._tmp.cleanup()

    def run_lockcheck(self, *args):
        return subprocess.run([LOCKCHECK] + list(args), cwd=self.dir, capture_output=True,
                              text=True)

    def check(self, *args):
        """Runs check with the JSON format; returns (findings, stats, stderr)."""
        r = self.run_lockcheck("check", "-p", self.build, "--format", "json", *args)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["stats"]["tus_analyzed"], 2, r.stderr)
        self.assertEqual(r.returncode == 1, bool(out["findings"]))
        return out["findings"], out["stats"], r.stderr

    def assert_cache(self, stats, hits, misses, rejected=0):
        self.assertEqual((stats["cache_hits"], stats["cache_misses"], stats["cache_rejected"]),
                         (hits, misses, rejected))

    def entries(self, cache_dir=None):
        return sorted(glob.glob(os.path.join(cache_dir or os.path.join(self.build,
                                                                       ".lockcheck-cache"),
                                             "*", "*.entry")))

    def entry_of(self, tu):
        (entry,) = [e for e in self.entries() if os.path.basename(e).startswith(tu + "-")]
        return entry

    def test_rerun_parses_only_what_changed(self):
        cold, stats, stderr = self.check()
        self.assert_cache(stats, hits=0, misses=2)
        self.assertEqual(len(cold), 1, cold)
        self.assertEqual(cold[0]["function"], "helper")
        self.assertIn("lockcheck: 0 cache hits, 2 cache misses, 0 cache entries rejected",
                      stderr)
        self.assertEqual(len(self.entries()), 2)

        warm, stats, stderr = self.check()
        self.assert_cache(stats, hits=2, misses=0)
        self.assertEqual(warm, cold)
        self.assertIn("lockcheck: 2 cache hits, 0 cache misses, 0 cache entries rejected",
                      stderr)

        # A new mtime alone changes nothing: the contents decide.
        os.utime(os.path.join(self.dir, "a.c"))
        _, stats, _ = self.check()
        self.assert_cache(stats, hits=2, misses=0)

        # Changing one TU re-parses it alone, and its new contents count.
        write(os.path.join(self.dir, "a.c"), A_C_FIXED)
        fixed, stats, _ = self.check()
        self.assert_cache(stats, hits=1, misses=1)
        self.assertEqual(fixed, [])
        _, stats, _ = self.check()
        self.assert_cache(stats, hits=2, misses=0)

        # A header both TUs include re-parses both.
        write(os.path.join(self.dir, "a.c"), A_C)
        self.check()
        write(os.path.join(self.dir, "include", "shared.h"), SHARED_H + "/* edited */\n")
        again, stats, _ = self.check()
        self.assert_cache(stats, hits=0, misses=2)
        self.assertEqual(again, cold)
        self.assertEqual(len(self.entries()), 2)

    def test_damaged_entry_is_rejected_and_rewritten(self):
        cold, _, _ = self.check()
        entry = self.entry_of("b.c")
        with open(entry, "rb") as f:
            data = f.read()
        for name, damaged in [("truncated", data[:len(data) // 2]),
                              ("manifest only", data[:data.index(b"\n") + 1]),
                              ("another build", data.replace(b'"build_id":"lockcheck ',
                                                             b'"build_id":"lockcheck-old ', 1)),
                              ("garbage", b"\0" * 64)]:
            with self.subTest(name):
                self.assertNotEqual(damaged, data)
                with open(entry, "wb") as f:
                    f.write(damaged)
                findings, stats, stderr = self.check()
                self.assert_cache(stats, hits=1, misses=1, rejected=1)
                self.assertIn("1 cache entries rejected", stderr)
                self.assertEqual(findings, cold)
                _, stats, _ = self.check()
                self.assert_cache(stats, hits=2, misses=0)

    def test_cache_dir_and_no_cache(self):
        cold, _, _ = self.check("--no-cache")
        self.assertFalse(os.path.exists(os.path.join(self.build, ".lockcheck-cache")))
        r = self.run_lockcheck("check", "-p", self.build, "--no-cache")
        self.assertNotIn("cache", r.stderr)

        elsewhere = os.path.join(self.dir, "elsewhere")
        _, stats, _ = self.check("--cache-dir", elsewhere)
        self.assert_cache(stats, hits=0, misses=2)
        warm, stats, _ = self.check("--cache-dir", elsewhere)
        self.assert_cache(stats, hits=2, misses=0)
        self.assertEqual(warm, cold)
        self.assertEqual(len(self.entries(elsewhere)), 2)
        self.assertFalse(os.path.exists(os.path.join(self.build, ".lockcheck-cache")))
        # --no-cache wins over --cache-dir.
        _, stats, _ = self.check("--cache-dir", elsewhere, "--no-cache")
        self.assert_cache(stats, hits=0, misses=0)

    def test_extract_writes_the_same_facts_from_the_cache(self):
        def extract(out):
            r = self.run_lockcheck("extract", "-p", self.build, "--facts", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            files = {}
            for path in sorted(glob.glob(os.path.join(out, "*.facts.json"))):
                with open(path, "rb") as f:
                    files[os.path.basename(path)] = f.read()
            return files, r.stderr
        cold, stderr = extract(os.path.join(self.dir, "cold"))
        self.assertIn("0 cache hits, 2 cache misses", stderr)
        warm, stderr = extract(os.path.join(self.dir, "warm"))
        self.assertIn("2 cache hits, 0 cache misses", stderr)
        self.assertEqual(len(cold), 2)
        self.assertEqual(warm, cold)

    def test_check_hook_uses_no_cache_unless_asked(self):
        facts = os.path.join(self.dir, "facts")
        args = ["extract", "--facts", facts, "--", "-nostdinc", "-Iinclude", "a.c"]
        r = self.run_lockcheck(*args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("cache", r.stderr)
        cache = os.path.join(self.dir, "kbuild-cache")
        for expected in ("0 cache hits, 1 cache misses", "1 cache hits, 0 cache misses"):
            r = self.run_lockcheck(*args[:3], "--cache-dir", cache, *args[3:])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(expected, r.stderr)

    def test_unwritable_cache_is_said_and_the_run_goes_on(self):
        blocker = os.path.join(self.dir, "not-a-folder")
        write(blocker, "")
        findings, stats, stderr = self.check("--cache-dir", blocker)
        self.assertEqual(len(findings), 1)
        self.assert_cache(stats, hits=0, misses=2)
        self.assertRegex(stderr, r"lockcheck: warning: 2 cache entries not written: .*not-a-folder")


class RelocatedCacheTest(unittest.TestCase):
    """A CI system saves the cache on one runner and restores it on another, where the
    tree lies at another path and lockcheck runs from another folder: every TU is a hit,
    and the facts are those a cold extraction there writes."""

    def setUp(self):
        self.first = Minikernel()
        self.second = Minikernel()
        # Another depth, so no name can match by chance.
        deeper = os.path.join(os.path.dirname(self.second.root), "a", "b")
        os.makedirs(deeper)
        for attr in ("root", "build"):
            moved = os.path.join(deeper, os.path.basename(getattr(self.second, attr)))
            shutil.move(getattr(self.second, attr), moved)
            setattr(self.second, attr, moved)
        self.second.write_compdb()

    def tearDown(self):
        self.first.cleanup()
        self.second.cleanup()

    def extract(self, mk, cwd, facts, *cache_args):
        r = subprocess.run([LOCKCHECK, "extract", "-p", mk.build, "--facts", facts,
                            *cache_args], cwd=cwd, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stderr

    def facts(self, folder):
        out = {}
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name)) as f:
                out[name] = f.read()
        return out

    def test_restored_cache_hits_everything(self):
        cache = os.path.join(os.path.dirname(self.first.root), "cache")
        first_facts = os.path.join(os.path.dirname(self.first.root), "facts")
        stderr = self.extract(self.first, self.first.root, first_facts, "--cache-dir", cache)
        self.assertIn("0 cache hits, 8 cache misses", stderr)
        for entry in glob.glob(os.path.join(cache, "*", "*.entry")):
            with open(entry) as f:
                manifest = json.loads(f.readline())
            self.assertNotIn(self.first.root, json.dumps(manifest["args"]), entry)
            self.assertFalse(any(d[0].startswith(self.first.root)
                                 for d in manifest["dependencies"]), entry)

        restored = os.path.join(os.path.dirname(self.second.build), "restored-cache")
        shutil.copytree(cache, restored)
        second_facts = os.path.join(os.path.dirname(self.second.root), "facts")
        stderr = self.extract(self.second, "/", second_facts, "--cache-dir", restored)
        self.assertIn("8 cache hits, 0 cache misses, 0 cache entries rejected", stderr)
        cold_facts = os.path.join(os.path.dirname(self.second.root), "cold-facts")
        self.extract(self.second, self.second.build, cold_facts, "--no-cache")
        relocated = self.facts(second_facts)
        self.assertEqual(relocated, self.facts(cold_facts))
        self.assertEqual(sorted(relocated), sorted(self.facts(first_facts)))
        for text in relocated.values():
            self.assertNotIn(self.first.root, text)
            self.assertIn(self.second.root, text)


if __name__ == "__main__":
    unittest.main()
