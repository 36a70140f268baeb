"""--format html on a copy of testdata/minikernel: the index lists what the
JSON report lists and links a page per finding; a page holds the graph of the
witness (Graphviz's SVG) and the source lines of every step, escaped; the
folder is replaced whole or not at all."""
import glob
import html
import os
import re
import stat
import subprocess
import unittest

from html_report import Report
from minikernel import TOP, MinikernelTestCase

REACQUIRE = "\tbtrfs_inode_lock(inode, BTRFS_ILOCK_MMAP);"
GOLDEN = os.path.join(TOP, "testdata", "html", "minikernel")


def normalise(text):
    """A page without what varies by machine (lockcheck's version, the SVG
    drawings, whose coordinates are Graphviz's) and without the style and
    script every page carries (report/HtmlAssets.h); test_html_browser.py
    checks the drawings and the script in a browser."""
    text = re.sub(r'(<meta name="generator" content="lockcheck )[^"]*', r"\1VERSION", text)
    text = re.sub(r"<style>.*?</style>", "<style><!-- HtmlStyle --></style>", text, flags=re.S)
    text = re.sub(r"<script>.*?</script>", "<script>/* HtmlSortScript */</script>", text,
                  flags=re.S)
    return re.sub(r"<svg\b.*?</svg>", "<svg><!-- drawn by Graphviz --></svg>", text,
                  flags=re.S)


