"""Tests of verify.py, the testdata driver: its directive parser and its
comparison on strings and fake findings, and its command line against a fake
lockcheck. Nothing here runs the real lockcheck.

    python3 -m unittest discover -s analyzer/unittests/testdata -p 'test_*.py'
"""

import contextlib
import io
import json
import os
import stat
import sys
import tempfile
import textwrap
import unittest

import verify

F = "/case/f.c"  # the realpath the parser is told each snippet has


def parse(text, path=F):
    return verify.parse_source(textwrap.dedent(text), path, os.path.basename(path))


def warning(line, message, path=F, checker="recursive-lock"):
    tagged = f"{message} [{checker}]"
    return verify.Diagnostic("warning", path, line, tagged, (message, tagged))


def note(line, detail, path=F):
    return verify.Diagnostic("note", path, line, detail, (detail,))


def inside(path):
    return path.startswith("/case/")


def where(directives):
    return [(d.kind, d.line, d.text, d.min, d.max) for d in directives]


class ParseTest(unittest.TestCase):
    def test_directive_applies_to_its_own_line(self):
        exp = parse("""\
            int x;
            down_write(&o->lock); // expected-warning{{already held}}
            """)
        self.assertEqual(where(exp.directives), [("warning", 2, "already held", 1, 1)])
        self.assertEqual(exp.errors, [])

    def test_line_offsets_and_absolute_lines(self):
        exp = parse("""\
            a;
            b;
            // expected-note@-1{{minus}}
            // expected-note@+2{{plus}}
            // expected-warning@1{{absolute}}
            // expected-note@*{{any line}}
            """)
        self.assertEqual(where(exp.directives), [
            ("note", 2, "minus", 1, 1), ("note", 6, "plus", 1, 1),
            ("warning", 1, "absolute", 1, 1), ("note", None, "any line", 1, 1)])
        self.assertEqual(exp.errors, [])

    def test_offset_before_line_one_is_an_error(self):
        exp = parse("// expected-note@-1{{x}}\n")
        self.assertEqual(exp.directives, [])
        self.assertEqual(exp.errors, ["f.c:1: 'expected-note': line offset points "
                                      "before line 1"])

    def test_unsupported_locations_are_errors(self):
        for loc in ("@#marker", "@inc.h:3", "@*:*", "@"):
            with self.subTest(loc=loc):
                exp = parse(f"// expected-note{loc} {{{{x}}}}\n")
                self.assertEqual(exp.directives, [])
                self.assertEqual(len(exp.errors), 1)
                self.assertIn("not supported", exp.errors[0])

    def test_counts(self):
        exp = parse("""\
            // expected-note 2 {{two}}
            // expected-note 1+ {{one or more}}
            // expected-note + {{plus}}
            // expected-note 0-3 {{range}}
            // expected-note@+1 0+ {{optional}}
            // expected-note3{{glued}}
            """)
        self.assertEqual(where(exp.directives), [
            ("note", 1, "two", 2, 2), ("note", 2, "one or more", 1, None),
            ("note", 3, "plus", 1, None), ("note", 4, "range", 0, 3),
            ("note", 6, "optional", 0, None), ("note", 6, "glued", 3, 3)])
        self.assertEqual(exp.errors, [])

    def test_bad_counts_are_errors(self):
        for count in ("3-2", "2-", "0"):
            with self.subTest(count=count):
                exp = parse(f"// expected-note {count} {{{{x}}}}\n")
                self.assertEqual(exp.directives, [])
                self.assertEqual(len(exp.errors), 1)

    def test_several_directives_on_one_line(self):
        exp = parse("f(); // expected-warning{{w}} expected-note{{n1}} "
                    "expected-note@+1 2{{n2}}\n")
        self.assertEqual(where(exp.directives), [
            ("warning", 1, "w", 1, 1), ("note", 1, "n1", 1, 1), ("note", 2, "n2", 2, 2)])

    def test_block_comments_use_the_line_the_comment_starts_on(self):
        # As in clang: a directive's own line is where its comment begins.
        exp = parse("""\
            f(); /* expected-warning{{w}} */ g(); /* expected-note{{n}} */
            /*
             * expected-note@+1{{below the comment start}}
             */
            """)
        self.assertEqual(where(exp.directives), [
            ("warning", 1, "w", 1, 1), ("note", 1, "n", 1, 1),
            ("note", 3, "below the comment start", 1, 1)])

    def test_backslash_newline_continues_a_line_comment(self):
        exp = parse("f(); // expected-warning{{w}} \\\n   expected-note{{n}}\nint y;\n")
        self.assertEqual(where(exp.directives), [("warning", 1, "w", 1, 1),
                                                 ("note", 1, "n", 1, 1)])

    def test_strings_and_code_are_not_comments(self):
        exp = parse("""\
            char *s = "// expected-warning{{in a string}}";
            char c = '"'; int expected_warning; // expected-note{{real}}
            """)
        self.assertEqual(where(exp.directives), [("note", 2, "real", 1, 1)])

    def test_directive_must_start_a_word(self):
        exp = parse("//expected-note{{a}} /*expected-note{{b}}*/ "
                    "// unexpected-note{{c}} xexpected-note{{d}}\n")
        self.assertEqual([d.text for d in exp.directives], ["a", "b"])

    def test_extra_braces_let_text_contain_closing_braces(self):
        exp = parse("// expected-note{{{struct {int a;}} held}}}\n")
        self.assertEqual([d.text for d in exp.directives], ["struct {int a;}} held"])

    def test_malformed_directives_are_errors(self):
        cases = {
            "// expected-warning\n": "cannot find start",
            # Nothing after an unterminated text is read as a directive.
            "// expected-warning{{unterminated expected-note{{x}}\n": "cannot find end",
            "// expected-warning{{}}\n": "empty text",
            "// expected-warnings{{typo}}\n": "'expected-warnings': unknown directive",
            "// expected-error{{x}}\n": "only warnings and notes",
            "// expected-warning-re{{no regex}}\n": "no {{regex}}",
            "// expected-warning-re{{bad {{(}}}}\n": "invalid regex",
        }
        for text, message in cases.items():
            with self.subTest(text=text):
                exp = parse(text)
                self.assertEqual(exp.directives, [])
                self.assertEqual(len(exp.errors), 1, exp.errors)
                self.assertIn(message, exp.errors[0])
                self.assertTrue(exp.errors[0].startswith("f.c:1: "))

    def test_prose_mentioning_expected_is_not_a_directive(self):
        exp = parse("// the expected lock order, as expectedly documented\n")
        self.assertEqual((exp.directives, exp.errors), ([], []))

    def test_no_diagnostics(self):
        exp = parse("// expected-no-diagnostics\n")
        self.assertEqual(exp.no_diagnostics, [(F, 1)])
        self.assertEqual(verify.validate(exp), [])

    def test_no_expectations_is_an_error(self):
        exp = parse("void f(void) {}\n")
        self.assertEqual(len(verify.validate(exp)), 1)
        self.assertIn("no expectations", verify.validate(exp)[0])

    def test_no_diagnostics_with_directives_is_an_error(self):
        exp = parse("// expected-no-diagnostics\nf(); // expected-warning{{w}}\n")
        self.assertIn("cannot be combined", verify.validate(exp)[0])

    def test_marks(self):
        exp = parse("""\
            // lockcheck-args: --checkers=lock-order "--rules=a b.yaml"
            /* lockcheck-xfail: the expected-note for the ops table is not emitted */
            // expected-no-diagnostics
            """)
        self.assertEqual(exp.args, [["--checkers=lock-order", "--rules=a b.yaml"]])
        self.assertEqual(exp.xfail_reason(),
                         "the expected-note for the ops table is not emitted")
        self.assertEqual(exp.errors, [])  # the reason is not read as a directive

    def test_bad_marks_are_errors(self):
        for text, message in {"// lockcheck-xfail:\n": "needs a value",
                              "// lockcheck-arg: -x\n": "unknown mark",
                              "// lockcheck-args: 'open\n": "lockcheck-args"}.items():
            with self.subTest(text=text):
                exp = parse(text)
                self.assertEqual(len(exp.errors), 1)
                self.assertIn(message, exp.errors[0])

    def test_repeated_args_across_tus_are_passed_once(self):
        exp = verify.Expectations()
        exp.extend(parse("// lockcheck-args: --checkers=lock-order\n", "/case/a.c"))
        exp.extend(parse("// lockcheck-args: --checkers=lock-order\n", "/case/b.c"))
        exp.extend(parse("// lockcheck-args: -v\n", "/case/c.c"))
        self.assertEqual(exp.extra_args(), ["--checkers=lock-order", "-v"])


