"""The HTML report of testdata/minikernel in headless Chromium (Debian's
chromium): the index and the seed finding's page render (a screenshot with
more in it than a blank page's), log nothing to the console (no script error,
no resource that failed to load), and the DOM Chromium built holds the graph's
SVG, the source lines of the steps and the table the inline script sorted."""
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unittest

from html_report import FindingPage, Report, by_tag, parse, text_of
from minikernel import Minikernel

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As root in a container Chromium needs --no-sandbox; the network flags keep
# it from calling home on a machine without internet.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]
CONSOLE = re.compile(r":CONSOLE[:(]\d*\)?\] (.*)")
WINDOW = (1200, 900)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", head
    return struct.unpack(">II", head[16:24])


class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mk = Minikernel()
        cls.out = os.path.join(cls.mk.build, "report")
        r = cls.mk.run("check", "-p", cls.mk.build, "--no-cache", "--quiet", "--format", "html",
                       "-o", cls.out)
        assert r.returncode == 1, r.stderr
        cls.report = Report(cls.out)
        (cls.seed,) = [link for cells, link in cls.report.rows() if cells[3] == "btrfs_sync_file"]

    @classmethod
    def tearDownClass(cls):
        cls.mk.cleanup()

    def chromium(self, url, *action):
        """Runs one action on url; (stdout, console messages)."""
        with tempfile.TemporaryDirectory() as profile:
            r = subprocess.run([CHROMIUM] + FLAGS + ["--user-data-dir=" + profile,
                                                     "--window-size=%d,%d" % WINDOW] +
                               list(action) + [url],
                               capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        return r.stdout, [m.group(1) for m in CONSOLE.finditer(r.stderr)]

    def url(self, name):
        return "file://" + os.path.join(self.out, name)

    def screenshot(self, url):
        path = os.path.join(self.mk.build, "shot-%d.png" % len(os.listdir(self.mk.build)))
        _, console = self.chromium(url, "--screenshot=" + path)
        self.assertEqual(console, [])
        self.assertEqual(png_size(path), WINDOW)
        return os.path.getsize(path)

    def test_console_errors_are_seen(self):
        # The check below is only worth something if it can fail.
        broken = os.path.join(self.mk.build, "broken.html")
        with open(broken, "w") as f:
            f.write("<!DOCTYPE html><title>x</title><script>noSuchFunction();</script>")
        _, console = self.chromium("file://" + broken, "--dump-dom")
        self.assertTrue(any("noSuchFunction" in m for m in console), console)

    def test_screenshots_show_the_pages(self):
        blank = os.path.join(self.mk.build, "blank.html")
        with open(blank, "w") as f:
            f.write("<!DOCTYPE html><title>blank</title>")
        empty = self.screenshot("file://" + blank)
        for name in ("index.html", self.seed):
            # A page with tables, text and a graph compresses far worse than
            # a white one.
            self.assertGreater(self.screenshot(self.url(name)), 4 * empty, name)

    def test_index_sorts_in_the_browser(self):
        written = [cells[2] for cells, _ in self.report.rows()]
        dom, console = self.chromium(self.url("index.html") + "#sort=-file", "--dump-dom")
        self.assertEqual(console, [])
        (table,) = by_tag(parse(dom), "table", id="findings")
        shown = [text_of(by_tag(tr, "td")[2]).strip() for tr in by_tag(table, "tr")[1:]]
        self.assertEqual(shown, sorted(written, reverse=True))
        self.assertNotEqual(shown, written)
        (header,) = [th for th in by_tag(table, "th") if th["attrs"].get("data-column") == "file"]
        self.assertEqual(header["attrs"].get("aria-sort"), "descending")

    def test_finding_page_has_its_graph_and_source(self):
        dom, console = self.chromium(self.url(self.seed), "--dump-dom")
        self.assertEqual(console, [])
        page = FindingPage(dom)
        nodes, edges = page.graph()
        self.assertIn("btrfs_sync_file", nodes)
        self.assertIn("vfs_fsync_range->btrfs_sync_file", edges)
        hits = [text for _, _, lines in page.steps() for text, hit in lines.values() if hit]
        self.assertIn("\treturn file->f_op->fsync(file, start, end, datasync);", [
            h.split(" //")[0] for h in hits])


if __name__ == "__main__":
    unittest.main()
