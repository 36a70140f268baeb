"""Bad input gets a one-line error naming the file and the fault, and the
documented exit status; one bad TU never stops the others. One row per input
kind: adding a kind adds a row."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

LOCKCHECK = os.environ.get("LOCKCHECK", "lockcheck")

GOOD_C = "struct rw_semaphore { int c; };\nvoid down_write(struct rw_semaphore *);\n" \
         "struct obj { struct rw_semaphore lock; };\n" \
         "void twice(struct obj *o) { down_write(&o->lock); down_write(&o->lock); }\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def compdb(d, files):
    write(os.path.join(d, "compile_commands.json"), json.dumps(
        [{"directory": d, "file": os.path.join(d, f),
          "arguments": ["clang-19", "-c", "-nostdinc", f]} for f in files]))


class BadInputTest(unittest.TestCase):
    def run_lockcheck(self, args, cwd):
        return subprocess.run([LOCKCHECK] + args, cwd=cwd, capture_output=True, text=True)

    def assert_one_line_error(self, result, pattern):
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertRegex(lines[0], r"^lockcheck: (error: )?" + pattern)
        self.assertEqual(result.stdout, "")

    def test_matrix(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, "bad-json", "compile_commands.json"), "[{")
            write(os.path.join(d, "no-file", "compile_commands.json"), '[{"directory": "/"}]')
            write(os.path.join(d, "bad-facts", "x.facts.json"), "{")
            write(os.path.join(d, "bad.yaml"), "primitives:\n  - function: f\n    operation: grab\n")
            os.makedirs(os.path.join(d, "empty"))
            rows = [
                (["check", "-p", os.path.join(d, "empty")],
                 re.escape("'" + os.path.join(d, "empty", "compile_commands.json") + "'") +
                 ": No such file or directory$"),
                (["check", "-p", os.path.join(d, "bad-json")],
                 ".*bad-json/compile_commands.json': not valid JSON$"),
                (["check", "-p", os.path.join(d, "no-file")],
                 ".*no-file/compile_commands.json': entry 0 has no string 'file'$"),
                (["check", "--bogus"], "unknown command line argument '--bogus'$"),
                (["check"], "check: missing -p BUILD_DIR$"),
                (["analyze"], "analyze: missing --facts DIR$"),
                (["analyze", "--facts", os.path.join(d, "nope")], ".*nope: not a directory$"),
                (["check", "-p", os.path.join(d, "empty"), "--annotations",
                  os.path.join(d, "bad.yaml")], ".*bad.yaml:3:16: unknown enumerated scalar$"),
                ([], "missing subcommand"),
            ]
            for args, pattern in rows:
                with self.subTest(args=args):
                    self.assert_one_line_error(self.run_lockcheck(args, d), pattern)

    def test_unreadable_facts_file_is_named_and_skipped(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, "facts", "x.facts.json"), "{")
            r = self.run_lockcheck(["analyze", "--facts", "facts"], d)
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertIn("lockcheck: error: 'facts/x.facts.json': not valid JSON", r.stderr)
            self.assertIn("1 failed", r.stderr)

    def test_bad_tu_does_not_stop_the_others(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, "bad.c"), "int broken( {\n")
            write(os.path.join(d, "good.c"), GOOD_C)
            compdb(d, ["bad.c", "good.c"])
            r = self.run_lockcheck(["check", "-p", d, "--format", "json"], d)
            self.assertEqual(r.returncode, 3, r.stderr)
            out = json.loads(r.stdout)
            self.assertEqual(len(out["findings"]), 1)
            self.assertEqual(out["stats"]["tus_analyzed"], 1)
            self.assertEqual(out["stats"]["tus_failed"], 1)
            self.assertEqual(out["stats"]["failed_tus"][0]["file"], os.path.join(d, "bad.c"))
            self.assertRegex(out["stats"]["failed_tus"][0]["error"], r"^bad.c:1:\d+: ")
            self.assertIn("lockcheck: skipped " + os.path.join(d, "bad.c") + ": bad.c:1:",
                          r.stderr)

    def test_exit_status_clean(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, "good.c"), "void f(void) {}\n")
            compdb(d, ["good.c"])
            for jobs in ([], ["-j1"], ["-j", "1"]):
                r = self.run_lockcheck(["check", "-p", d] + jobs, d)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout, "")

    def test_path_selecting_nothing_is_an_error(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, "good.c"), "void f(void) {}\n")
            os.makedirs(os.path.join(d, "other"))
            compdb(d, ["good.c"])
            r = self.run_lockcheck(["check", "-p", d, "other"], d)
            self.assert_one_line_error(r, "'other': no compile command for a file under it$")


if __name__ == "__main__":
    unittest.main()