class CompareTest(unittest.TestCase):
    def check(self, source, diags):
        exp = parse(source)
        self.assertEqual(exp.errors + verify.validate(exp), [])
        return verify.compare(exp, diags, inside)

    def test_exact_match_passes(self):
        cmp = self.check("""\
            down_write(&o->lock); // expected-note{{'o->lock' acquired here}}
            down_write(&o->lock); // expected-warning{{acquiring 'o->lock' that is already held}}
            """, [warning(2, "acquiring 'o->lock' that is already held"),
                  note(1, "'o->lock' acquired here")])
        self.assertTrue(cmp.ok)

    def test_substring_with_or_without_checker_tag(self):
        for text in ("already held", "already held [recursive-lock]",
                     "acquiring 'o->lock' that is already held"):
            with self.subTest(text=text):
                cmp = self.check(f"// expected-warning{{{{{text}}}}}\n",
                                 [warning(1, "acquiring 'o->lock' that is already held")])
                self.assertTrue(cmp.ok)

    def test_tag_of_another_checker_does_not_match(self):
        cmp = self.check("// expected-warning{{held [lock-order]}}\n",
                         [warning(1, "already held")])
        self.assertFalse(cmp.ok)

    def test_regex(self):
        cmp = self.check("// expected-warning-re{{acquiring '{{[a-z>-]+}}' that}}\n",
                         [warning(1, "acquiring 'o->lock' that is already held")])
        self.assertTrue(cmp.ok)

    def test_missing_and_unexpected(self):
        cmp = self.check("f(); // expected-warning{{acquiring 'obj.other'}}\n",
                         [warning(1, "acquiring 'obj.lock' that is already held"),
                          note(1, "first acquired here")])
        self.assertEqual([(d.text, n) for d, n in cmp.missing],
                         [("acquiring 'obj.other'", 1)])
        self.assertEqual([d.message for d in cmp.unexpected], [
            "acquiring 'obj.lock' that is already held [recursive-lock]",
            "first acquired here"])

    def test_wrong_line_wrong_file_or_wrong_kind_do_not_match(self):
        for diag in (warning(2, "held"), warning(1, "held", path="/case/g.c"),
                     note(1, "held")):
            with self.subTest(diag=diag):
                cmp = self.check("// expected-warning{{held}}\n", [diag])
                self.assertEqual(len(cmp.missing), 1)
                self.assertEqual(cmp.unexpected, [diag])

    def test_count_consumes_duplicates(self):
        source = "f(); // expected-note 2 {{taken here}}\n"
        self.assertTrue(self.check(source, [note(1, "taken here")] * 2).ok)
        one = self.check(source, [note(1, "taken here")])
        self.assertEqual([n for _, n in one.missing], [1])
        three = self.check(source, [note(1, "taken here")] * 3)
        self.assertEqual(len(three.unexpected), 1)

    def test_one_diagnostic_satisfies_one_directive(self):
        cmp = self.check("f(); // expected-note{{here}} expected-note{{here}}\n",
                         [note(1, "taken here")])
        self.assertEqual([n for _, n in cmp.missing], [1])

    def test_open_counts(self):
        source = "f(); // expected-note 0+ {{maybe}} expected-note 1-2 {{some}}\n"
        self.assertTrue(self.check(source, [note(1, "some")]).ok)
        self.assertTrue(self.check(source, [note(1, "maybe")] * 5 +
                                   [note(1, "some")] * 2).ok)
        self.assertEqual(len(self.check(source, [note(1, "some")] * 3).unexpected), 1)
        self.assertEqual(len(self.check(source, [note(1, "maybe")]).missing), 1)

    def test_loose_directive_does_not_steal_from_a_precise_one(self):
        # First-come matching would give "acquiring 'a'..." to the loose
        # directive and report the precise one missing.
        cmp = self.check("f(); // expected-warning{{acquiring}} "
                         "expected-warning{{acquiring 'a'}}\n",
                         [warning(1, "acquiring 'a' that is already held"),
                          warning(1, "acquiring 'b' that is already held")])
        self.assertTrue(cmp.ok)

    def test_diagnostics_outside_the_case_are_ignored(self):
        header = warning(3, "in a mock header", path="/testdata/include/linux/fs.h")
        cmp = self.check("f(); // expected-warning{{held}}\n", [warning(1, "held"), header])
        self.assertTrue(cmp.ok)
        self.assertEqual(cmp.ignored, [header])

    def test_no_diagnostics_means_none_anywhere(self):
        header = note(3, "in a mock header", path="/testdata/include/linux/fs.h")
        self.assertTrue(self.check("// expected-no-diagnostics\n", []).ok)
        cmp = self.check("// expected-no-diagnostics\n", [header])
        self.assertEqual(cmp.unexpected, [header])

    def test_report_format(self):
        cmp = self.check("""\
            f(); // expected-warning{{acquiring 'obj.other'}}
            // expected-note@-1 2 {{taken here}}
            """, [warning(1, "acquiring 'obj.lock'"), note(1, "taken here")])
        lines = verify.format_comparison(cmp, lambda p: os.path.relpath(p, "/case"))
        self.assertEqual(lines, [
            "error: 'warning' diagnostics expected but not seen:",
            "  File f.c Line 1: acquiring 'obj.other'",
            "error: 'warning' diagnostics seen but not expected:",
            "  File f.c Line 1: acquiring 'obj.lock' [recursive-lock]",
            "error: 'note' diagnostics expected but not seen:",
            "  File f.c Line 1 (directive at f.c:2): taken here"])


