"""One source, two kernel configurations: the testdata cases on lockdep's macros are
extracted as a build without lockdep and as one with CONFIG_PROVE_LOCKING and
CONFIG_DEBUG_LOCK_ALLOC (the mock headers of testdata/include follow the kernel's
shapes for both), and scripts/compare-lockdep-facts must find the same lock facts and
the same findings. lockcheck from $LOCKCHECK."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

LOCKCHECK = os.environ.get("LOCKCHECK", "lockcheck")
TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TESTDATA = os.path.join(TOP, "testdata")
COMPARE = os.path.join(TOP, "scripts", "compare-lockdep-facts")
CASES = [os.path.join(TESTDATA, "recursive-lock", name)
         for name in ("lockdep-annotations.c", "nested-spinlock-macro.c",
                      "lockdep-class-key.c")]
LOCKDEP = ["-DCONFIG_PROVE_LOCKING", "-DCONFIG_DEBUG_LOCK_ALLOC"]
ANNOTATION_KIND = 4  # facts::CalleeKind::LockdepAnnotation


def extract(folder, defines):
    for case in CASES:
        subprocess.run([LOCKCHECK, "extract", "--quiet", "--facts", folder, "--",
                        "-std=gnu11", "-nostdinc", "-I", os.path.join(TESTDATA, "include")]
                       + defines + [case], check=True)


def functions(folder, case):
    """name -> function facts of one case's TU."""
    for path in glob.glob(os.path.join(folder, "*.facts.json")):
        with open(path) as f:
            tu = json.load(f)
        if tu["main_file"] == case:
            return {fn["name"]: fn for fn in tu["functions"]}
    raise AssertionError(f"no facts for {case} in {folder}")


def steps(arg):
    path = arg.get("path")
    return [field for _, field, _ in path["steps"]] if path else None


class LockdepFactsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.plain = os.path.join(cls.tmp, "plain")
        cls.lockdep = os.path.join(cls.tmp, "lockdep")
        extract(cls.plain, [])
        extract(cls.lockdep, LOCKDEP)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def compare(self, *extra):
        # From the top of the tree, so that file names print relative to it.
        return subprocess.run([sys.executable, COMPARE, "--lockcheck", LOCKCHECK] + list(extra)
                              + [self.plain, self.lockdep], capture_output=True, text=True,
                              cwd=TOP)

    def test_both_builds_have_the_same_lock_facts_and_findings(self):
        r = self.compare()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"3 TUs, \d+ functions with lock facts, \d+ lock facts; "
                                   r"0 differences; findings: 5 without lockdep, 5 with, 0 differ")

    def test_class_keys_are_recorded_where_the_field_is_stored(self):
        # lockdep_set_class() is a call of lockdep_init_map_type() with lockdep and
        # `(void)(key)` without: either way one annotation, its lock read from the
        # tokens where the expansion drops it.
        for folder in (self.plain, self.lockdep):
            fns = functions(folder, CASES[2])
            got = {name: [(c["callee"], steps(c["args"][0]), c["args"][1]["path"]["name"])
                          for c in fns[name]["calls"] if c["kind"] == ANNOTATION_KIND]
                   for name in ("fs_init_quota", "fs_key_journal", "fs_init_log")}
            self.assertEqual(got, {
                "fs_init_quota": [("lockdep_set_class", ["quota", "sem"], "quota_key")],
                # The journal pointer is not stored where it is keyed: not recorded.
                "fs_key_journal": [],
                "fs_init_log": [("lockdep_set_class_and_name", ["log", "sem"], "log_key")],
            }, folder)
            self.assertEqual([c["callee"] for c in fns["fs_init_quota"]["calls"]
                              if c["kind"] != ANNOTATION_KIND], ["node_read"], folder)

    def test_the_builds_really_differ(self):
        # Otherwise the comparison above would hold for any extractor.
        plain = functions(self.plain, CASES[0])["bad_assert_then_lock"]
        lockdep = functions(self.lockdep, CASES[0])["bad_assert_then_lock"]
        self.assertEqual([c["callee"] for c in plain["calls"]][0], "mutex_lock")
        self.assertEqual([c["callee"] for c in lockdep["calls"]][0], "mutex_lock_nested")

    def test_annotations_are_read_from_the_invocation(self):
        expected = {
            # obj_assert_locked(o) is a macro over lockdep_assert_held(&(o)->lock); the
            # call in `&obj_owner(o)->slock` belongs to the annotation.
            "obj_update_locked": [("lockdep_assert_held", [["lock"]]),
                                  ("lockdep_assert_held_write", [["sem"]]),
                                  ("lockdep_assert_held", [["slock"]])],
            "obj_read_locked": [("lockdep_assert_held_read", [["sem"]]),
                                ("lockdep_assert_held", [[]])],
            # might_lock() expands to nothing without lockdep: read from its tokens,
            # `owner` seen through to obj_owner(o) as in an expression.
            "ok_might_lock_then_lock": [("lockdep_assert_not_held", [["lock"]]),
                                        ("might_lock", [["lock"]]),
                                        ("might_lock_nested", [["slock"], 1])],
        }
        roots = {}
        for folder in (self.plain, self.lockdep):
            fns = functions(folder, CASES[0])
            for name, annotations in expected.items():
                calls = fns[name]["calls"]
                got = [(c["callee"], [steps(a) if "path" in a else a.get("int") for a in c["args"]])
                       for c in calls if c["kind"] == ANNOTATION_KIND]
                self.assertEqual(got, annotations, f"{name} in {folder}")
            # What lockdep expands them to (lock_is_held_type(), lock_acquire()) and
            # the accessor call in an argument are the annotation's, not the function's.
            for name in ("obj_update_locked", "obj_read_locked"):
                self.assertEqual([c["callee"] for c in fns[name]["calls"]
                                  if c["kind"] != ANNOTATION_KIND], [], f"{name} in {folder}")
            nested = [c for c in fns["ok_might_lock_then_lock"]["calls"]
                      if c["callee"] == "might_lock_nested"][0]
            roots[folder] = nested["args"][0]["path"]
        # CallResult (4) obj_owner: the whole path, tokens or AST, is the same.
        self.assertEqual(roots[self.plain], roots[self.lockdep])
        self.assertEqual((roots[self.plain]["root"], roots[self.plain]["name"]), (4, "obj_owner"))

    def test_spin_lock_nested_keeps_its_lock_and_subclass(self):
        plain = functions(self.plain, CASES[1])["ok_parent_then_child"]["calls"]
        nested = [c for c in plain if c["callee"] == "_raw_spin_lock"]
        self.assertEqual(len(nested), 1, plain)
        self.assertEqual(nested[0]["macro"], "spin_lock_nested")
        self.assertEqual(steps(nested[0]["args"][0]), ["lock", "rlock"])
        self.assertEqual(nested[0]["macro_args"][1]["int"], 1)
        lockdep = functions(self.lockdep, CASES[1])["ok_parent_then_child"]["calls"]
        nested = [c for c in lockdep if c["callee"] == "_raw_spin_lock_nested"]
        self.assertEqual(len(nested), 1, lockdep)
        self.assertEqual(steps(nested[0]["args"][0]), ["lock", "rlock"])
        self.assertEqual(nested[0]["args"][1]["int"], 1)

    def test_a_missing_lockdep_primitive_is_a_difference(self):
        # Without mutex_lock_nested, the lockdep build's mutex_lock() takes nothing.
        annotations = os.path.join(self.tmp, "annotations")
        shutil.copytree(os.path.join(TOP, "annotations"), annotations)
        path = os.path.join(annotations, "mutex.yaml")
        with open(path) as f:
            text = f.read()
        start = text.index("  - function: mutex_lock_nested\n")
        end = text.index("  - function: mutex_trylock\n")
        with open(path, "w") as f:
            f.write(text[:start] + text[end:])
        r = self.compare("--annotations", annotations)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        with open(CASES[0]) as f:
            line = 1 + f.read().split("\n").index(
                "\tmutex_lock(&o->lock); // expected-warning{{acquiring 'obj.lock' that is "
                "already held}}")
        self.assertIn(f"lockdep-annotations.c:{line}:2: bad_assert_then_lock: non-lockdep only: "
                      "acquire mutex exclusive param0:o<obj>.obj::lock subclass=0", r.stdout)
        self.assertIn(f"finding only without lockdep: testdata/recursive-lock/"
                      f"lockdep-annotations.c:{line}:2: bad_assert_then_lock: acquiring "
                      "'obj.lock' that is already held", r.stdout)

    def test_bad_input(self):
        r = subprocess.run([sys.executable, COMPARE, "--no-analyze", self.plain,
                            os.path.join(self.tmp, "missing")], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.strip(), "compare-lockdep-facts: error: "
                         + os.path.join(self.tmp, "missing") + ": not a folder")
        r = subprocess.run([sys.executable, COMPARE, "--frobnicate", self.plain, self.lockdep],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)


if __name__ == "__main__":
    unittest.main()