class HtmlReportTest(MinikernelTestCase):
    def setUp(self):
        super().setUp()
        self.out = os.path.join(self.mk.build, "report")

    def html(self, *args, status=1, env=None):
        r = subprocess.run([os.environ.get("LOCKCHECK", "lockcheck"), "check", "-p",
                            self.mk.build, "--no-cache", "--format", "html", *args],
                           cwd=self.mk.root, capture_output=True, text=True, env=env)
        self.assertEqual(r.returncode, status, r.stderr)
        self.assertEqual(r.stdout, "")
        return r

    def assert_one_line_error(self, r, text):
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.strip().splitlines(), ["lockcheck: error: " + text])

    def test_index_lists_the_findings_and_links_their_pages(self):
        report, _ = self.mk.check()
        self.html("-o", self.out)
        rows = Report(self.out).rows()
        self.assertEqual(
            [cells[:4] for cells, _ in rows],
            [[f["checker"], f["lock"], "%s:%d:%d" % (f["file"], f["line"], f["column"]),
              f["function"]] for f in report["findings"]])
        self.assertEqual([link for _, link in rows],
                         ["findings/%s.html" % f["fingerprint"] for f in report["findings"]])
        for _, link in rows:
            self.assertTrue(os.path.isfile(os.path.join(self.out, link)), link)

    def test_finding_page_draws_the_path_and_quotes_every_step(self):
        report, _ = self.mk.check()
        (seed,) = [f for f in report["findings"] if f["function"] == "btrfs_sync_file"]
        self.html("-o", self.out)
        page = Report(self.out).page("findings/%s.html" % seed["fingerprint"])
        facts = page.facts()
        self.assertEqual(facts["Lock"], "inode.i_rwsem")
        self.assertEqual(facts["Fingerprint"], seed["fingerprint"])
        self.assertEqual(facts["Where"], "fs/btrfs/file.c:55:2 in btrfs_sync_file")
        nodes, edges = page.graph()
        for function in {t["function"] for t in seed["trace"]}:
            self.assertIn(function, nodes)
        self.assertIn("vfs_fsync_range->btrfs_sync_file", edges)
        self.assertIn("slot:btrfs_file_operations.write_iter->btrfs_file_write_iter", edges)
        steps = page.steps()
        self.assertEqual(len(steps), len(seed["trace"]))
        # The graph's functions and calls lead to their steps (a call taken
        # twice, as the lock wrapper's, to the first): the entry point, the
        # reacquisition among them.
        ids = {"#" + step_id for step_id, _, _ in steps}
        reacquire = "#step-%d" % ([t["kind"] for t in seed["trace"]].index("reacquire") + 1)
        self.assertLessEqual({"#step-1", reacquire}, page.graph_links())
        self.assertLessEqual(page.graph_links(), ids)
        for (step_id, classes, lines), (n, trace) in zip(steps, enumerate(seed["trace"], 1)):
            self.assertEqual(step_id, "step-%d" % n)
            self.assertIn("step-" + trace["kind"], classes.split())
            source = self.mk.read(trace["file"]).splitlines()
            self.assertEqual(lines[trace["line"]], (source[trace["line"] - 1], True), trace)
            for number, (text, hit) in lines.items():
                self.assertEqual(text, source[number - 1])
                self.assertEqual(hit, number == trace["line"])

    def test_pages_match_the_golden_files(self):
        # LOCKCHECK_UPDATE_GOLDEN=1 rewrites them; read the diff before committing it.
        self.html("-o", self.out)
        names = ["index.html"] + sorted(
            "findings/" + f for f in os.listdir(os.path.join(self.out, "findings")))
        if os.environ.get("LOCKCHECK_UPDATE_GOLDEN"):
            for name in names:
                os.makedirs(os.path.dirname(os.path.join(GOLDEN, name)), exist_ok=True)
                with open(os.path.join(GOLDEN, name), "w", encoding="utf-8") as f:
                    f.write(normalise(Report(self.out).read(name)))
        golden = ["index.html"] + sorted(
            "findings/" + f for f in os.listdir(os.path.join(GOLDEN, "findings")))
        self.assertEqual(names, golden)
        for name in names:
            with open(os.path.join(GOLDEN, name), encoding="utf-8") as f:
                self.assertEqual(normalise(Report(self.out).read(name)), f.read(), name)

    def test_source_and_messages_are_escaped(self):
        self.mk.edit("fs/btrfs/file.c", REACQUIRE,
                     REACQUIRE + ' /* <script>alert("x")</script> & </pre> */')
        self.html("-o", self.out)
        (link,) = [link for cells, link in Report(self.out).rows()
                   if cells[3] == "btrfs_sync_file"]
        page = Report(self.out).page(link)
        self.assertNotIn("<script>", page.text)
        self.assertIn(html.escape('<script>alert("x")</script> & </pre>'), page.text)
        hits = [text for _, _, lines in page.steps() for text, hit in lines.values() if hit]
        self.assertTrue(any(text.startswith(REACQUIRE + ' /* <script>alert("x")</script> & '
                                            '</pre> */') for text in hits), hits)

    def test_a_new_run_replaces_the_report(self):
        self.html("-o", self.out)
        self.assertEqual(len(Report(self.out).rows()), 2)
        self.mk.edit("fs/btrfs/file.c", REACQUIRE,
                     REACQUIRE + " /* lockcheck: ignore recursive-lock: test */")
        self.html("-o", self.out, "--show-suppressed")
        report = Report(self.out)
        self.assertEqual([cells[3] for cells, _ in report.rows()],
                         ["ext4_handle_inode_extension"])
        ((cells, link),) = report.rows("suppressed")
        self.assertEqual(cells[-1], "test")
        self.assertEqual(report.page(link).facts()["Suppressed"],
                         "test (fs/btrfs/file.c:55)")
        self.assertEqual(len(glob.glob(os.path.join(self.out, "findings", "*.html"))), 2)
        self.assertEqual(glob.glob(self.out + ".*"), [])
        mode = stat.S_IMODE(os.stat(self.out).st_mode)
        self.assertEqual(mode & 0o055, 0o055 & ~current_umask(), oct(mode))

    def test_a_failed_run_leaves_the_previous_report(self):
        self.html("-o", self.out)
        before = Report(self.out).read("index.html")
        # A dot that fails half way through the pages.
        bin_dir = os.path.join(self.mk.build, "bin")
        os.makedirs(bin_dir)
        with open(os.path.join(bin_dir, "dot"), "w") as f:
            f.write("#!/bin/sh\necho 'Error: simulated failure' >&2\nexit 1\n")
        os.chmod(os.path.join(bin_dir, "dot"), 0o755)
        self.mk.edit("fs/btrfs/file.c", REACQUIRE,
                     REACQUIRE + " /* lockcheck: ignore recursive-lock: test */")
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
        r = self.html("-o", self.out, status=2, env=env)
        self.assert_one_line_error(r, "dot -Tsvg failed: Error: simulated failure")
        self.assertEqual(Report(self.out).read("index.html"), before)
        self.assertEqual(glob.glob(self.out + ".*"), [])

    def test_without_graphviz_fails_before_the_analysis(self):
        empty = os.path.join(self.mk.build, "empty-bin")
        os.makedirs(empty)
        r = self.html("-o", self.out, status=2, env=dict(os.environ, PATH=empty))
        self.assert_one_line_error(r, "graphviz's 'dot' is not on PATH; install the graphviz "
                                      "package")
        self.assertFalse(os.path.exists(self.out))

    def test_never_replaces_a_folder_of_the_user(self):
        os.makedirs(self.out)
        with open(os.path.join(self.out, "notes.txt"), "w") as f:
            f.write("mine\n")
        r = self.html("-o", self.out, status=2)
        self.assert_one_line_error(r, self.out + ": folder exists and is not a lockcheck "
                                                 "report; not replacing it")
        self.assertEqual(os.listdir(self.out), ["notes.txt"])

    def test_needs_an_output_folder(self):
        self.assert_one_line_error(self.html(status=2), "--format html: missing -o DIR")

    def test_analyze_writes_the_same_report(self):
        facts = os.path.join(self.mk.build, "facts")
        r = self.mk.run("extract", "-p", self.mk.build, "--no-cache", "--quiet", "--facts", facts)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.html("-o", self.out)
        other = os.path.join(self.mk.build, "from-facts")
        r = self.mk.run("analyze", "--facts", facts, "--format", "html", "-o", other, "--quiet")
        self.assertEqual(r.returncode, 1, r.stderr)
        for name in ["index.html"] + [link for _, link in Report(self.out).rows()]:
            self.assertEqual(Report(other).read(name), Report(self.out).read(name), name)


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


if __name__ == "__main__":
    unittest.main()
