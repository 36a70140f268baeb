"""A private copy of testdata/minikernel for tests that edit sources: its own
compile database (scripts/testdata-compdb) in a temporary folder, lockcheck
($LOCKCHECK) run from the copy's top so file names print relative to it."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LOCKCHECK = os.environ.get("LOCKCHECK", "lockcheck")
SARIF_SCHEMA = os.path.join(TOP, "testdata", "sarif", "sarif-2.1.0-rtm.5.json")


class Minikernel:
    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = os.path.join(self._tmp.name, "minikernel")
        self.build = os.path.join(self._tmp.name, "build")
        shutil.copytree(os.path.join(TOP, "testdata", "minikernel"), self.root)
        self.write_compdb()

    def cleanup(self):
        self._tmp.cleanup()

    def write_compdb(self, reverse=False):
        subprocess.run([sys.executable, os.path.join(TOP, "scripts", "testdata-compdb"),
                        self.root, self.build], check=True)
        if reverse:
            path = os.path.join(self.build, "compile_commands.json")
            with open(path) as f:
                entries = json.load(f)
            with open(path, "w") as f:
                json.dump(entries[::-1], f)

    def path(self, name):
        return os.path.join(self.root, name)

    def read(self, name):
        with open(self.path(name)) as f:
            return f.read()

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)

    def edit(self, name, old, new):
        text = self.read(name)
        assert old in text, (name, old)
        self.write(name, text.replace(old, new))

    def sources(self):
        """Every .c and .h file of the copy, relative to its top."""
        for folder, _, files in os.walk(self.root):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(folder, f), self.root)

    def run(self, *args):
        return subprocess.run([LOCKCHECK] + list(args), cwd=self.root, capture_output=True,
                              text=True)

    def check(self, *args, fmt="json", status=(0, 1)):
        """check --format FMT --no-cache; the parsed report (JSON) and the result."""
        r = self.run("check", "-p", self.build, "--no-cache", "--format", fmt, *args)
        assert r.returncode in status, (r.returncode, r.stderr)
        return json.loads(r.stdout), r


def fingerprints(report):
    """{(file, function): fingerprint} of a JSON report's findings."""
    return {(f["file"], f["function"]): f["fingerprint"] for f in report["findings"]}


class MinikernelTestCase(unittest.TestCase):
    """A fresh copy for each test, as self.mk."""

    def setUp(self):
        self.mk = Minikernel()
        self.addCleanup(self.mk.cleanup)
