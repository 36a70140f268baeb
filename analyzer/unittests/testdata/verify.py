#!/usr/bin/env python3
"""Runs lockcheck on testdata cases and compares its findings with the cases'
clang -verify style expectations, both ways.

    verify.py --lockcheck BUILD/bin/lockcheck --testdata-root testdata CASE...

A CASE is one .c file (a one-TU program) or a directory whose .c files, found
recursively, are linked as one program. For each case the driver writes a
compile_commands.json into a temporary build directory, checks that every TU
compiles with clang, runs

    lockcheck check -p BUILD --format json CASE [lockcheck-args...]

from the case's parent directory, and matches the JSON findings against the
expected-* comments of the case's .c and .h files. Each finding is a warning at
its own location; each trace step is a note, except steps of kind "reacquire",
"new-dependency" or "sleep", which repeat the warning's location. Diagnostics in files outside the case
(testdata/include) are ignored, unless the case says expected-no-diagnostics.

Directive syntax is clang's (clang/include/clang/Frontend/VerifyDiagnosticConsumer.h):
  // expected-warning{{text}}   // expected-note@-1{{text}}   @+N  @N  @*
  // expected-note 2 {{text}}   counts: N, N+, N-M, +
  // expected-warning-re{{acquiring '{{.*}}' that is already held}}  (Python re)
  // expected-no-diagnostics
Marks, each at the start of a comment line:
  // lockcheck-args: --checkers=lock-order   appended to the lockcheck command
  // lockcheck-xfail: <reason>                known gap: failing is XFAIL, passing is XPASS

Exit status: 0 every case passed (or XFAIL), 1 a comparison failed (or XPASS),
2 a case could not be checked (bad directives, no expectations, compile failure,
lockcheck error or malformed output). With --expect-failure the comparison is
inverted: 0 only if it found mismatches; errors still exit 2.

The driver's own tests: test_verify.py beside it (unit tests, no lockcheck
needed) and testdata/driver-selftest/, whose cases must fail: run them with
--expect-failure.
"""

import argparse
import bisect
import dataclasses
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from typing import Callable, List, Optional, Tuple

KINDS = ("warning", "note")  # what lockcheck emits, in clang's report order
# Trace steps at the finding's own location, which text output prints as the warning.
WARNING_STEP_KINDS = ("reacquire", "new-dependency", "sleep")
CLANG_ONLY_KINDS = ("error", "remark")
NO_DIAGNOSTICS = "no-diagnostics"
MARKS = ("args", "xfail")


class DriverError(Exception):
    """The case cannot be checked; the message names file and fault."""


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """One warning (a finding) or note (a trace step) as lockcheck reported it."""
    kind: str
    path: str  # realpath
    line: int
    message: str  # as printed in mismatch reports
    match_texts: Tuple[str, ...]  # an expectation matches if it matches any


@dataclasses.dataclass
class Directive:
    """One expected-warning / expected-note comment."""
    kind: str
    path: str  # file the diagnostic is expected in (the directive's own file)
    line: Optional[int]  # None for @*: any line of that file
    text: str
    pattern: Optional["re.Pattern[str]"]  # set for -re directives
    min: int
    max: Optional[int]  # None: no upper bound
    directive_line: int
    spelling: str

    def matches(self, diag: Diagnostic) -> bool:
        if diag.kind != self.kind or diag.path != self.path:
            return False
        if self.line is not None and diag.line != self.line:
            return False
        if self.pattern is not None:
            return any(self.pattern.search(t) for t in diag.match_texts)
        return any(self.text in t for t in diag.match_texts)


