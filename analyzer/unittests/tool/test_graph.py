"""`lockcheck graph` on the miniature kernel: the DOT it prints is read back by
Graphviz itself (`dot -Tjson0`), and its nodes, edges and lockcheck's own
attributes (kind, site, via, held) are asserted, not its text."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

LOCKCHECK = os.environ.get("LOCKCHECK", "lockcheck")
TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MINIKERNEL = os.path.join(TOP, "testdata", "minikernel")


def parse_dot(text):
    """(nodes by name, edges as {(tail, head, kind): attributes}) via Graphviz."""
    r = subprocess.run(["dot", "-Tjson0"], input=text, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    graph = json.loads(r.stdout)
    objects = graph.get("objects", [])
    nodes = {o["name"]: o for o in objects}
    edges = {}
    for e in graph.get("edges", []):
        key = (objects[e["tail"]]["name"], objects[e["head"]]["name"], e.get("kind"))
        edges[key] = e
    return nodes, edges


def calls(edges):
    return {(t, h) for (t, h, k) in edges if k in ("call", "indirect-call")}


SEED_CALLS = {
    ("btrfs_file_write_iter", "btrfs_direct_write"),
    ("btrfs_direct_write", "iomap_dio_rw"),
    ("iomap_dio_rw", "iomap_dio_complete"),
    ("iomap_dio_complete", "generic_write_sync"),
    ("generic_write_sync", "vfs_fsync_range"),
    ("vfs_fsync_range", "btrfs_sync_file"),
    # The buffered write reaches ->fsync too, after dropping the lock.
    ("btrfs_file_write_iter", "btrfs_buffered_write"),
    ("btrfs_buffered_write", "generic_write_sync"),
}


class GraphTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.build = os.path.join(cls.tmp.name, "build")
        subprocess.run([sys.executable, os.path.join(TOP, "scripts", "testdata-compdb"),
                        MINIKERNEL, cls.build], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def graph(self, *args, source=None):
        source = source or ["-p", self.build, "--no-cache"]
        r = subprocess.run([LOCKCHECK, "graph"] + source + list(args), cwd=MINIKERNEL,
                           capture_output=True, text=True)
        return r

    def parsed(self, *args):
        r = self.graph(*args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return parse_dot(r.stdout)

    def test_seed_path_from_write_iter_to_fsync(self):
        nodes, edges = self.parsed("--from", "btrfs_file_write_iter", "--to", "btrfs_sync_file",
                                   "--format", "dot")
        self.assertEqual(calls(edges), SEED_CALLS)
        self.assertEqual(nodes["btrfs_file_write_iter"]["role"], "start")
        self.assertEqual(nodes["btrfs_sync_file"]["role"], "target")
        self.assertEqual((nodes["btrfs_sync_file"]["file"], nodes["btrfs_sync_file"]["line"]),
                         ("fs/btrfs/file.c", "51"))
        # The entry point's slot, and the slot the indirect call resolved to.
        entry = edges[("slot:btrfs_file_operations.write_iter", "btrfs_file_write_iter", "entry")]
        self.assertEqual(entry["via"], "btrfs_file_operations.write_iter")
        fsync = edges[("vfs_fsync_range", "btrfs_sync_file", "indirect-call")]
        self.assertEqual((fsync["via"], fsync["site"]),
                         ("btrfs_file_operations.fsync", "fs/sync.c:11"))
        # i_rwsem is held into iomap (taken at file.c:20), not on the buffered path.
        dio = edges[("btrfs_direct_write", "iomap_dio_rw", "call")]
        self.assertEqual((dio["site"], dio["held"]), ("fs/btrfs/file.c:21", "inode.i_rwsem"))
        self.assertNotIn("held", edges[("btrfs_buffered_write", "generic_write_sync", "call")])
        taken = edges[("btrfs_direct_write", "lock:inode.i_rwsem", "acquire")]
        self.assertEqual(taken["site"], "fs/btrfs/file.c:20")
        self.assertEqual(nodes["lock:inode.i_rwsem"]["kind"], "lock")
        # ->fsync takes it again.
        self.assertIn(("btrfs_sync_file", "lock:inode.i_rwsem", "acquire"), edges)

    def test_without_target_everything_reached(self):
        nodes, edges = self.parsed("--from", "btrfs_file_write_iter")
        self.assertTrue(SEED_CALLS < calls(edges), calls(edges) - SEED_CALLS)
        # The lock wrappers are reached too; nothing of other file systems is.
        self.assertIn(("btrfs_direct_write", "btrfs_inode_lock"), calls(edges))
        self.assertIn(("btrfs_inode_lock", "inode_lock"), calls(edges))
        self.assertFalse([n for n in nodes if "ext4" in n or "lonefs" in n], sorted(nodes))

    def test_no_path_gives_both_functions_and_no_call(self):
        nodes, edges = self.parsed("--from", "btrfs_file_write_iter", "--to", "lonefs_fsync")
        self.assertEqual(calls(edges), set())
        self.assertEqual(nodes["lonefs_fsync"]["role"], "target")

    def test_facts_folder_gives_the_same_graph(self):
        facts = os.path.join(self.tmp.name, "facts")
        r = subprocess.run([LOCKCHECK, "extract", "-p", self.build, "--no-cache", "--quiet",
                            "--facts", facts], cwd=MINIKERNEL, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        args = ["--from", "iomap_dio_rw", "--to", "btrfs_sync_file"]
        from_facts = self.graph(*args, source=["--facts", facts])
        from_build = self.graph(*args)
        self.assertEqual(from_facts.returncode, 0, from_facts.stderr)
        self.assertEqual(from_facts.stdout, from_build.stdout)

    def test_output_file(self):
        out = os.path.join(self.tmp.name, "seed.dot")
        r = self.graph("--from", "btrfs_file_write_iter", "-o", out)
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        with open(out) as f:
            nodes, _ = parse_dot(f.read())
        self.assertIn("btrfs_sync_file", nodes)

    def test_bad_input(self):
        for args, error in [
                (["--from", "no_such_function"],
                 "no function 'no_such_function' in the analyzed TUs"),
                (["--from", "btrfs_file_write_iter", "--to", "nope"],
                 "no function 'nope' in the analyzed TUs"),
                ([], "graph: missing --from FUNC"),
                (["--from", "f", "--format", "svg"], None)]:
            r = self.graph(*args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            if error:
                self.assertEqual(r.stderr.strip(), "lockcheck: error: " + error)
            self.assertEqual(r.stdout, "")


if __name__ == "__main__":
    unittest.main()