class FindingsTest(unittest.TestCase):
    FINDING = {
        "checker": "recursive-lock", "severity": "warning", "lock": "obj.lock",
        "function": "bad_twice", "file": "case/f.c", "line": 9, "column": 2,
        "message": "acquiring 'obj.lock' that is already held [recursive-lock]",
        "trace": [
            {"function": "bad_twice", "file": "case/f.c", "line": 8, "column": 2,
             "kind": "acquire", "detail": "'obj.lock' acquired here"},
            {"function": "bad_twice", "file": "/abs/inc/lock.h", "line": 4, "column": 1,
             "kind": "call", "detail": "in down_write"},
            {"function": "bad_twice", "file": "case/f.c", "line": 9, "column": 2,
             "kind": "reacquire", "detail": "acquired again here"}],
    }

    def test_conversion(self):
        diags = verify.findings_to_diagnostics({"findings": [self.FINDING], "stats": {}},
                                               "/work")
        self.assertEqual([(d.kind, d.path, d.line, d.message) for d in diags], [
            ("note", "/abs/inc/lock.h", 4, "in down_write"),
            ("note", "/work/case/f.c", 8, "'obj.lock' acquired here"),
            ("warning", "/work/case/f.c", 9,
             "acquiring 'obj.lock' that is already held [recursive-lock]")])
        # An expectation may quote the message with or without its checker tag.
        self.assertEqual(diags[2].match_texts, (
            "acquiring 'obj.lock' that is already held",
            "acquiring 'obj.lock' that is already held [recursive-lock]"))

    def test_lock_order_new_dependency_is_the_warning_not_a_note(self):
        finding = dict(self.FINDING, checker="lock-order", message="acquiring 'b'",
                       trace=[{"function": "f", "file": "case/f.c", "line": 7, "column": 2,
                               "kind": "dependency", "detail": "existing dependency"},
                              {"function": "g", "file": "case/f.c", "line": 9, "column": 2,
                               "kind": "new-dependency", "detail": "acquiring 'b'"}])
        diags = verify.findings_to_diagnostics({"findings": [finding]}, "/work")
        self.assertEqual([(d.kind, d.line) for d in diags], [("note", 7), ("warning", 9)])

    def test_untagged_message_gets_the_tag_for_display(self):
        finding = dict(self.FINDING, message="acquiring 'obj.lock'", trace=[])
        (diag,) = verify.findings_to_diagnostics({"findings": [finding]}, "/w")
        self.assertEqual(diag.message, "acquiring 'obj.lock' [recursive-lock]")
        self.assertEqual(diag.match_texts, ("acquiring 'obj.lock'",
                                            "acquiring 'obj.lock' [recursive-lock]"))

    def test_malformed_output_is_an_error(self):
        for doc in ({}, {"findings": [dict(self.FINDING, line=0)]},
                    {"findings": [dict(self.FINDING, file=None)]},
                    {"findings": [dict(self.FINDING, trace=[{"kind": "call"}])]}):
            with self.subTest(doc=doc):
                with self.assertRaises(verify.DriverError):
                    verify.findings_to_diagnostics(doc, "/w")


