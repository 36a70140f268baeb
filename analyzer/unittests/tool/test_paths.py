"""`lockcheck paths` on the miniature kernel: the seed path from ->write_iter to
->fsync goes through iomap_dio_complete with i_rwsem held, and the table slot
each indirect call resolves to is named."""
import os
import subprocess
import sys
import tempfile
import unittest

LOCKCHECK = os.environ.get("LOCKCHECK", "lockcheck")
TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MINIKERNEL = os.path.join(TOP, "testdata", "minikernel")


class PathsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.build = tempfile.mkdtemp()
        subprocess.run([sys.executable, os.path.join(TOP, "scripts", "testdata-compdb"),
                        MINIKERNEL, cls.build], check=True)

    def paths(self, *args):
        return subprocess.run([LOCKCHECK, "paths", "-p", self.build] + list(args),
                              cwd=MINIKERNEL, capture_output=True, text=True)

    def test_seed_path_holds_i_rwsem(self):
        r = self.paths("--from", "btrfs_file_write_iter", "--to", "btrfs_sync_file")
        self.assertEqual(r.returncode, 0, r.stderr)
        paths = r.stdout.split("path ")[1:]
        seed = [p for p in paths if "iomap_dio_complete" in p]
        self.assertEqual(len(seed), 1, r.stdout)
        lines = seed[0].splitlines()
        self.assertIn("entry point 'btrfs_file_write_iter' via "
                      "'btrfs_file_operations.write_iter'", lines[1])
        self.assertIn("calling 'generic_write_sync'  [held: inode.i_rwsem (fs/btrfs/file.c:20)]",
                      seed[0])
        self.assertIn("calling 'vfs_fsync_range'  [held: inode.i_rwsem (fs/btrfs/file.c:20)]",
                      seed[0])
        self.assertTrue(lines[-1].endswith(
            "'file->f_op->fsync' resolves to 'btrfs_sync_file' via "
            "'btrfs_file_operations.fsync'  [held: inode.i_rwsem (fs/btrfs/file.c:20)]"),
            lines[-1])
        # The buffered path reaches ->fsync too, with nothing held.
        self.assertTrue(any("btrfs_buffered_write" in p and "[held: nothing]" in p.splitlines()[-1]
                            for p in paths), r.stdout)

    def test_coherence_keeps_other_filesystems_out(self):
        r = self.paths("--from", "btrfs_file_write_iter", "--to", "lonefs_fsync")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(),
                         "no path from 'btrfs_file_write_iter' to 'lonefs_fsync'")

    def test_unknown_function_is_an_error(self):
        r = self.paths("--from", "no_such_function", "--to", "btrfs_sync_file")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.strip(),
                         "lockcheck: error: no function 'no_such_function' in the analyzed TUs")


if __name__ == "__main__":
    unittest.main()
