"""The progress display end to end: with stderr on a terminal (a pty), check
and extract draw one line ending at all TUs done and erase it before the
summary; --quiet draws nothing; in a pipe, a run this short prints no progress
line (they come every 10 s). The display's text and timing are unit-tested in
ProgressTest.cpp."""
import os
import pty
import re
import subprocess
import unittest

from minikernel import LOCKCHECK, MinikernelTestCase


class ProgressTest(MinikernelTestCase):
    def run_on_terminal(self, *args):
        """Runs lockcheck with stderr on a pty; returns (status, stderr bytes)."""
        leader, follower = pty.openpty()
        proc = subprocess.Popen([LOCKCHECK] + list(args), cwd=self.mk.root,
                                stdout=subprocess.DEVNULL, stderr=follower)
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            out += chunk
        os.close(leader)
        return proc.wait(), out.decode()

    def test_terminal_line_is_drawn_and_erased(self):
        facts = os.path.join(self.mk.build, "facts")
        for args in (["check", "-p", self.mk.build, "--no-cache"],
                     ["extract", "-p", self.mk.build, "--no-cache", "--facts", facts]):
            with self.subTest(args=args[0]):
                status, err = self.run_on_terminal(*args)
                self.assertIn(status, (0, 1), err)
                self.assertRegex(err, r"\rlockcheck: 8/8 TUs(, [\d.]+ TU/s)?\x1b\[K\r\x1b\[K")
                # The summary follows on the cleaned line.
                after = err.rsplit("\x1b[K", 1)[1]
                self.assertTrue(after.startswith("lockcheck: "), repr(err))

    def test_quiet_draws_nothing(self):
        status, err = self.run_on_terminal("check", "-p", self.mk.build, "--no-cache", "--quiet")
        self.assertEqual(status, 1)
        self.assertEqual(err, "")

    def test_short_run_in_a_pipe_prints_no_progress_line(self):
        r = self.mk.run("check", "-p", self.mk.build, "--no-cache")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertNotIn("\r", r.stderr)
        self.assertFalse(re.search(r"TUs, [\d.]+ TU/s", r.stderr), r.stderr)


if __name__ == "__main__":
    unittest.main()
