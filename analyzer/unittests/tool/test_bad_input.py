"""Bad input gets a one-line error naming the file and the fault, and the
documented exit status; one bad TU never stops the others. One table, a row per
input kind: adding a kind adds a row."""
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

GOOD_PRIMITIVE = ("primitives:\n  - function: f\n    operation: acquire\n    kind: mutex\n"
                  "    mode: exclusive\n    citation: here\n")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def compdb(d, files, directory=None):
    write(os.path.join(d, "compile_commands.json"), json.dumps(
        [{"directory": directory or d, "file": os.path.join(d, f),
          "arguments": ["clang-19", "-c", "-nostdinc", f]} for f in files]))


class Row:
    """One kind of bad input: the files it needs (name -> text, relative to a
    fresh folder), the arguments, and what stderr's one error line must match
    (after 'lockcheck: error: '). A per-TU fault instead skips the TU: the run
    goes on, exits 3, and `skipped` must match the summary's line about it."""

    def __init__(self, name, files, args, error=None, skipped=None, add_output=True):
        self.name, self.files, self.args = name, files, args
        self.error, self.skipped = error, skipped
        # check and analyze rows also ask for `-o out.json`, which must not appear.
        self.add_output = add_output and args[:1] in (["check"], ["analyze"])


def compdb_text(entries):
    return json.dumps(entries)


def entry(**fields):
    e = {"directory": "@D", "file": "@D/good.c", "arguments": ["clang-19", "-c", "good.c"]}
    e.update(fields)
    return {k: v for k, v in e.items() if v is not None}


FACTS_OK = None  # filled in by setUpClass: a valid facts file of good.c

