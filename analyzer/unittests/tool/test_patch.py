"""lockcheck patch end to end, on testdata/minikernel turned into a git repository
in a temporary folder: a patch introducing the seed deadlock is flagged with its
hunk, a patch fixing it reports the finding removed, an unrelated patch prints
nothing and re-extracts only its own TU; the same three as b4 runs a check
command (from the top of the tree, the patch on standard input, only the
documented git config) and through scripts/sendemail-validate driven by
git send-email. Then hostile patches: each refused with a one-line error and
nothing written outside the scratch folder. lockcheck from $LOCKCHECK."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LOCKCHECK = os.path.abspath(os.environ.get("LOCKCHECK", "lockcheck"))
LOCK_LINE = "\tbtrfs_inode_lock(inode, 0);\n"
# The seed as the contract checker reports it (rules/iomap.yaml), after WARNING: or NOTE:.
CONTRACT_HEADLINE = ("IOMAP_FSYNC_NO_IO_LOCK: 'btrfs_sync_file' (file_operations.fsync) "
                     "acquires 'inode.i_rwsem' that is held around 'iomap_dio_rw' ")
DIO_LINE = "\tret = iomap_dio_rw(iocb, from, &btrfs_dio_iomap_ops, &btrfs_dio_ops, 0);\n"
UNLOCK_LINE = "\tbtrfs_inode_unlock(inode, 0);\n"
GIT_ENV = {"GIT_AUTHOR_NAME": "A U Thor", "GIT_AUTHOR_EMAIL": "author@example.com",
           "GIT_COMMITTER_NAME": "A U Thor", "GIT_COMMITTER_EMAIL": "author@example.com"}


# A VFS entry point of no ops table calling ->write_iter, as vfs_iocb_iter_write does.
AIO_WRITE = """#include <linux/fs.h>

ssize_t aio_write(struct kiocb *iocb, struct iov_iter *from)
{
\treturn iocb->ki_filp->f_op->write_iter(iocb, from);
}
"""
# A C file a patch adds, with a finding of its own.
NEW_FILE = "fs/lonefs/double.c"
NEW_FILE_TEXT = """#include <linux/fs.h>

void lonefs_double_lock(struct inode *inode)
{
\tinode_lock(inode);
\tinode_lock(inode);
\tinode_unlock(inode);
\tinode_unlock(inode);
}
"""


def clean_env(**extra):
    """The environment without anything that names a build directory or a git
    repository, so only what a test sets counts."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and k != "LOCKCHECK_KERNEL_BUILD_DIR"}
    env.update(GIT_ENV)
    env.update(extra)
    return env


class KernelRepo:
    """The minikernel without its expectation comments, committed with the seed
    deadlock (branch buggy), its fix on top (branch fixed), and three patches:
    fix.patch (on buggy), intro.patch (the revert of the fix, on fixed) and
    unrelated.patch (a comment in fs/lonefs/file.c, on buggy)."""

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.realpath(self._tmp.name)
        self.tree = os.path.join(self.dir, "linux")
        self.build = os.path.join(self.dir, "out")
        self.scratch_root = os.path.join(self.dir, "tmp")
        os.makedirs(self.scratch_root)
        shutil.copytree(os.path.join(TOP, "testdata", "minikernel"), self.tree)
        for path in glob.glob(os.path.join(self.tree, "**", "*.[ch]"), recursive=True):
            with open(path) as f:
                text = re.sub(r"[ \t]*// expected-.*", "", f.read())
            with open(path, "w") as f:
                f.write(text)
        subprocess.run([sys.executable, os.path.join(TOP, "scripts", "testdata-compdb"),
                        self.tree, self.build], check=True)
        self.git("init", "-q", "-b", "buggy")
        self.git("add", "-A")
        self.git("commit", "-qm", "base")
        self.fix = self.make_patch("fix", "btrfs: call iomap_dio_rw without i_rwsem",
                                   "fs/btrfs/file.c", LOCK_LINE + DIO_LINE + UNLOCK_LINE,
                                   DIO_LINE)
        self.git("checkout", "-qb", "fixed")
        self.git("am", "-q", self.fix)
        self.git("revert", "--no-edit", "HEAD")
        self.intro = self.format_patch("intro")
        self.git("reset", "-q", "--hard", "HEAD~1")
        self.git("checkout", "-q", "buggy")
        self.unrelated = self.make_patch("unrelated", "lonefs: say why", "fs/lonefs/file.c",
                                         "#include", "/* lonefs: a file system alone. */\n#include")

    def cleanup(self):
        self._tmp.cleanup()

    def build_dir_of(self, branch):
        """A build directory whose compile database has every .c file of BRANCH,
        as one built after the branch's commits."""
        out = os.path.join(self.dir, "out-" + branch)
        if not os.path.isdir(out):
            self.git("checkout", "-q", branch)
            subprocess.run([sys.executable, os.path.join(TOP, "scripts", "testdata-compdb"),
                            self.tree, out], check=True)
        return out

    def add_file_patch(self, name, subject, file, text):
        """A patch of one commit adding FILE on the current branch, taken back out."""
        with open(os.path.join(self.tree, file), "w") as f:
            f.write(text)
        self.git("add", file)
        self.git("commit", "-qm", subject)
        out = self.format_patch(name)
        self.git("reset", "-q", "--hard", "HEAD~1")
        return out

    def git(self, *args):
        return subprocess.run(["git"] + list(args), cwd=self.tree, env=clean_env(), check=True,
                              capture_output=True, text=True).stdout

    def edit(self, name, old, new):
        path = os.path.join(self.tree, name)
        with open(path) as f:
            text = f.read()
        assert old in text, (name, old)
        with open(path, "w") as f:
            f.write(text.replace(old, new, 1))

    def format_patch(self, name):
        out = os.path.join(self.dir, name + ".patch")
        with open(out, "w") as f:
            f.write(self.git("format-patch", "-1", "--stdout"))
        return out

    def make_patch(self, name, subject, file, old, new):
        """A patch of one commit editing FILE, made on the current branch and
        taken back out of it."""
        self.edit(file, old, new)
        self.git("commit", "-qam", subject)
        out = self.format_patch(name)
        self.git("reset", "-q", "--hard", "HEAD~1")
        return out

    def tree_state(self):
        """Every file of the tree with its contents, and git's status."""
        files = {}
        for folder, _, names in os.walk(self.tree):
            if ".git" in folder.split(os.sep):
                continue
            for n in names:
                with open(os.path.join(folder, n), "rb") as f:
                    files[os.path.relpath(os.path.join(folder, n), self.tree)] = f.read()
        return files, self.git("status", "--porcelain")

    def lockcheck(self, *args, stdin=None, env=None, cwd=None):
        env = clean_env(TMPDIR=self.scratch_root, **(env or {}))
        return subprocess.run([LOCKCHECK] + list(args), cwd=cwd or self.tree, env=env,
                              input=stdin, capture_output=True, text=True)