class DecideTest(unittest.TestCase):
    def test_verdicts(self):
        table = [  # ok, xfail reason, --expect-failure -> verdict, status
            (True, None, False, "PASS", 0), (False, None, False, "FAIL", 1),
            (False, "gap", False, "XFAIL", 0), (True, "gap", False, "XPASS", 1),
            (False, None, True, "PASS", 0), (True, None, True, "FAIL", 1),
            (False, "gap", True, "PASS", 0), (True, "gap", True, "FAIL", 1)]
        for ok, reason, expect_failure, verdict, status in table:
            with self.subTest(ok=ok, reason=reason, expect_failure=expect_failure):
                got = verify.decide(ok, reason, expect_failure, "c.c")
                self.assertEqual(got[:2], (verdict, status))
        self.assertEqual(verify.decide(False, "gap", False, "c.c")[2], "XFAIL: c.c: gap")
        self.assertEqual(verify.decide(True, "gap", False, "c.c")[2],
                         "XPASS: c.c: remove the lockcheck-xfail mark")


FAKE_LOCKCHECK = """\
#!{python}
# Records how it was run, then prints the findings and exits as told.
import json, os, sys
build = sys.argv[sys.argv.index("-p") + 1]
with open(os.path.join(build, "compile_commands.json")) as f:
    db = json.load(f)
with open({record!r}, "w") as f:
    json.dump({{"argv": sys.argv[1:], "cwd": os.getcwd(), "db": db}}, f)
with open({reply!r}) as f:
    reply = json.load(f)
sys.stderr.write(reply.get("stderr", ""))
print(json.dumps({{"findings": reply["findings"], "stats": {{}}}}))
sys.exit(reply["status"])
"""