ROWS = [
    # The compile database.
    Row("compile database missing", {"b/.keep": ""}, ["check", "-p", "b"],
        r"b/compile_commands.json: No such file or directory$"),
    Row("compile database unreadable", {"b/compile_commands.json/x": ""}, ["check", "-p", "b"],
        r"b/compile_commands.json: Is a directory$"),
    Row("compile database truncated", {"b/compile_commands.json": '[{"directory": "/", "fi'},
        ["check", "-p", "b"], r"b/compile_commands.json: not valid JSON$"),
    Row("compile database not an array", {"b/compile_commands.json": '{"file": "x.c"}'},
        ["check", "-p", "b"],
        r"b/compile_commands.json: expected a JSON array of compile commands$"),
    Row("compile database wrong type",
        {"b/compile_commands.json": compdb_text([entry(directory=7)])}, ["check", "-p", "b"],
        r"b/compile_commands.json: entry 0 has no string 'directory'$"),
    Row("compile database wrong argument type",
        {"b/compile_commands.json": compdb_text([entry(arguments=["clang", 3])])},
        ["check", "-p", "b"],
        r"b/compile_commands.json: entry 0: 'arguments' holds a non-string$"),
    Row("compile database entry without file",
        {"b/compile_commands.json": compdb_text([entry(file=None)])}, ["check", "-p", "b"],
        r"b/compile_commands.json: entry 0 has no string 'file'$"),
    Row("compile database directory missing",
        {"good.c": GOOD_C, "b/compile_commands.json":
         compdb_text([entry(directory="@D/gone")])}, ["check", "-p", "b"],
        skipped=r"@D/good.c: @D/good.c: working directory '@D/gone' does not exist$"),
    Row("TU that does not parse",
        {"good.c": "int broken( {\n", "b/compile_commands.json": compdb_text([entry()])},
        ["check", "-p", "b"], skipped=r"@D/good.c: good.c:1:\d+: .+$"),
    Row("main file missing", {"b/compile_commands.json": compdb_text([entry()])},
        ["check", "-p", "b"], skipped=r"@D/good.c: @D/good.c: No such file or directory$"),
    # Facts files: the TU is skipped, the others are analyzed.
    Row("facts file not JSON", {"f/x.facts.json": "{"}, ["analyze", "--facts", "f"],
        skipped=r"f/x.facts.json: f/x.facts.json: not valid JSON$"),
    Row("facts file of another version", {"f/x.facts.json": '{"version": 9999}'},
        ["analyze", "--facts", "f"], skipped=r"f/x.facts.json: f/x.facts.json: .*version.*$"),
    Row("facts folder missing", {}, ["analyze", "--facts", "nope"], r"nope: not a directory$"),
    # Annotations.
    Row("annotations unknown key", {"a.yaml": GOOD_PRIMITIVE + "    colour: red\n"},
        ["analyze", "--facts", "f", "--annotations", "a.yaml"],
        r"a.yaml:7:5: unknown key 'colour'$"),
    Row("annotations unknown enum",
        {"a.yaml": GOOD_PRIMITIVE.replace("operation: acquire", "operation: grab")},
        ["analyze", "--facts", "f", "--annotations", "a.yaml"],
        r"a.yaml:3:16: unknown enumerated scalar$"),
    Row("annotations duplicate", {"a.yaml": GOOD_PRIMITIVE + GOOD_PRIMITIVE[len("primitives:\n"):]},
        ["analyze", "--facts", "f", "--annotations", "a.yaml"],
        r"a.yaml: primitive 'f' is listed twice$"),
    Row("annotations missing field",
        {"a.yaml": GOOD_PRIMITIVE.replace("    kind: mutex\n", "")},
        ["analyze", "--facts", "f", "--annotations", "a.yaml"],
        r"a.yaml:2:5: missing required key 'kind'$"),
    Row("annotations not YAML", {"a.yaml": "primitives: [\n"},
        ["analyze", "--facts", "f", "--annotations", "a.yaml"], r"a.yaml:1:14: .+$"),
    # Suppressions and baselines.
    Row("suppression without reason",
        {"s.yaml": "suppressions:\n  - checker: recursive-lock\n    function: f\n"},
        ["analyze", "--facts", "f", "--suppressions", "s.yaml"],
        r"s.yaml:2:5: missing required key 'reason'$"),
    Row("suppression unknown key",
        {"s.yaml": "suppressions:\n  - checker: recursive-lock\n    function: f\n"
                   "    reason: r\n    colour: red\n"},
        ["analyze", "--facts", "f", "--suppressions", "s.yaml"],
        r"s.yaml:5:5: unknown key 'colour'$"),
    Row("suppressions file missing", {}, ["analyze", "--facts", "f", "--suppressions", "s.yaml"],
        r"s.yaml: No such file or directory$"),
    Row("baseline not JSON", {"base.json": "{"}, ["analyze", "--facts", "f", "--baseline",
                                                 "base.json"], r"base.json.*: not valid JSON.*$"),
    Row("baseline of another version",
        {"base.json": '{"format": "lockcheck-baseline", "version": 99, "findings": []}'},
        ["analyze", "--facts", "f", "--baseline", "base.json"], r"base.json.*version.*$"),
    # Rules files and rule ids.
    Row("rules missing citation",
        {"r.yaml": "rules:\n  - id: r\n    title: t\n    method: file_operations.fsync\n"
                   "    not-held-on-entry: [{lock: inode.i_rwsem}]\n"},
        ["analyze", "--facts", "f", "--rules", "r.yaml"],
        r"r.yaml:2:5: missing required key 'citation'$"),
    Row("rules unknown key",
        {"r.yaml": "rules:\n  - id: r\n    title: t\n    citation: c\n"
                   "    method: file_operations.fsync\n"
                   "    not-held-on-entry: [{lock: inode.i_rwsem}]\n    colour: red\n"},
        ["analyze", "--facts", "f", "--rules", "r.yaml"], r"r.yaml:7:5: unknown key 'colour'$"),
    Row("unknown rule id to enable", {}, ["analyze", "--facts", "f", "--enable", "no-such-rule"],
        r"--enable: unknown rule id 'no-such-rule'$"),
    Row("unknown rule id to disable", {},
        ["analyze", "--facts", "f", "--disable", "no-such-rule"],
        r"--disable: unknown rule id 'no-such-rule'$"),
    # The command line.
    Row("unknown option", {}, ["check", "--bogus"], r"unknown command line argument '--bogus'$"),
    Row("missing option value", {}, ["check", "-p"], r"for the -p option: requires a value$"),
    Row("bad option value", {}, ["analyze", "--facts", "f", "--format", "xml"],
        r"for the --format option: Cannot find option named 'xml'$"),
    Row("missing -p", {}, ["check"], r"check: missing -p BUILD_DIR$"),
    Row("missing --facts", {}, ["analyze"], r"analyze: missing --facts DIR$"),
    Row("missing subcommand", {}, [], r"missing subcommand.*$"),
    Row("html report without -o", {"b/compile_commands.json": "[]"},
        ["check", "-p", "b", "--format", "html"], r"--format html: missing -o DIR$",
        add_output=False),
    Row("html report into a foreign folder", {"mine/x": ""},
        ["analyze", "--facts", "f", "--format", "html", "-o", "mine"],
        r"mine: folder exists and is not a lockcheck report; not replacing it$",
        add_output=False),
    Row("graph without --from", {}, ["graph", "--facts", "f"], r"graph: missing --from FUNC$"),
    Row("graph without input", {}, ["graph", "--from", "f"],
        r"graph: give either -p BUILD_DIR or --facts DIR$"),
    Row("unknown checker", {}, ["analyze", "--facts", "f", "--checkers=lock-order,recursive-locks"],
        re.escape("unknown checker 'recursive-locks' (see --list-checkers)") + "$"),
    # Patch mode.
    Row("patch that does not apply",
        {"good.c": "void f(void) {}\n", "pb/compile_commands.json": "[]",
         "stale.patch": "--- a/good.c\n+++ b/good.c\n@@ -1 +1 @@\n-void g(void) {}\n"
                        "+void h(void) {}\n"},
        ["patch", "-p", "pb", "stale.patch"],
        re.escape("stale.patch:3: hunk 1 of 'good.c' (@@ -1 +1 @@) does not apply") + "$"),
    Row("patch file missing", {"pb/compile_commands.json": "[]"},
        ["patch", "-p", "pb", "nope.patch"], r"nope.patch: No such file or directory$"),
    Row("patch mode without patches", {"pb/compile_commands.json": "[]"}, ["patch", "-p", "pb"],
        r"patch: give patch files, - for standard input, or --base REV"),
    Row("path selecting nothing", {"good.c": GOOD_C, "other/.keep": "",
                                   "b/compile_commands.json": compdb_text([entry()])},
        ["check", "-p", "b", "other"], r"other: no compile command for a file under it$"),
]