def patch_line(path, text):
    """The 1-based line of PATH holding TEXT exactly."""
    with open(path) as f:
        lines = f.read().split("\n")
    return lines.index(text) + 1


class PatchModeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.repo = KernelRepo()

    @classmethod
    def tearDownClass(cls):
        cls.repo.cleanup()

    def setUp(self):
        self.repo.git("checkout", "-q", "buggy")

    def tearDown(self):
        # Nothing of a run stays behind: no scratch folder, no change in the tree.
        self.assertEqual([n for n in os.listdir(self.repo.scratch_root)
                          if n.startswith("lockcheck-patch")], [])
        self.assertEqual(self.repo.git("status", "--porcelain"), "")

    def check(self, *args, stdin=None):
        return self.repo.lockcheck("patch", "-p", self.repo.build, *args, stdin=stdin)

    def assert_introduced(self, r, patch):
        self.assertEqual(r.returncode, 1, r.stderr)
        line = patch_line(patch, "+" + LOCK_LINE.rstrip("\n"))
        self.assertIn("WARNING:RECURSIVE_LOCK: acquiring 'inode.i_rwsem' that is already held "
                      "[recursive-lock], introduced by this patch\n"
                      f"#{line}: FILE: fs/btrfs/file.c:20:\n+{LOCK_LINE}", r.stdout)
        self.assertIn("fs/btrfs/file.c:55:2: warning: acquiring 'inode.i_rwsem'", r.stdout)
        self.assertIn("fs/sync.c:11:9: note: 'file->f_op->fsync' resolves to 'btrfs_sync_file'",
                      r.stdout)
        # The contract checker sees the seed too, as rules/iomap.yaml's contract.
        self.assertIn("WARNING:" + CONTRACT_HEADLINE + "[contract], introduced by this patch\n"
                      f"#{line}: FILE: fs/btrfs/file.c:20:\n+{LOCK_LINE}", r.stdout)
        self.assertIn("total: 2 introduced, 0 removed", r.stdout)

    def assert_removed(self, r, patch):
        self.assertEqual(r.returncode, 0, r.stderr)
        line = patch_line(patch, "-" + LOCK_LINE.rstrip("\n"))
        self.assertIn("NOTE:RECURSIVE_LOCK: acquiring 'inode.i_rwsem' that is already held "
                      "[recursive-lock], removed by this patch\n"
                      f"#{line}: FILE: fs/btrfs/file.c:20:\n-{LOCK_LINE}", r.stdout)
        self.assertIn("NOTE:" + CONTRACT_HEADLINE + "[contract], removed by this patch\n"
                      f"#{line}: FILE: fs/btrfs/file.c:20:\n-{LOCK_LINE}", r.stdout)
        self.assertIn("total: 0 introduced, 2 removed", r.stdout)

    def assert_silent(self, r):
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)

    # --- lockcheck patch -p BUILD_DIR FILE ---------------------------------------------

    def test_introducing_patch_is_flagged_with_its_hunk(self):
        self.repo.git("checkout", "-q", "fixed")
        self.assert_introduced(self.check(self.repo.intro), self.repo.intro)
        j = json.loads(self.check("--format", "json", self.repo.intro).stdout)
        [p] = j["patches"]
        self.assertEqual((len(p["introduced"]), p["removed"], p["already_applied"]),
                         (2, [], False))
        self.assertEqual(sorted(f["checker"] for f in p["introduced"]),
                         ["contract", "recursive-lock"])
        self.assertEqual(p["introduced"][0]["hunk"], p["introduced"][1]["hunk"])
        hunk = p["introduced"][0]["hunk"]
        self.assertEqual(hunk["file"], "fs/btrfs/file.c")
        self.assertTrue(hunk["header"].startswith("@@ -17,7 +17,9 @@"), hunk)
        self.assertEqual(hunk["patch_line"], patch_line(self.repo.intro, hunk["header"]))
        self.assertEqual(hunk["changed_line"]["line"], 20)
        self.assertEqual(p["subject"], '[PATCH] Revert "btrfs: call iomap_dio_rw without '
                                       'i_rwsem"')

    def test_fixing_patch_reports_the_finding_removed(self):
        r = self.check(self.repo.fix)
        self.assert_removed(r, self.repo.fix)
        # The same finding as check reports on the tree before the fix.
        before = self.repo.lockcheck("check", "-p", self.repo.build, "--format", "json")
        seed = [f for f in json.loads(before.stdout)["findings"]
                if f["function"] == "btrfs_sync_file"]
        j = json.loads(self.check("--format", "json", self.repo.fix).stdout)
        self.assertEqual([f["fingerprint"] for f in j["patches"][0]["removed"]],
                         [f["fingerprint"] for f in seed])

    def test_unrelated_patch_prints_nothing_and_reextracts_its_own_tu(self):
        self.assert_silent(self.check(self.repo.unrelated))
        j = json.loads(self.check("--format", "json", self.repo.unrelated).stdout)
        self.assertEqual(j["stats"], {"tus_analyzed": 8, "tus_reextracted": 1})
        self.assertEqual(j["patches"][0]["introduced"] + j["patches"][0]["removed"], [])

    def test_header_change_reextracts_every_tu_reading_it(self):
        # The fix of fs/btrfs/btrfs_inode.h reaches btrfs's two TUs, no other.
        self.repo.edit("fs/btrfs/btrfs_inode.h", "#define", "/* i_rwsem */\n#define")
        self.repo.git("commit", "-qam", "btrfs: comment")
        patch = self.repo.format_patch("header")
        self.repo.git("reset", "-q", "--hard", "HEAD~1")
        j = json.loads(self.check("--format", "json", patch).stdout)
        self.assertEqual(j["stats"]["tus_reextracted"], 2)

    def test_contract_notes_without_a_finding(self):
        # btrfs_sync_file runs under ->write_iter's i_rwsem (through iomap and ->fsync):
        # a patch changing it hears so, though it introduces nothing.
        self.repo.edit("fs/btrfs/file.c", "\t/* Logging the inode is not modelled. */",
                       "\t/* Logging the inode is not modelled yet. */")
        self.repo.git("commit", "-qam", "btrfs: comment in btrfs_sync_file")
        patch = self.repo.format_patch("sync")
        self.repo.git("reset", "-q", "--hard", "HEAD~1")
        r = self.check(patch)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(patch) as f:
            hunk = next(l for l in f.read().split("\n") if l.startswith("@@ "))
        where = f"#{patch_line(patch, hunk)}: FILE: fs/btrfs/file.c: {hunk}\n"
        # The contract of rules/ about ->fsync, by id and citation, as btrfs_sync_file
        # implements it; then the one inferred from the paths, marked so.
        self.assertIn(
            "NOTE:CONTRACT: 'btrfs_sync_file' is ->fsync ('btrfs_file_operations.fsync'): "
            "rule iomap-fsync-no-io-lock, a file system holding a lock around iomap_dio_rw() "
            "must have an ->fsync that does not take it (fs/iomap/direct-io.c:122 "
            "(iomap_dio_complete() calls generic_write_sync() for O_DSYNC writes); "
            "fs/btrfs/file.c:1770 (btrfs_sync_file() skips the inode lock under a direct "
            "write))\n" + where, r.stdout)
        self.assertIn(
            "NOTE:CONTRACT: inferred: 'btrfs_sync_file', reached from ->write_iter "
            "('btrfs_file_operations.write_iter') via btrfs_file_write_iter, "
            "btrfs_direct_write, iomap_dio_rw, iomap_dio_complete, generic_write_sync, "
            "vfs_fsync_range, ->fsync, with inode.i_rwsem held (taken at fs/btrfs/file.c:20)\n"
            + where, r.stdout)
        self.assertIn("total: 0 introduced, 0 removed, 0 through changed lines, "
                      "2 contract notes", r.stdout)
        j = json.loads(self.check("--format", "json", patch).stdout)
        rule, inferred = j["patches"][0]["contract_notes"]
        self.assertEqual((rule["rule"], rule["inferred"]), ("iomap-fsync-no-io-lock", False))
        self.assertTrue(rule["citation"].startswith("fs/iomap/direct-io.c:122 "), rule)
        self.assertEqual((inferred["rule"], inferred["citation"], inferred["inferred"]),
                         ("", "", True))
        # iomap_dio_complete() calls ->fsync two calls down: the ->fsync contract applies.
        self.repo.edit("fs/iomap/direct-io.c", "\tssize_t ret = dio->error;\n",
                       "\tssize_t ret = dio->error;\n\t/* May call ->fsync. */\n")
        self.repo.git("commit", "-qam", "iomap: comment in iomap_dio_complete")
        dio = self.repo.format_patch("dio")
        self.repo.git("reset", "-q", "--hard", "HEAD~1")
        j = json.loads(self.check("--format", "json", dio).stdout)
        notes = j["patches"][0]["contract_notes"]
        self.assertEqual([n["rule"] for n in notes if not n["inferred"]],
                         ["iomap-fsync-no-io-lock"])
        self.assertTrue(notes[0]["text"].startswith(
            "'iomap_dio_complete' leads to ->fsync ('btrfs_file_operations.fsync'): rule "
            "iomap-fsync-no-io-lock, "), notes[0])
        # A rule disabled by --rules is not cited.
        rules = os.path.join(self.repo.dir, "no-rules.yaml")
        with open(rules, "w") as f:
            f.write("rules: []\n")
        j = json.loads(self.check("--format", "json", "--rules", rules, patch).stdout)
        self.assertEqual([n["inferred"] for n in j["patches"][0]["contract_notes"]], [True])
        # The patch bringing the deadlock back adds an acquisition, under nothing held.
        self.repo.git("checkout", "-q", "fixed")
        j = json.loads(self.check("--format", "json", self.repo.intro).stdout)
        [note] = j["patches"][0]["contract_notes"]
        self.assertTrue(note["text"].startswith(
            "inferred: this hunk adds an acquisition to 'btrfs_direct_write', reached from "
            "->write_iter"), note)
        self.assertEqual(note["patch_line"],
                         j["patches"][0]["introduced"][0]["hunk"]["patch_line"])

    def test_contract_notes_when_the_method_is_also_called_from_the_vfs(self):
        # On the whole kernel the ->write_iter context of btrfs is also reached from
        # vfs_iocb_iter_write, an entry point of no table, and takes that shorter entry
        # path: the note must still start at the method. fs/aio.c stands for it here.
        self.repo.git("checkout", "-qb", "vfs-caller")
        try:
            with open(os.path.join(self.repo.tree, "fs", "aio.c"), "w") as f:
                f.write(AIO_WRITE)
            self.repo.git("add", "fs/aio.c")
            self.repo.git("commit", "-qm", "aio: write through ->write_iter")
            build = self.repo.build_dir_of("vfs-caller")
            self.repo.edit("fs/btrfs/file.c", "\t/* Logging the inode is not modelled. */",
                           "\t/* Logging the inode is not modelled yet. */")
            self.repo.git("commit", "-qam", "btrfs: comment in btrfs_sync_file")
            patch = self.repo.format_patch("sync-vfs")
            self.repo.git("reset", "-q", "--hard", "HEAD~1")
            r = self.repo.lockcheck("patch", "-p", build, patch)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("NOTE:CONTRACT: inferred: 'btrfs_sync_file', reached from ->write_iter "
                          "('btrfs_file_operations.write_iter') via btrfs_file_write_iter, "
                          "btrfs_direct_write, iomap_dio_rw, iomap_dio_complete, "
                          "generic_write_sync, vfs_fsync_range, ->fsync, with inode.i_rwsem "
                          "held (taken at fs/btrfs/file.c:20)\n", r.stdout)
        finally:
            self.repo.git("checkout", "-q", "buggy")
            self.repo.git("branch", "-qD", "vfs-caller")

    # --- a patch adding or deleting a C file -------------------------------------------

    def new_file_patch(self):
        return self.repo.add_file_patch("new-file", "lonefs: lock twice", NEW_FILE,
                                        NEW_FILE_TEXT)

    def assert_new_file_flagged(self, r, patch):
        self.assertEqual(r.returncode, 1, r.stderr)
        # Tied to the first line of the path the patch adds: the entry point.
        line = patch_line(patch, "+void lonefs_double_lock(struct inode *inode)")
        self.assertIn("WARNING:RECURSIVE_LOCK: acquiring 'inode.i_rwsem' that is already held "
                      "[recursive-lock], introduced by this patch\n"
                      f"#{line}: FILE: {NEW_FILE}:3:\n"
                      "+void lonefs_double_lock(struct inode *inode)\n", r.stdout)
        self.assertIn(f"{NEW_FILE}: no compile command; compiled as fs/lonefs/file.c is\n"
                      "total: 1 introduced, 0 removed", r.stdout)

    def test_new_c_file_is_compiled_as_its_directory_and_flagged(self):
        patch = self.new_file_patch()
        r = self.check(patch)
        self.assert_new_file_flagged(r, patch)
        self.assertIn(f"lockcheck: {NEW_FILE}: no compile command; compiled as "
                      "fs/lonefs/file.c is\n", r.stderr)
        j = json.loads(self.check("--format", "json", patch).stdout)
        [p] = j["patches"]
        self.assertEqual(p["new_file_commands"],
                         [{"file": NEW_FILE, "compiled_as": "fs/lonefs/file.c"}])
        self.assertEqual([f["file"] for f in p["introduced"]], [NEW_FILE])
        self.assertEqual(j["stats"], {"tus_analyzed": 8, "tus_reextracted": 1})
        # As b4 checks it, before and after it is committed (the build directory
        # predates it both times).
        for committed in (False, True):
            with self.subTest(committed=committed):
                self.assert_new_file_flagged(self.b4(patch, committed), patch)

    def test_deleted_c_file_reports_its_findings_removed(self):
        # On a tree holding the new file, built with it, a patch deleting it.
        self.repo.git("checkout", "-qb", "with-new-file")
        try:
            self.repo.git("am", "-q", self.new_file_patch())
            build = self.repo.build_dir_of("with-new-file")
            self.repo.git("rm", "-q", NEW_FILE)
            self.repo.git("commit", "-qm", "lonefs: no double lock")
            patch = self.repo.format_patch("delete-file")
            self.repo.git("reset", "-q", "--hard", "HEAD~1")
            line = patch_line(patch, "-void lonefs_double_lock(struct inode *inode)")
            for committed in (False, True):
                with self.subTest(committed=committed):
                    if committed:
                        self.repo.git("am", "-q", patch)
                    try:
                        r = self.repo.lockcheck("patch", "-p", build, patch)
                    finally:
                        if committed:
                            self.repo.git("reset", "-q", "--hard", "HEAD~1")
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertIn("NOTE:RECURSIVE_LOCK: acquiring 'inode.i_rwsem' that is "
                                  "already held [recursive-lock], removed by this patch\n"
                                  f"#{line}: FILE: {NEW_FILE}:3:\n"
                                  "-void lonefs_double_lock(struct inode *inode)\n", r.stdout)
                    self.assertIn("total: 0 introduced, 1 removed", r.stdout)
                    self.assertNotIn("lockcheck: skipped", r.stderr)
        finally:
            self.repo.git("checkout", "-q", "buggy")
            self.repo.git("branch", "-qD", "with-new-file")

    def test_series_in_one_mbox(self):
        # fix then its revert: the first removes the finding, the second brings it back.
        with open(self.repo.fix) as f, open(self.repo.intro) as g:
            mbox = f.read() + "\n" + g.read()
        r = self.check("-", stdin=mbox)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stdout.count("-------------------------\n"), 4)
        self.assertIn("removed by this patch", r.stdout)
        self.assertIn("introduced by this patch", r.stdout)

    def test_terse_annotate_and_patchwork(self):
        self.repo.git("checkout", "-q", "fixed")
        r = self.check("--terse", self.repo.intro)
        contract, warning, note = r.stdout.splitlines()
        self.assertTrue(contract.startswith("fs/btrfs/file.c:20: WARNING: 'btrfs_sync_file' "),
                        contract)
        self.assertEqual(warning, "fs/btrfs/file.c:20: WARNING: acquiring 'inode.i_rwsem' that "
                                  "is already held [recursive-lock], introduced by this patch")
        self.assertTrue(note.startswith("fs/btrfs/file.c:17: NOTE: inferred: this hunk adds an "
                                        "acquisition to 'btrfs_direct_write'"), note)
        r = self.check("--annotate", self.repo.intro)
        with open(self.repo.intro) as f:
            patch = f.read()
        notes = [l for l in r.stdout.splitlines() if l.startswith("lockcheck: ")]
        self.assertEqual("\n".join(l for l in r.stdout.splitlines()
                                   if not l.startswith("lockcheck: ")) + "\n", patch)
        self.assertTrue(notes[0].startswith("lockcheck: WARNING:IOMAP_FSYNC_NO_IO_LOCK: "), notes)
        self.assertIn("lockcheck: WARNING:RECURSIVE_LOCK: acquiring 'inode.i_rwsem' that is "
                      "already held [recursive-lock], introduced by this patch", notes)
        # The notes follow the hunk's last line.
        lines = r.stdout.splitlines()
        self.assertEqual(lines[lines.index(notes[0]) - 1], " ")
        self.assertEqual(lines[lines.index(notes[0]) - 2], " }")
        r = self.check("--format", "patchwork", "--target-url", "https://ci.example/1",
                       self.repo.intro)
        check = json.loads(r.stdout)
        self.assertEqual(sorted(check), ["context", "description", "state", "target_url"])
        self.assertEqual((check["state"], check["context"], check["target_url"]),
                         ("fail", "lockcheck", "https://ci.example/1"))
        self.repo.git("checkout", "-q", "buggy")
        for patch, state in ((self.repo.fix, "success"), (self.repo.unrelated, "success")):
            r = self.check("--format", "patchwork", patch)
            self.assertEqual(json.loads(r.stdout)["state"], state)

    def test_base_revision(self):
        self.repo.git("checkout", "-q", "fixed")
        self.repo.git("am", "-q", self.repo.intro)
        try:
            r = self.check("--terse", "--base", "HEAD~1")
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertTrue(r.stdout.startswith("fs/btrfs/file.c:20: WARNING: "), r.stdout)
        finally:
            self.repo.git("reset", "-q", "--hard", "HEAD~1")

    # --- as b4 runs a per-patch check command ------------------------------------------

    def b4(self, patch, committed=False):
        """`lockcheck patch -` from the top of the tree, the patch on stdin, the build
        directory from git config alone; with committed, the patch is already in
        the tree, as b4 prep --check finds it."""
        self.repo.git("config", "lockcheck.buildDir", "../out")
        if committed:
            self.repo.git("am", "-q", patch)
        try:
            with open(patch) as f:
                return self.repo.lockcheck("patch", "-", stdin=f.read())
        finally:
            if committed:
                self.repo.git("reset", "-q", "--hard", "HEAD~1")
            self.repo.git("config", "--unset", "lockcheck.buildDir")

    def test_b4_introducing_patch(self):
        for committed in (False, True):
            with self.subTest(committed=committed):
                self.repo.git("checkout", "-q", "fixed")
                self.assert_introduced(self.b4(self.repo.intro, committed), self.repo.intro)

    def test_b4_fixing_patch(self):
        for committed in (False, True):
            with self.subTest(committed=committed):
                self.assert_removed(self.b4(self.repo.fix, committed), self.repo.fix)

    def test_b4_unrelated_patch(self):
        for committed in (False, True):
            with self.subTest(committed=committed):
                self.assert_silent(self.b4(self.repo.unrelated, committed))

    def test_build_dir_from_environment(self):
        with open(self.repo.unrelated) as f:
            r = self.repo.lockcheck("patch", "-", stdin=f.read(),
                                    env={"LOCKCHECK_KERNEL_BUILD_DIR": self.repo.build})
        self.assert_silent(r)

    def test_no_build_dir_is_an_error(self):
        with open(self.repo.unrelated) as f:
            r = self.repo.lockcheck("patch", "-", stdin=f.read())
        self.assertEqual((r.returncode, r.stdout), (2, ""))
        self.assertRegex(r.stderr, r"^lockcheck: error: patch: no build directory: .*\n$")

    # --- git send-email with scripts/sendemail-validate --------------------------------

    def send_email(self, patch, **env):
        hook = os.path.join(self.repo.tree, ".git", "hooks", "sendemail-validate")
        shutil.copy(os.path.join(TOP, "scripts", "sendemail-validate"), hook)
        self.repo.git("config", "lockcheck.buildDir", "../out")
        try:
            return subprocess.run(
                ["git", "send-email", "--dry-run", "--confirm=never", "--quiet",
                 "--to=list@example.com", "--from=author@example.com", "--suppress-cc=all",
                 patch], cwd=self.repo.tree, capture_output=True, text=True,
                env=clean_env(LOCKCHECK=LOCKCHECK, TMPDIR=self.repo.scratch_root, **env))
        finally:
            os.remove(hook)
            self.repo.git("config", "--unset", "lockcheck.buildDir")

    def test_sendemail_refuses_an_introducing_patch(self):
        self.repo.git("checkout", "-q", "fixed")
        r = self.send_email(self.repo.intro)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("rejected by sendemail-validate hook", r.stderr)
        self.assertIn("WARNING:RECURSIVE_LOCK:", r.stderr)
        self.assertNotIn("Dry-Sent", r.stdout)
        # The documented override.
        r = self.send_email(self.repo.intro, LOCKCHECK_SKIP="1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Dry-Sent", r.stdout)

    def test_sendemail_sends_a_fixing_patch(self):
        r = self.send_email(self.repo.fix)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Dry-Sent", r.stdout)
        self.assertIn("NOTE:RECURSIVE_LOCK:", r.stderr)

    def test_sendemail_sends_an_unrelated_patch(self):
        r = self.send_email(self.repo.unrelated)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Dry-Sent", r.stdout)
        self.assertNotIn("lockcheck", r.stderr)

    # --- git push with scripts/pre-push.example ----------------------------------------

    def test_pre_push_refuses_an_introducing_commit(self):
        remote = os.path.join(self.repo.dir, "remote.git")
        subprocess.run(["git", "init", "-q", "--bare", remote], check=True)
        hook = os.path.join(self.repo.tree, ".git", "hooks", "pre-push")
        shutil.copy(os.path.join(TOP, "scripts", "pre-push.example"), hook)
        self.repo.git("config", "lockcheck.buildDir", "../out")
        self.repo.git("checkout", "-q", "fixed")
        fixed = self.repo.git("rev-parse", "HEAD").strip()

        def push(**env):
            return subprocess.run(["git", "push", "-q", remote, "fixed"], cwd=self.repo.tree,
                                  capture_output=True, text=True,
                                  env=clean_env(LOCKCHECK=LOCKCHECK,
                                                TMPDIR=self.repo.scratch_root, **env))
        try:
            self.assertEqual(push().returncode, 0)  # a new branch: nothing to compare
            self.repo.git("am", "-q", self.repo.intro)
            r = push()
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("WARNING:RECURSIVE_LOCK: acquiring 'inode.i_rwsem'", r.stderr)
            self.assertIn("pre-push: lockcheck: refs/heads/fixed introduces a locking finding",
                          r.stderr)
            self.assertEqual(push(LOCKCHECK_SKIP="1").returncode, 0)
        finally:
            os.remove(hook)
            self.repo.git("config", "--unset", "lockcheck.buildDir")
            self.repo.git("reset", "-q", "--hard", fixed)