class CommandLineTest(unittest.TestCase):
    """verify.main() against a fake lockcheck that prints canned findings."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.root = os.path.realpath(tmp.name)
        self.record = os.path.join(self.root, "record.json")
        self.reply = os.path.join(self.root, "reply.json")
        self.lockcheck = self.write("bin/lockcheck", FAKE_LOCKCHECK.format(
            python=sys.executable, record=self.record, reply=self.reply))
        os.chmod(self.lockcheck, stat.S_IRWXU)
        os.makedirs(os.path.join(self.root, "testdata/include"))

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text))
        return path

    def run_main(self, case, findings=(), status=None, extra=()):
        with open(self.reply, "w") as f:
            json.dump({"findings": list(findings), "stderr": "fake stderr\n",
                       "status": (1 if findings else 0) if status is None else status}, f)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = verify.main(["--lockcheck", self.lockcheck, "--clang", "none",
                                "--testdata-root", os.path.join(self.root, "testdata"),
                                *extra, os.path.join(self.root, case)])
        return code, out.getvalue()

    def finding(self, file, line, message, trace=()):
        return {"checker": "recursive-lock", "severity": "warning", "lock": "o.lock",
                "function": "f", "file": file, "line": line, "column": 1,
                "message": message + " [recursive-lock]", "trace": list(trace)}

    def test_single_file_case(self):
        self.write("testdata/rl/twice.c", """\
            // lockcheck-args: --checkers=recursive-lock
            void f(void) {} // expected-warning{{already held}}
            """)
        code, out = self.run_main("testdata/rl/twice.c",
                                  [self.finding("twice.c", 2, "already held")])
        self.assertEqual((code, out.splitlines()[-1]),
                         (0, f"PASS: {self.root}/testdata/rl/twice.c"))
        with open(self.record) as f:
            record = json.load(f)
        case_dir = os.path.join(self.root, "testdata/rl")
        self.assertEqual(record["cwd"], case_dir)
        self.assertEqual(record["argv"][0], "check")
        self.assertEqual(record["argv"][3:], ["--format", "json", "twice.c",
                                              "--checkers=recursive-lock"])
        self.assertEqual(record["db"], [{
            "directory": case_dir, "file": f"{case_dir}/twice.c",
            "arguments": ["clang-19", "-c", "-std=gnu11", "-nostdinc",
                          "-I", f"{self.root}/testdata/include",
                          '-DKBUILD_MODNAME="twice"',
                          "-o", "/dev/null", f"{case_dir}/twice.c"]}])

    def test_directory_case(self):
        self.write("testdata/rl/prog/include/fs.h", """\
            static inline void helper(void) {} // expected-note{{in helper}}
            """)
        self.write("testdata/rl/prog/fs/a.c", "// expected-warning{{held}}\n")
        self.write("testdata/rl/prog/b.c", "void g(void) {}\n")
        findings = [self.finding("prog/fs/a.c", 1, "held", trace=[
            {"function": "helper", "file": "prog/include/fs.h", "line": 1, "column": 1,
             "kind": "call", "detail": "in helper"},
            {"function": "x", "file": f"{self.root}/testdata/include/mock.h", "line": 7,
             "column": 1, "kind": "call", "detail": "ignored: outside the case"}])]
        code, out = self.run_main("testdata/rl/prog", findings)
        self.assertEqual(code, 0, out)
        with open(self.record) as f:
            record = json.load(f)
        prog = os.path.join(self.root, "testdata/rl/prog")
        self.assertEqual(record["cwd"], os.path.dirname(prog))
        self.assertEqual(record["argv"][-1], "prog")
        self.assertEqual([e["file"] for e in record["db"]],
                         [f"{prog}/b.c", f"{prog}/fs/a.c"])
        self.assertEqual(record["db"][0]["arguments"][4:8],
                         ["-I", f"{prog}/include", "-I", f"{self.root}/testdata/include"])
        self.assertTrue(all(e["directory"] == prog for e in record["db"]))

    def test_mismatch_fails_and_expect_failure_inverts(self):
        self.write("testdata/rl/wrong.c", "f(); // expected-warning{{'obj.other'}}\n")
        findings = [self.finding("wrong.c", 1, "acquiring 'obj.lock'")]
        code, out = self.run_main("testdata/rl/wrong.c", findings)
        self.assertEqual(code, 1)
        self.assertIn("error: 'warning' diagnostics expected but not seen:\n"
                      "  File wrong.c Line 1: 'obj.other'\n", out)
        self.assertIn("  File wrong.c Line 1: acquiring 'obj.lock' [recursive-lock]", out)
        self.assertTrue(out.splitlines()[-1].startswith("FAIL: "))
        code, out = self.run_main("testdata/rl/wrong.c", findings,
                                  extra=["--expect-failure"])
        self.assertEqual(code, 0, out)
        code, out = self.run_main("testdata/rl/wrong.c",
                                  [self.finding("wrong.c", 1, "'obj.other'")],
                                  extra=["--expect-failure"])
        self.assertEqual(code, 1, out)

    def test_xfail_and_xpass(self):
        self.write("testdata/rl/gap.c", """\
            // lockcheck-xfail: ops tables not resolved yet
            f(); // expected-warning{{held}}
            """)
        code, out = self.run_main("testdata/rl/gap.c")
        self.assertEqual(code, 0)
        self.assertTrue(out.splitlines()[-1].endswith(
            "gap.c: ops tables not resolved yet"), out)
        self.assertNotIn("expected but not seen", out)
        code, out = self.run_main("testdata/rl/gap.c", [self.finding("gap.c", 2, "held")])
        self.assertEqual(code, 1)
        self.assertIn("remove the lockcheck-xfail mark", out)

    def test_errors_exit_2_even_with_expect_failure(self):
        self.write("testdata/rl/quiet.c", "// expected-no-diagnostics\n")
        self.write("testdata/rl/none.c", "void f(void) {}\n")
        runs = [("quiet.c", [], 2, "status 2"),
                ("quiet.c", [self.finding("quiet.c", 1, "x")], 0, "reported 1 finding"),
                ("quiet.c", [], 1, "reported 0 finding"),
                ("none.c", [], None, "no expectations")]
        for case, findings, status, message in runs:
            with self.subTest(case=case, status=status):
                for extra in ([], ["--expect-failure"]):
                    code, out = self.run_main(f"testdata/rl/{case}", findings, status,
                                              extra)
                    self.assertEqual(code, 2, out)
                    self.assertIn(message, out)
                    self.assertTrue(out.splitlines()[-1].startswith("ERROR: "))
        code, out = self.run_main("testdata/rl/quiet.c", [], 2)
        self.assertIn("fake stderr", out)

    def test_compile_check(self):
        self.write("testdata/rl/quiet.c", "// expected-no-diagnostics\n")
        clang = self.write("bin/clang", "#!/bin/sh\necho 'quiet.c:1: boom' >&2\nexit 1\n")
        os.chmod(clang, stat.S_IRWXU)
        code, out = self.run_main("testdata/rl/quiet.c", extra=["--clang", clang])
        self.assertEqual(code, 2)
        self.assertIn("quiet.c does not compile", out)
        self.assertIn("boom", out)


if __name__ == "__main__":
    unittest.main()
