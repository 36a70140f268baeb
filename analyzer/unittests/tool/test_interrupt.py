"""A run killed in the middle of extraction (SIGINT, SIGTERM, SIGKILL) leaves the
previous report and facts whole, a facts cache whose every entry is valid, and
no worker behind; the next run parses only the TUs whose entries are missing.
Twelve TUs of a few hundred functions each, parsed one worker at a time (-j1),
so that the kill lands after some cache entries are written and before all."""
import glob
import json
import os
import signal
import subprocess
import tempfile
import time
import unittest

LOCKCHECK = os.environ.get("LOCKCHECK", "lockcheck")
TUS = 12

HEAD = """struct rw_semaphore { int c; };
void down_write(struct rw_semaphore *);
void up_write(struct rw_semaphore *);
struct obj { struct rw_semaphore lock; int v; };
"""
FUNCTION = ("int f{tu}_{n}(struct obj *o, int x) {{ down_write(&o->lock); "
            "if (x > {n}) o->v = x; else o->v = -x; up_write(&o->lock); return o->v; }}\n")
# Version 2 of every TU adds a function that takes its lock twice: one finding each.
TWICE = "void twice{tu}(struct obj *o) {{ down_write(&o->lock); down_write(&o->lock); }}\n"


class InterruptTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name
        self.src = os.path.join(self.dir, "src")
        self.cache = os.path.join(self.dir, "cache")
        self.tmpdir = os.path.join(self.dir, "tmp")
        os.makedirs(self.src)
        os.makedirs(self.tmpdir)
        with open(os.path.join(self.src, "compile_commands.json"), "w") as f:
            json.dump([{"directory": self.src, "file": os.path.join(self.src, "tu%d.c" % t),
                        "arguments": ["clang-19", "-c", "-nostdinc", "tu%d.c" % t]}
                       for t in range(TUS)], f)

    def tearDown(self):
        self._tmp.cleanup()

    def write_sources(self, version):
        for t in range(TUS):
            text = HEAD + "".join(FUNCTION.format(tu=t, n=n) for n in range(400))
            if version == 2:
                text += TWICE.format(tu=t)
            with open(os.path.join(self.src, "tu%d.c" % t), "w") as f:
                f.write(text)

    def command(self, kind):
        common = ["-p", self.src, "--cache-dir", self.cache, "-j1", "--quiet"]
        if kind == "check":
            return ["check"] + common + ["--format", "json", "-o", self.output(kind)]
        return ["extract"] + common + ["--facts", self.output(kind)]

    def output(self, kind):
        return os.path.join(self.dir, "out.json" if kind == "check" else "facts")

    def run_lockcheck(self, args):
        env = dict(os.environ, TMPDIR=self.tmpdir)
        return subprocess.run([LOCKCHECK] + args, cwd=self.src, env=env, capture_output=True,
                              text=True)

    def entries(self):
        found = {}
        for path in glob.glob(os.path.join(self.cache, "*", "*.entry")):
            with open(path, "rb") as f:
                found[path] = f.read()
        return found

    def snapshot(self, kind):
        path = self.output(kind)
        if kind == "check":
            with open(path, "rb") as f:
                return f.read()
        files = {}
        for name in sorted(os.listdir(path)):
            with open(os.path.join(path, name), "rb") as f:
                files[name] = f.read()
        return files

    def leftovers(self):
        """Temporary files in the tree, the cache and TMPDIR."""
        return [p for p in glob.glob(os.path.join(self.dir, "**", "*"), recursive=True)
                if ".tmp-" in os.path.basename(p) or
                os.path.dirname(p) == self.tmpdir]

    def workers_of(self, pid):
        found = []
        for proc in glob.glob("/proc/[0-9]*/cmdline"):
            try:
                with open(proc, "rb") as f:
                    args = f.read().split(b"\0")
            except OSError:
                continue
            if b"__extract-worker" in args and str(pid).encode() in args:
                found.append(proc)
        return found

    def interrupt(self, kind, sig, sigint_ignored=False):
        self.write_sources(1)
        r = self.run_lockcheck(self.command(kind))
        self.assertIn(r.returncode, (0, 1), r.stderr)
        before = self.snapshot(kind)
        old_entries = self.entries()
        self.assertEqual(len(old_entries), TUS)

        self.write_sources(2)
        env = dict(os.environ, TMPDIR=self.tmpdir)
        # A shell starts a background job (`lockcheck ... &`, as CI scripts do) with
        # SIGINT ignored: SIGTERM must still end it.
        ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None
        proc = subprocess.Popen([LOCKCHECK] + self.command(kind), cwd=self.src, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                preexec_fn=ignore)
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            new = [p for p, b in self.entries().items() if old_entries.get(p) != b]
            if len(new) >= 2:
                break
            time.sleep(0.02)
        self.assertIsNone(proc.poll(), "the run ended before it could be interrupted")
        proc.send_signal(sig)
        proc.wait(timeout=60)
        proc.stderr.close()
        # Ended by the signal, not by running on with every later file failing.
        self.assertEqual(proc.returncode, -signal.SIGKILL if sig == signal.SIGKILL
                         else -signal.SIGINT)

        # Whole entries only, some of them new, and the previous output as it was.
        rewritten = [p for p, b in self.entries().items() if old_entries.get(p) != b]
        self.assertGreaterEqual(len(rewritten), 2)
        self.assertLess(len(rewritten), TUS, "interrupted too late to tell")
        if kind == "check":
            self.assertEqual(self.snapshot(kind), before)
        else:
            after = self.snapshot(kind)
            self.assertEqual(sorted(after), sorted(before))
            for name, text in after.items():
                json.loads(text)  # whole, old or new
        if sig != signal.SIGKILL:
            self.assertEqual(self.leftovers(), [])
        for _ in range(100):  # SIGKILL reaches the workers through the kernel
            if not self.workers_of(proc.pid):
                break
            time.sleep(0.05)
        self.assertEqual(self.workers_of(proc.pid), [])

        # The next run parses exactly the TUs whose entries were not rewritten.
        args = self.command(kind)
        args.remove("--quiet")
        r = self.run_lockcheck(args)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assertIn("lockcheck: %d cache hits, %d cache misses, 0 cache entries rejected"
                      % (len(rewritten), TUS - len(rewritten)), r.stderr)
        if kind == "check":
            with open(self.output(kind)) as f:
                self.assertEqual(len(json.load(f)["findings"]), TUS)

    def test_check(self):
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            with self.subTest(signal=sig.name):
                self.interrupt("check", sig)

    def test_extract(self):
        for sig in (signal.SIGINT, signal.SIGKILL):
            with self.subTest(signal=sig.name):
                self.interrupt("extract", sig)

    def test_extract_in_the_background(self):
        self.interrupt("extract", signal.SIGTERM, sigint_ignored=True)


if __name__ == "__main__":
    unittest.main()