@dataclasses.dataclass
class Expectations:
    """Everything the expected-* comments and lockcheck-* marks of a case say."""
    directives: List[Directive] = dataclasses.field(default_factory=list)
    no_diagnostics: List[Tuple[str, int]] = dataclasses.field(default_factory=list)
    xfail: List[str] = dataclasses.field(default_factory=list)  # reasons
    args: List[List[str]] = dataclasses.field(default_factory=list)  # one per mark
    errors: List[str] = dataclasses.field(default_factory=list)

    def extend(self, other: "Expectations") -> None:
        for field in dataclasses.fields(self):
            getattr(self, field.name).extend(getattr(other, field.name))

    def extra_args(self) -> List[str]:
        # The same mark in several TUs of one program means one option, not a
        # repeated one (llvm::cl rejects most options given twice).
        seen, out = [], []
        for tokens in self.args:
            if tokens not in seen:
                seen.append(tokens)
                out.extend(tokens)
        return out

    def xfail_reason(self) -> Optional[str]:
        return "; ".join(self.xfail) if self.xfail else None


# ---------------------------------------------------------------- parsing ---

def extract_comments(text: str) -> List[Tuple[int, str]]:
    """Returns (line, text) for each C comment, as clang's comment handler sees
    it: delimiters included, backslash-newline folded, line = where it starts.
    String and character literals are skipped, so "// x" in a string is not
    a comment."""
    newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    comments = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = i
            while True:
                j = text.find("\n", j)
                if j < 0:
                    j = n
                    break
                if text[i:j].rstrip("\r").endswith("\\"):
                    j += 1  # backslash-newline continues a line comment
                    continue
                break
            comments.append((line_of(i), text[i:j]))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            comments.append((line_of(i), text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        else:
            i += 1
    return [(line, re.sub(r"\\(\r\n|\n\r|\n|\r)", "", raw)) for line, raw in comments]


_COUNT = re.compile(r"(\d+)(?:(\+)|-(\d*))?|(\+)")
_MARK = re.compile(r"^[\s/*]*lockcheck-([A-Za-z0-9_-]+):(.*)$")


def _is_word_start(s: str, i: int) -> bool:
    # Clang's rule: start of comment text, after whitespace, or right after
    # the comment opener ("//expected-..." and "/*expected-...").
    return i == 0 or s[i - 1].isspace() or (
        i >= 2 and s[i - 1] in "/*" and s[i - 2] == "/")


class _BadDirective(ValueError):
    """A malformed directive; parsing goes on after it, as in clang."""


def _regex_from_directive(text: str) -> "re.Pattern[str]":
    """clang's -re form: literal text with {{regex}} parts (here Python re)."""
    out, rest = [], text
    while rest:
        if rest.startswith("{{"):
            end = rest.find("}}", 2)
            if end < 0:
                raise _BadDirective("'{{' without '}}' in regex")
            out.append("(" + rest[2:end] + ")")
            rest = rest[end + 2:]
        else:
            end = rest.find("{{")
            end = len(rest) if end < 0 else end
            out.append(re.escape(rest[:end]))
            rest = rest[end:]
    try:
        return re.compile("".join(out))
    except re.error as e:
        raise _BadDirective(f"invalid regex: {e}") from None


def _parse_location(s: str, pos: int, line: int) -> Tuple[Optional[int], int]:
    """Parses an optional @+N, @-N, @N or @* at pos; returns (line, new pos),
    line None meaning any line of the directive's file."""
    if not s.startswith("@", pos):
        return line, pos
    m = re.compile(r"([+-]?)(\d+)|(\*)(?!:)").match(s, pos + 1)
    if not m and re.match(r"[^\s{]+:", s[pos + 1:]):
        # Diagnostics in files outside the case (testdata/include) are never
        # compared, and a header inside a directory case carries its own.
        raise _BadDirective("@file:line is not supported: diagnostics outside the "
                            "case are ignored; put a directive for a header of the "
                            "case in that header")
    if not m:
        raise _BadDirective("expected @+N, @-N, @N or @* after '@' (markers are "
                            "not supported)")
    if m.group(3):
        return None, m.end()
    sign, number = m.group(1), int(m.group(2))
    target = line + number if sign == "+" else line - number if sign == "-" else number
    if target < 1:
        raise _BadDirective("line offset points before line 1")
    return target, m.end()


def _parse_count(s: str, pos: int) -> Tuple[int, Optional[int], int]:
    """Parses an optional count (N, N+, N-M, +); returns (min, max, new pos),
    max None meaning no upper bound."""
    m = _COUNT.match(s, pos)
    if not m:
        return 1, 1, pos
    if m.group(4):
        return 1, None, m.end()
    lo = int(m.group(1))
    if m.group(2):
        hi = None
    elif m.group(3) is None:
        hi = lo
    elif m.group(3) and int(m.group(3)) >= lo:
        hi = int(m.group(3))
    else:
        raise _BadDirective("invalid range following '-' in count")
    if hi == 0:
        raise _BadDirective("a count of 0 expects nothing; use 0+ or 0-N")
    return lo, hi, m.end()


def _parse_text(s: str, pos: int, regex: bool) -> Tuple[str, int]:
    """Parses {{text}} at pos, or {{{text}}} and so on when the text holds
    "}}" (not for -re, whose text holds {{regex}} parts); returns (text,
    new pos). A literal backslash-n in the text stands for a newline."""
    if not s.startswith("{{", pos):
        raise _BadDirective("cannot find start ('{{') of expected text")
    open_end = pos + 2
    while not regex and s.startswith("{", open_end):
        open_end += 1
    opener = s[pos:open_end]
    closer = "}" * len(opener)
    depth, p = 1, open_end
    while p < len(s):
        if s.startswith(opener, p):
            depth, p = depth + 1, p + len(opener)
        elif s.startswith(closer, p):
            depth -= 1
            if depth == 0:
                text = s[open_end:p].replace("\\n", "\n")
                if not text.strip():
                    raise _BadDirective("empty text matches any diagnostic")
                return text, p + len(closer)
            p += len(closer)
        else:
            p += 1
    raise _BadDirective(f"cannot find end ('{closer}') of expected text")


def _parse_directives(s: str, line: int, path: str, display: str,
                      exp: Expectations) -> None:
    """Parses the expected-* directives of one comment starting on `line`."""
    pos = 0
    while True:
        start = s.find("expected", pos)
        if start < 0:
            return
        pos = start + len("expected")
        if not _is_word_start(s, start):
            continue
        end = pos
        while end < len(s) and (s[end].isalnum() or s[end] in "-_"):
            end += 1
        while s[end - 1].isdigit() or s[end - 1] == "-":
            end -= 1  # a trailing count belongs to the count, as in clang
        spelling, pos = s[start:end], end
        regex = spelling.endswith("-re")
        kind = spelling[len("expected-"):len(spelling) - 3 * regex]
        if not spelling.startswith("expected-"):
            continue  # a word like "expected" or "expectedly" in prose
        try:
            if kind == NO_DIAGNOSTICS and not regex:
                exp.no_diagnostics.append((path, line))
                continue
            if kind in CLANG_ONLY_KINDS:
                raise _BadDirective("lockcheck reports only warnings and notes")
            if kind not in KINDS:
                raise _BadDirective("unknown directive")
            target, pos = _parse_location(s, pos, line)
            while pos < len(s) and s[pos].isspace():
                pos += 1
            lo, hi, pos = _parse_count(s, pos)
            while pos < len(s) and s[pos].isspace():
                pos += 1
            text, pos = _parse_text(s, pos, regex)
            pattern = None
            if regex:
                if "{{" not in text:
                    raise _BadDirective(f"no {{{{regex}}}} in '{text}'")
                pattern = _regex_from_directive(text)
            exp.directives.append(Directive(kind, path, target, text, pattern, lo, hi,
                                            line, spelling))
        except _BadDirective as e:
            exp.errors.append(f"{display}:{line}: '{spelling}': {e}")
            if "cannot find end" in str(e):
                return  # the rest of the comment is the unterminated text


def _parse_marks(s: str, line: int, display: str, exp: Expectations) -> str:
    """Records the lockcheck-* marks of one comment and returns the comment with
    their lines blanked, so a reason that mentions expected-note is not read
    as a directive."""
    rest = []
    for offset, text_line in enumerate(s.split("\n")):
        m = _MARK.match(text_line)
        rest.append("" if m else text_line)
        if not m:
            continue
        name, value = m.group(1), m.group(2)
        value = re.sub(r"\*+/\s*$", "", value).strip()
        where = f"{display}:{line + offset}"
        if name not in MARKS:
            exp.errors.append(f"{where}: unknown mark 'lockcheck-{name}' "
                              f"(known: {', '.join('lockcheck-' + k for k in MARKS)})")
        elif not value:
            exp.errors.append(f"{where}: 'lockcheck-{name}:' needs a value")
        elif name == "xfail":
            exp.xfail.append(value)
        else:
            try:
                exp.args.append(shlex.split(value))
            except ValueError as e:
                exp.errors.append(f"{where}: lockcheck-args: {e}")
    return "\n".join(rest)


def parse_source(text: str, path: str, display: Optional[str] = None) -> Expectations:
    """Parses the expected-* directives and lockcheck-* marks of one file.
    `path` is the file's realpath (what diagnostics are compared against);
    `display` is how messages name it."""
    display = display or path
    exp = Expectations()
    for line, comment in extract_comments(text):
        _parse_directives(_parse_marks(comment, line, display, exp), line, path,
                          display, exp)
    return exp


def validate(exp: Expectations) -> List[str]:
    """Case-level checks that no single file can make."""
    if exp.no_diagnostics and exp.directives:
        return ["'expected-no-diagnostics' cannot be combined with other expected "
                "directives"]
    if not exp.no_diagnostics and not exp.directives:
        return ["no expectations: add expected-warning/expected-note directives or "
                "'// expected-no-diagnostics'"]
    return []


# ------------------------------------------------------------ comparison ---

def _require(obj, key: str, kind: type, where: str):
    """The value of a key lockcheck's JSON format promises, or a DriverError."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if kind is list:
        ok, what = isinstance(value, list), "a list"
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        what = "a positive integer"
    else:
        ok, what = isinstance(value, str) and value != "", "a non-empty string"
    if not ok:
        raise DriverError(f"lockcheck output: {where}: '{key}' must be {what}")
    return value


def findings_to_diagnostics(doc: dict, cwd: str) -> List[Diagnostic]:
    """Turns lockcheck's JSON document into warnings and notes, sorted.
    Relative file names are relative to lockcheck's working directory."""
    findings = _require(doc, "findings", list, "top level")
    diags = []
    for i, finding in enumerate(findings):
        where = f"findings[{i}]"
        checker = _require(finding, "checker", str, where)
        message = _require(finding, "message", str, where)
        path = os.path.realpath(os.path.join(cwd, _require(finding, "file", str, where)))
        tag = f" [{checker}]"
        bare = message[:-len(tag)] if message.endswith(tag) else message
        diags.append(Diagnostic("warning", path, _require(finding, "line", int, where),
                                bare + tag, (bare, bare + tag)))
        for j, step in enumerate(_require(finding, "trace", list, where)):
            swhere = f"{where}.trace[{j}]"
            if _require(step, "kind", str, swhere) in WARNING_STEP_KINDS:
                continue  # the warning's own location, already reported as the warning
            detail = _require(step, "detail", str, swhere)
            spath = os.path.realpath(os.path.join(cwd, _require(step, "file", str, swhere)))
            diags.append(Diagnostic("note", spath, _require(step, "line", int, swhere),
                                    detail, (detail,)))
    return sorted(diags, key=lambda d: (d.path, d.line, d.kind, d.message))


@dataclasses.dataclass
class Comparison:
    """What compare() found; ok when nothing is missing or unexpected."""
    missing: List[Tuple[Directive, int]]  # directive, instances not seen
    unexpected: List[Diagnostic]
    ignored: List[Diagnostic]  # outside the case

    @property
    def ok(self) -> bool:
        return not self.missing and not self.unexpected


def compare(exp: Expectations, diags: List[Diagnostic],
            inside: Callable[[str], bool]) -> Comparison:
    """Matches directives with diagnostics. Each directive needs `min` and may
    take up to `max` matching diagnostics; a diagnostic satisfies at most one
    directive. Unlike clang's first-come matching this finds a maximum
    matching, so an early loose directive ({{acquiring}}) cannot take the
    diagnostic a later precise one needs."""
    if exp.no_diagnostics:
        # "No diagnostics" means none at all, wherever lockcheck put them.
        return Comparison([], list(diags), [])
    considered = [d for d in diags if inside(d.path)]
    ignored = [d for d in diags if not inside(d.path)]
    candidates = [[k for k, d in enumerate(considered) if dr.matches(d)]
                  for dr in exp.directives]
    required, optional = [], []
    for i, dr in enumerate(exp.directives):
        required += [i] * dr.min
        extra = len(candidates[i]) if dr.max is None else dr.max - dr.min
        optional += [i] * min(extra, len(candidates[i]))
    slots = required + optional
    slot_of: dict = {}  # diagnostic index -> slot index

    def augment(slot: int, seen: set) -> bool:
        for k in candidates[slots[slot]]:
            if k not in seen:
                seen.add(k)
                if k not in slot_of or augment(slot_of[k], seen):
                    slot_of[k] = slot
                    return True
        return False

    # Required slots first: augmenting never unmatches a slot, so the optional
    # pass cannot make a required expectation go missing.
    for slot in range(len(slots)):
        augment(slot, set())
    filled = set(slot_of.values())
    missing_count = [0] * len(exp.directives)
    for slot in range(len(required)):
        if slot not in filled:
            missing_count[required[slot]] += 1
    missing = [(dr, n) for dr, n in zip(exp.directives, missing_count) if n]
    unexpected = [d for k, d in enumerate(considered) if k not in slot_of]
    return Comparison(missing, unexpected, ignored)


def format_comparison(cmp: Comparison, show: Callable[[str], str]) -> List[str]:
    """clang -verify's report: per kind, expected-but-not-seen then
    seen-but-not-expected; one line per missing instance."""
    lines = []
    for kind in KINDS:
        missing = sorted((dr for dr in cmp.missing if dr[0].kind == kind),
                         key=lambda m: (m[0].path, m[0].line or 0, m[0].directive_line))
        if missing:
            lines.append(f"error: '{kind}' diagnostics expected but not seen:")
            for dr, count in missing:
                at = "*" if dr.line is None else str(dr.line)
                note = "" if dr.line == dr.directive_line else \
                    f" (directive at {show(dr.path)}:{dr.directive_line})"
                lines += [f"  File {show(dr.path)} Line {at}{note}: {dr.text}"] * count
        unexpected = [d for d in cmp.unexpected if d.kind == kind]
        if unexpected:
            lines.append(f"error: '{kind}' diagnostics seen but not expected:")
            lines += [f"  File {show(d.path)} Line {d.line}: {d.message}"
                      for d in unexpected]
    return lines


def decide(comparison_ok: bool, xfail_reason: Optional[str], expect_failure: bool,
           name: str) -> Tuple[str, int, str]:
    """Returns (verdict, exit status, final line) for a case whose comparison
    ran. Under --expect-failure (the driver's self-test) xfail marks do not
    apply: only the comparison counts."""
    if expect_failure:
        if comparison_ok:
            return ("FAIL", 1, f"FAIL: {name}: every expectation matched, but "
                               "--expect-failure was given")
        return ("PASS", 0, f"PASS: {name}: the comparison failed, as "
                           "--expect-failure requires")
    if xfail_reason is not None:
        if comparison_ok:
            return ("XPASS", 1, f"XPASS: {name}: remove the lockcheck-xfail mark")
        return ("XFAIL", 0, f"XFAIL: {name}: {xfail_reason}")
    return ("PASS", 0, f"PASS: {name}") if comparison_ok else ("FAIL", 1, f"FAIL: {name}")


# ---------------------------------------------------------------- running ---

class Case:
    """A case on disk: its TUs, the files whose expectations count, and
    which diagnostics are "inside" it."""

    def __init__(self, arg: str):
        self.name = os.path.normpath(arg)
        self.path = os.path.realpath(arg)
        if os.path.isdir(self.path):
            self.dir = self.path
            self.sources = []
            for root, dirs, files in os.walk(self.path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                self.sources += [os.path.join(root, f) for f in sorted(files)
                                 if f.endswith((".c", ".h")) and not f.startswith(".")]
            self.tus = [f for f in self.sources if f.endswith(".c")]
            if not self.tus:
                raise DriverError(f"{self.name}: no .c files in case directory")
        elif os.path.isfile(self.path) and self.path.endswith(".c"):
            self.dir = os.path.dirname(self.path)
            self.sources = self.tus = [self.path]
        else:
            raise DriverError(f"{self.name}: not a .c file or a directory")
        self.cwd = os.path.dirname(self.path)

    def inside(self, path: str) -> bool:
        if self.dir == self.path:
            return path.startswith(self.dir + os.sep)
        return path == self.path

    def show(self, path: str) -> str:
        return os.path.relpath(path, self.dir) if self.inside(path) else path

    def expectations(self) -> Expectations:
        exp = Expectations()
        for source in self.sources:
            with open(source, encoding="utf-8", errors="surrogateescape") as f:
                exp.extend(parse_source(f.read(), source, self.show(source)))
        return exp

    def compile_commands(self, root: str) -> List[dict]:
        includes = []
        if os.path.isdir(os.path.join(self.dir, "include")):
            includes += ["-I", os.path.join(self.dir, "include")]
        includes += ["-I", os.path.join(os.path.realpath(root), "include")]
        return [{"directory": self.dir, "file": tu,
                 "arguments": ["clang-19", "-c", "-std=gnu11", "-nostdinc", *includes,
                               f'-DKBUILD_MODNAME="{kbuild_modname(self.dir, tu)}"',
                               "-o", "/dev/null", tu]}
                for tu in self.tus]


def kbuild_modname(case_dir: str, tu: str) -> str:
    """KBUILD_MODNAME as Kbuild would define it: a file two folders down
    (fs/btrfs/file.c) belongs to its folder's composite module, anything
    higher up (fs/sync.c) is a one-file object named after itself. The same
    rule as scripts/testdata-compdb."""
    rel = os.path.relpath(tu, case_dir)
    folder = os.path.dirname(rel)
    if folder.count(os.sep) >= 1:
        return os.path.basename(folder)
    return os.path.splitext(os.path.basename(rel))[0]


def _run_lockcheck(case: Case, exp: Expectations, opts,
                   build: str) -> Tuple[List[Diagnostic], str]:
    """Writes the compile database, runs lockcheck, returns its diagnostics and
    a description of the command for failure reports."""
    commands = case.compile_commands(opts.testdata_root)
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        json.dump(commands, f, indent=2)
    # A TU that does not compile would be skipped by lockcheck and could make
    # an expected-no-diagnostics case pass for the wrong reason.
    if opts.clang != "none":
        for cmd in commands:
            r = subprocess.run([opts.clang] + cmd["arguments"][1:], cwd=cmd["directory"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                raise DriverError(f"{case.show(cmd['file'])} does not compile with "
                                  f"{opts.clang}:\n{r.stderr.rstrip()}")
    argv = [opts.lockcheck, "check", "-p", build, "--format", "json",
            os.path.relpath(case.path, case.cwd)] + exp.extra_args()
    command = f"note: command (cwd {case.cwd}): {shlex.join(argv)}"
    if not opts.keep_build_dir:
        command += "\nnote: --keep-build-dir keeps the compile_commands.json it reads"
    if opts.verbose:
        print(command)
    r = subprocess.run(argv, cwd=case.cwd, capture_output=True, text=True)
    if opts.verbose and r.stderr:
        print("note: lockcheck stderr:\n" + r.stderr.rstrip())
    if r.returncode not in (0, 1):
        raise DriverError(f"lockcheck exited with status {r.returncode}\n{command}\n"
                          f"note: lockcheck stderr:\n{r.stderr.rstrip()}")
    try:
        doc = json.loads(r.stdout)
    except json.JSONDecodeError as e:
        raise DriverError(f"lockcheck output is not JSON: {e}\n{command}") from None
    diags = findings_to_diagnostics(doc, case.cwd)
    if (r.returncode == 1) != bool(doc["findings"]):
        raise DriverError(f"lockcheck exited with status {r.returncode} but reported "
                          f"{len(doc['findings'])} finding(s)\n{command}")
    return diags, command


def run_case(arg: str, opts) -> str:
    """Checks one case, prints its report, returns its verdict."""
    name = os.path.normpath(arg)
    try:
        case = Case(arg)
        exp = case.expectations()
        errors = exp.errors or validate(exp)
        if errors:
            raise DriverError("\n".join(errors))
        build = tempfile.mkdtemp(prefix="lockcheck-verify-")
        try:
            diags, command = _run_lockcheck(case, exp, opts, build)
        finally:
            if opts.keep_build_dir:
                print(f"note: build directory kept: {build}")
            else:
                shutil.rmtree(build, ignore_errors=True)
    except (DriverError, OSError) as e:
        for line in str(e).split("\n"):
            print(line if line.startswith("note: ") else f"error: {line}")
        print(f"ERROR: {name}")
        return "ERROR"
    cmp = compare(exp, diags, case.inside)
    verdict, _, final = decide(cmp.ok, exp.xfail_reason(), opts.expect_failure, name)
    if opts.verbose:
        for d in cmp.ignored:
            print(f"note: ignored {d.kind} outside the case: {d.path}:{d.line}: "
                  f"{d.message}")
    if not cmp.ok and (verdict != "XFAIL" or opts.verbose):
        print("\n".join(format_comparison(cmp, case.show)))
    if verdict in ("FAIL", "XPASS") and not opts.verbose:
        print(command)
    print(final)
    return verdict


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check lockcheck's findings on testdata cases against their "
                    "expected-* comments.")
    parser.add_argument("--lockcheck", required=True, help="the lockcheck binary")
    parser.add_argument("--testdata-root", required=True,
                        help="testdata/ (its include/ holds the kernel mock headers)")
    parser.add_argument("--clang", default="clang-19",
                        help="compiler that must accept every TU first; 'none' skips "
                             "the check (default: clang-19)")
    parser.add_argument("--expect-failure", action="store_true",
                        help="succeed only if the comparison finds mismatches "
                             "(the driver's self-test)")
    parser.add_argument("--keep-build-dir", action="store_true",
                        help="keep the temporary compile_commands.json directory")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print the lockcheck command, its stderr, ignored "
                             "diagnostics and XFAIL details")
    parser.add_argument("cases", nargs="+", metavar="CASE",
                        help="a .c file or a directory of .c files")
    opts = parser.parse_args(argv)
    if not os.path.isdir(opts.testdata_root):
        parser.error(f"--testdata-root {opts.testdata_root}: not a directory")
    # Both run from the case's directories: make a relative path absolute.
    for option in ("lockcheck", "clang"):
        value = getattr(opts, option)
        if value != "none" and not shutil.which(value):
            parser.error(f"--{option} {value}: not an executable")
        if os.sep in value:
            setattr(opts, option, os.path.abspath(value))

    verdicts = [run_case(case, opts) for case in opts.cases]
    if len(verdicts) > 1:
        counts = {v: verdicts.count(v) for v in ("PASS", "FAIL", "XFAIL", "XPASS", "ERROR")}
        print(f"{len(verdicts)} cases: " +
              ", ".join(f"{n} {v.lower()}" for v, n in counts.items() if n))
    if "ERROR" in verdicts:
        return 2
    return 1 if "FAIL" in verdicts or "XPASS" in verdicts else 0


if __name__ == "__main__":
    sys.exit(main())
