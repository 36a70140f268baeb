"""A TU that crashes the frontend fails alone: LOCKCHECK_CRASH_ON=NAME makes the
frontend abort on the TU whose main file is named NAME, as a Clang assertion
would. The other TUs' findings are all reported, the crashed TU is counted and
named with what killed it, and the exit status says the run is incomplete (3).
So does a TU that never ends under --tu-timeout: LOCKCHECK_HANG_ON=NAME makes
the frontend loop on it."""
import json
import os
import re
import subprocess
import tempfile
import unittest

from minikernel import LOCKCHECK, MinikernelTestCase

TWICE_C = """struct rw_semaphore {{ int c; }};
void down_write(struct rw_semaphore *);
struct obj {{ struct rw_semaphore lock; }};
void twice_{n}(struct obj *o) {{ down_write(&o->lock); down_write(&o->lock); }}
"""


def run(args, cwd, crash_on=None, hang_on=None):
    env = dict(os.environ)
    env.pop("LOCKCHECK_CRASH_ON", None)
    env.pop("LOCKCHECK_HANG_ON", None)
    if crash_on:
        env["LOCKCHECK_CRASH_ON"] = crash_on
    if hang_on:
        env["LOCKCHECK_HANG_ON"] = hang_on
    return subprocess.run([LOCKCHECK] + args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


class MinikernelCrashTest(MinikernelTestCase):
    def test_others_findings_are_all_there(self):
        crashed = self.mk.path("fs/btrfs/inode.c")
        others = [os.path.relpath(os.path.join(folder, f), self.mk.root)
                  for folder, _, files in os.walk(self.mk.path("fs")) for f in files
                  if f.endswith(".c") and os.path.join(folder, f) != crashed]
        # What the others yield when the crashed TU is simply left out.
        want = run(["check", "-p", self.mk.build, "--no-cache", "--format", "json"] + others,
                   self.mk.root)
        self.assertEqual(want.returncode, 1, want.stderr)
        want_findings = json.loads(want.stdout)["findings"]
        self.assertTrue(want_findings)
        for jobs in ("-j1", "-j2"):
            with self.subTest(jobs=jobs):
                r = run(["check", "-p", self.mk.build, "--no-cache", "--format", "json", jobs],
                        self.mk.root, crash_on="inode.c")
                self.assertEqual(r.returncode, 3, r.stderr)
                out = json.loads(r.stdout)
                self.assertEqual(out["findings"], want_findings)
                self.assertEqual(out["stats"]["tus_analyzed"], len(others))
                self.assertEqual(out["stats"]["tus_failed"], 1)
                failed = out["stats"]["failed_tus"][0]
                self.assertEqual(failed["file"], crashed)
                self.assertRegex(failed["error"], "^" + re.escape(crashed) + r": crashed \(Aborted\): lockcheck: "
                                 r"LOCKCHECK_CRASH_ON: aborting on .*fs/btrfs/inode\.c$")
                self.assertIn("lockcheck: skipped %s: %s: crashed (Aborted)" % (crashed, crashed),
                              r.stderr)
                self.assertNotIn("Stack dump", r.stderr)


class BatchCrashTest(unittest.TestCase):
    """Nine TUs with one finding each; the crash hits one in the middle of a
    worker's batch, and the rest of that batch is parsed by another worker."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name
        self.names = ["tu%d.c" % n for n in range(9)]
        for n, name in enumerate(self.names):
            with open(os.path.join(self.dir, name), "w") as f:
                f.write(TWICE_C.format(n=n))
        with open(os.path.join(self.dir, "compile_commands.json"), "w") as f:
            json.dump([{"directory": self.dir, "file": os.path.join(self.dir, name),
                        "arguments": ["clang-19", "-c", "-nostdinc", name]}
                       for name in self.names], f)

    def tearDown(self):
        self._tmp.cleanup()

    def others_reported(self, r, skipped):
        """The run's JSON, once it is seen to be incomplete (3) with every TU's
        finding but the skipped one's."""
        self.assertEqual(r.returncode, 3, r.stderr)
        out = json.loads(r.stdout)
        got = sorted(f["function"] for f in out["findings"])
        want = sorted("twice_%d" % n for n, name in enumerate(self.names) if name != skipped)
        self.assertEqual(got, want)
        return out

    def test_every_other_tu_is_reported(self):
        for crash_on in ("tu1.c", "tu4.c", "tu8.c"):
            for jobs in ("-j1", "-j2"):
                with self.subTest(crash_on=crash_on, jobs=jobs):
                    r = run(["check", "-p", self.dir, "--no-cache", "--format", "json", jobs],
                            self.dir, crash_on=crash_on)
                    out = self.others_reported(r, crash_on)
                    self.assertEqual([t["file"] for t in out["stats"]["failed_tus"]],
                                     [os.path.join(self.dir, crash_on)])

    def test_a_tu_that_never_ends_times_out(self):
        for hang_on in ("tu0.c", "tu4.c"):
            with self.subTest(hang_on=hang_on):
                r = run(["check", "-p", self.dir, "--no-cache", "--format", "json", "-j2",
                         "--tu-timeout", "2"], self.dir, hang_on=hang_on)
                out = self.others_reported(r, hang_on)
                hung = os.path.join(self.dir, hang_on)
                self.assertEqual(out["stats"]["failed_tus"],
                                 [{"file": hung,
                                   "error": hung + ": timed out after 2 s (--tu-timeout)"}])

    def test_a_generous_timeout_cuts_nothing(self):
        r = run(["check", "-p", self.dir, "--no-cache", "--format", "json", "-j2",
                 "--tu-timeout", "60"], self.dir)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(len(json.loads(r.stdout)["findings"]), len(self.names))

    def test_extract_writes_the_others_and_exits_3(self):
        facts = os.path.join(self.dir, "facts")
        r = run(["extract", "-p", self.dir, "--no-cache", "--facts", facts, "-j2"], self.dir,
                crash_on="tu3.c")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(len(os.listdir(facts)), 8)
        self.assertIn("wrote facts of 8 TUs to " + facts + ", 1 failed", r.stderr)
        self.assertIn("crashed (Aborted)", r.stderr)

    def test_kbuild_check_hook_reports_the_crash(self):
        facts = os.path.join(self.dir, "facts")
        r = run(["extract", "--quiet", "--facts", facts, "--", "-nostdinc",
                 os.path.join(self.dir, "tu0.c")], self.dir, crash_on="tu0.c")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertRegex(r.stderr, "^lockcheck: error: " + re.escape(os.path.join(self.dir, "tu0.c")) +
                         r": crashed \(Aborted\): ")
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)


if __name__ == "__main__":
    unittest.main()