class BadInputTest(unittest.TestCase):
    def run_lockcheck(self, args, cwd):
        return subprocess.run([LOCKCHECK] + args, cwd=cwd, capture_output=True, text=True)

    def make_row_folder(self, d, row):
        for name, text in row.files.items():
            write(os.path.join(d, name), text.replace("@D", d))
        # Rows that read facts get one good facts file beside any bad one.
        if "--facts" in row.args:
            write(os.path.join(d, "src", "good.c"), GOOD_C)
            compdb(os.path.join(d, "src"), ["good.c"])
            r = self.run_lockcheck(["extract", "-p", "src", "--no-cache", "--quiet",
                                    "--facts", "f"], d)
            self.assertEqual(r.returncode, 0, r.stderr)

    def test_matrix(self):
        for row in ROWS:
            with self.subTest(row.name), tempfile.TemporaryDirectory() as d:
                self.make_row_folder(d, row)
                before = set(os.listdir(d))
                out = os.path.join(d, "out.json")
                args = row.args[:1] + (["-o", out] if row.add_output else []) + row.args[1:]
                r = self.run_lockcheck(args, d)
                lines = r.stderr.strip().splitlines()
                self.assertNotIn("Stack dump", r.stderr)
                if row.error:
                    self.assertEqual((r.returncode, r.stdout), (2, ""), r.stderr)
                    self.assertEqual(len(lines), 1, r.stderr)
                    self.assertRegex(lines[0], "^lockcheck: error: " + row.error.replace(
                        "@D", re.escape(d)))
                    # No output file, not even a half-written one.
                    self.assertEqual(set(os.listdir(d)), before)
                else:
                    self.assertEqual(r.returncode, 3, r.stderr)
                    skipped = [l for l in lines if l.startswith("lockcheck: skipped ")]
                    self.assertEqual(len(skipped), 1, r.stderr)
                    self.assertRegex(skipped[0], "^lockcheck: skipped " + row.skipped.replace(
                        "@D", re.escape(d)))
                    self.assertTrue(os.path.exists(out) or not row.add_output)

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


if __name__ == "__main__":
    unittest.main()