HUNK = "@@ -1 +1 @@\n-a\n+b\n"


class HostilePatchTest(unittest.TestCase):
    """Each hostile patch: exit 2, one line on stderr naming the input and the
    fault, nothing on stdout, nothing written outside the scratch folder."""

    @classmethod
    def setUpClass(cls):
        cls.repo = KernelRepo()
        # A link in the tree to a folder outside it, and that folder's file.
        cls.outside = os.path.join(cls.repo.dir, "outside")
        os.makedirs(cls.outside)
        with open(os.path.join(cls.outside, "victim.c"), "w") as f:
            f.write("a\n")
        os.symlink(cls.outside, os.path.join(cls.repo.tree, "fs", "escape"))
        cls.repo.git("add", "fs/escape")
        cls.repo.git("commit", "-qm", "link")

    @classmethod
    def tearDownClass(cls):
        cls.repo.cleanup()

    def refused(self, patch, pattern, name="-"):
        before = self.repo.tree_state()
        with open(os.path.join(self.outside, "victim.c")) as f:
            victim = f.read()
        siblings = sorted(os.listdir(self.repo.dir))
        stdin = patch if name == "-" else None
        r = self.repo.lockcheck("patch", "-p", self.repo.build, name, stdin=stdin)
        self.assertEqual((r.returncode, r.stdout), (2, ""), r.stderr)
        self.assertRegex(r.stderr, r"^lockcheck: error: " + pattern + r"\n$")
        self.assertEqual(self.repo.tree_state(), before)
        with open(os.path.join(self.outside, "victim.c")) as f:
            self.assertEqual(f.read(), victim)
        self.assertEqual(sorted(os.listdir(self.repo.dir)), siblings)
        self.assertEqual([n for n in os.listdir(self.repo.scratch_root)
                          if n.startswith("lockcheck-patch")], [])
        return r

    def test_dot_dot(self):
        self.refused("--- a/../escaped.c\n+++ b/../escaped.c\n" + HUNK,
                     r"<stdin>:1: '\.\./escaped\.c' leaves the tree")
        self.refused("diff --git a/fs/../../escaped.c b/fs/../../escaped.c\nnew file mode "
                     "100644\n--- /dev/null\n+++ b/fs/../../escaped.c\n@@ -0,0 +1 @@\n+x\n",
                     r"<stdin>:4: 'fs/\.\./\.\./escaped\.c' leaves the tree")

    def test_absolute(self):
        target = os.path.join(self.repo.dir, "abs.c")
        self.refused(f"--- {target}\n+++ {target}\n" + HUNK,
                     r"<stdin>:1: '.*/abs\.c' is an absolute path")
        self.refused(f"diff --git a/x.c b/x.c\nrename from x.c\nrename to /{target}\n",
                     r"<stdin>:1: '/.*abs\.c' is an absolute path")

    def test_symlink_in_the_tree_leading_outside(self):
        self.refused("--- a/fs/escape/victim.c\n+++ b/fs/escape/victim.c\n" + HUNK,
                     r"<stdin>:1: 'fs/escape/victim\.c' goes through the symbolic link "
                     r"'fs/escape', which leads out of the tree")

    def test_new_c_file_through_a_symlink_leading_outside(self):
        # Refused, and never compiled: a new C file gets a compile command of its own.
        r = self.refused("diff --git a/fs/escape/new.c b/fs/escape/new.c\nnew file mode 100644\n"
                         "--- /dev/null\n+++ b/fs/escape/new.c\n@@ -0,0 +1 @@\n+int x;\n",
                         r"<stdin>:\d+: 'fs/escape/new\.c' goes through the symbolic link "
                         r"'fs/escape', which leads out of the tree")
        self.assertNotIn("no compile command", r.stderr)

    def test_patch_creating_a_symlink(self):
        self.refused("diff --git a/fs/link b/fs/link\nnew file mode 120000\n--- /dev/null\n"
                     "+++ b/fs/link\n@@ -0,0 +1 @@\n+/etc\n\\ No newline at end of file\n",
                     r"<stdin>:2: symbolic links in patches are not supported")

    def test_git_folder(self):
        self.refused("diff --git a/.git/hooks/post-checkout b/.git/hooks/post-checkout\n"
                     "new file mode 100755\n--- /dev/null\n+++ b/.git/hooks/post-checkout\n"
                     "@@ -0,0 +1 @@\n+touch pwned\n",
                     r"<stdin>:4: '\.git/hooks/post-checkout' is inside \.git")

    def test_binary(self):
        self.refused("diff --git a/fs/blob b/fs/blob\nnew file mode 100644\nindex 0000000..1\n"
                     "GIT binary patch\nliteral 1\nIcmZpc00001\n\nliteral 0\nHcmV?d00001\n",
                     r"<stdin>:4: binary patches are not supported")
        self.refused("--- a/fs/sync.c\n+++ b/fs/sync.c\n@@ -1 +1 @@\n-a\n+b\0\n",
                     r"<stdin>:5: NUL byte: binary input is not a patch")

    def test_enormous(self):
        big = "--- a/fs/sync.c\n+++ b/fs/sync.c\n@@ -1 +1 @@\n-a\n+" + "x" * (8 << 20) + "\n"
        self.refused(big, r"<stdin>: patch input is larger than the limit of 8 MiB")
        path = os.path.join(self.repo.dir, "big.patch")
        with open(path, "w") as f:
            f.write(big)
        try:
            self.refused(None, re.escape(path) + r": patch input is larger than the limit "
                               r"of 8 MiB", name=path)
        finally:
            os.remove(path)

    def test_nothing_in_a_patch_runs(self):
        # A new script, a Makefile rule and a hook-like file: git apply writes them
        # into the scratch folder, nothing runs them, and the run is clean.
        sentinel = os.path.join(self.repo.dir, "pwned")
        patch = (f"diff --git a/Makefile b/Makefile\nnew file mode 100755\n--- /dev/null\n"
                 f"+++ b/Makefile\n@@ -0,0 +1,2 @@\n+all:\n+\ttouch {sentinel}\n"
                 f"diff --git a/fs/post-applypatch b/fs/post-applypatch\nnew file mode 100755\n"
                 f"--- /dev/null\n+++ b/fs/post-applypatch\n@@ -0,0 +1,2 @@\n+#!/bin/sh\n"
                 f"+touch {sentinel}\n")
        before = self.repo.tree_state()
        r = self.repo.lockcheck("patch", "-p", self.repo.build, "-", stdin=patch)
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        self.assertFalse(os.path.exists(sentinel))
        self.assertEqual(self.repo.tree_state(), before)

    def test_patch_that_does_not_apply_names_the_hunk(self):
        with open(self.repo.fix) as f:
            patch = f.read().replace(" \tssize_t ret;", " \tssize_t rex;")
        line = patch.split("\n").index(next(l for l in patch.split("\n")
                                            if l.startswith("@@ "))) + 1
        self.refused(patch, rf"<stdin>:{line}: hunk 1 of 'fs/btrfs/file\.c' \(@@ -17,9 \+17,7 "
                            r"@@ .*\) does not apply")

    def test_truncated_hunk(self):
        self.refused("--- a/fs/sync.c\n+++ b/fs/sync.c\n@@ -1,3 +1,3 @@\n a\n-b\n",
                     r"<stdin>:3: hunk of 'fs/sync\.c' ends before its last line")

    def test_not_a_patch(self):
        self.refused("hello\n", r"<stdin>:1: no diff found in the input")


if __name__ == "__main__":
    unittest.main()
