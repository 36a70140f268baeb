"""Checks the facts that Kbuild's CHECK hook produced from real kernel code
(scripts/kernel-smoke): the ops tables, calls and branch conditions of the
seed path

  btrfs_file_write_iter -> btrfs_do_write_iter -> btrfs_direct_write
    -> btrfs_dio_write -> __iomap_dio_rw                (inode lock held)
    -> iomap_dio_complete -> generic_write_sync (static inline, linux/fs.h)
    -> vfs_fsync_range -> file->f_op->fsync = btrfs_sync_file -> btrfs_inode_lock

must be there, every TU Kbuild checked must have produced one facts file, and
`lockcheck analyze` must read them all and exit 0 or 1.

  kernel_smoke_check.py [--lockcheck PATH] [--checked FILE] FACTS_DIR

--checked names a file listing the sources Kbuild checked, one per line.
Exit status: 0 when every assertion holds, 1 otherwise."""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

# The integer forms of the facts enums (analyzer/facts/Facts.h).
CALL_DIRECT, CALL_FIELD = 0, 1
COND_PARAM_MASK = 3
COND_TASK_EQUALS = 6

# BTRFS_TRANS_DIO_WRITE_STUB (fs/btrfs/transaction.h in 6.1): ((void *) 1).
BTRFS_TRANS_DIO_WRITE_STUB = 1

# btrfs_inode_lock()'s flags (fs/btrfs/ctree.h in 6.1).
BTRFS_ILOCK_SHARED, BTRFS_ILOCK_TRY, BTRFS_ILOCK_MMAP = 1, 2, 4


class Facts:
    """Every facts file of a directory, indexed by function name."""

    def __init__(self, facts_dir):
        self.files = sorted(glob.glob(os.path.join(facts_dir, "*.facts.json")))
        self.tus = []
        self.unreadable = []
        for path in self.files:
            try:
                with open(path) as f:
                    self.tus.append(json.load(f))
            except (OSError, ValueError) as e:
                self.unreadable.append("%s: %s" % (path, e))

    def functions(self, name, main_file_suffix=None):
        """(tu, function) for each definition of NAME, in TUs whose main file
        ends with MAIN_FILE_SUFFIX when given."""
        return [(tu, fn) for tu in self.tus
                if main_file_suffix is None or tu["main_file"].endswith(main_file_suffix)
                for fn in tu["functions"] if fn["name"] == name]

    def ops_stores(self):
        return [s for tu in self.tus for s in tu["ops_stores"]]


class Checker:
    def __init__(self):
        self.failures = []
        self.passed = 0
        self.looked_up = set()

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print("ok: " + what)
        else:
            self.failures.append(what)
            print("FAIL: " + what + (" (" + detail + ")" if detail else ""))


def defined_in(c, facts, name, suffix):
    """The definitions of NAME in the TU of SUFFIX, asserted once per name."""
    found = facts.functions(name, suffix)
    if (name, suffix) not in c.looked_up:
        c.looked_up.add((name, suffix))
        c.check(found, "%s is defined in the facts of %s" % (name, suffix),
                "no such function among %d TUs" % len(facts.tus))
    return found


def check_calls(c, facts, caller, suffix, callee):
    for _, fn in defined_in(c, facts, caller, suffix)[:1]:
        direct = sorted({k["callee"] for k in fn["calls"] if k["kind"] == CALL_DIRECT})
        c.check(callee in direct, "%s calls %s" % (caller, callee),
                "direct callees: " + ", ".join(direct))


def check_field_call(c, facts, caller, suffix, record, field):
    for _, fn in defined_in(c, facts, caller, suffix)[:1]:
        fields = sorted({"%s.%s" % (k["record"], k["field"])
                         for k in fn["calls"] if k["kind"] == CALL_FIELD})
        c.check("%s.%s" % (record, field) in fields,
                "%s calls through %s.%s" % (caller, record, field),
                "calls through fields: " + ", ".join(fields))


def check_ops_store(c, facts, record, table, field, function):
    slots = [s for s in facts.ops_stores()
             if s["record"] == record and s["table"] == table and s["field"] == field]
    c.check(any(s["function"] == function for s in slots),
            "ops store %s %s.%s = %s" % (record, table, field, function),
            "stored there: " + (", ".join(sorted(s["function"] for s in slots)) or "nothing"))


def check_checked_tus(c, facts, checked_list):
    with open(checked_list) as f:
        checked = {os.path.normpath(line.strip()) for line in f if line.strip()}
    main_files = [tu["main_file"] for tu in facts.tus]
    c.check(checked, "Kbuild checked at least one TU", "the list %s is empty" % checked_list)
    missing = sorted(checked - set(main_files))
    c.check(not missing, "every TU Kbuild checked has a facts file",
            "no facts for " + ", ".join(missing))
    extra = sorted(set(main_files) - checked)
    c.check(not extra, "every facts file is of a TU Kbuild checked",
            "not checked by Kbuild: " + ", ".join(extra))
    dups = sorted({m for m in main_files if main_files.count(m) > 1})
    c.check(not dups, "one facts file per TU", "several facts files for " + ", ".join(dups))


def check_analyze(c, facts, lockcheck, facts_dir):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        r = subprocess.run([lockcheck, "analyze", "--facts", facts_dir, "--format", "json",
                            "-o", report], capture_output=True, text=True)
        c.check(r.returncode in (0, 1), "lockcheck analyze exits 0 or 1",
                "exit %d: %s" % (r.returncode, r.stderr.strip()))
        if r.returncode not in (0, 1):
            return
        try:
            with open(report) as f:
                doc = json.load(f)
            stats = doc["stats"]
        except (OSError, ValueError, KeyError) as e:
            c.check(False, "lockcheck analyze writes a JSON report with stats", str(e))
            return
    print("analyze: " + r.stderr.strip())
    check_no_seed_finding(c, doc.get("findings", []))
    c.check(stats["tus_analyzed"] == len(facts.files),
            "lockcheck analyze read every facts file",
            "%d of %d" % (stats["tus_analyzed"], len(facts.files)))
    c.check(stats["tus_failed"] == 0, "lockcheck analyze rejected no facts file",
            "; ".join(str(t) for t in stats.get("failed_tus", [])))


def check_dio_write_stub(c, facts, file_c):
    """6.1's guard against the seed: btrfs_direct_write() sets current->journal_info to the
    stub around iomap_dio_complete(), btrfs_sync_file() tests it."""
    for _, fn in defined_in(c, facts, "btrfs_direct_write", file_c)[:1]:
        stores = [st for b in fn["blocks"] for st in b.get("task_stores", [])]
        c.check(["journal_info", BTRFS_TRANS_DIO_WRITE_STUB] in [st[:2] for st in stores],
                "btrfs_direct_write stores BTRFS_TRANS_DIO_WRITE_STUB in current->journal_info",
                "task stores: %s" % stores)
    for _, fn in defined_in(c, facts, "btrfs_sync_file", file_c)[:1]:
        tests = [b["cond"] for b in fn["blocks"] if "cond" in b
                 and b["cond"]["kind"] == COND_TASK_EQUALS]
        c.check(any(t["var"] == "journal_info" and t["value"] == BTRFS_TRANS_DIO_WRITE_STUB
                    for t in tests),
                "btrfs_sync_file tests current->journal_info == BTRFS_TRANS_DIO_WRITE_STUB",
                "task tests: %s" % tests)


def check_no_seed_finding(c, findings):
    """With the stub in the calling context, btrfs_sync_file's inode lock is not reached
    from the direct write: the seed's look-alike is silent."""
    seed = [f for f in findings if f["function"] == "btrfs_sync_file"
            and f["lock"] == "inode.i_rwsem"
            and any(s["function"] == "btrfs_direct_write" for s in f["trace"])]
    c.check(not seed, "no re-entrancy is reported from btrfs_direct_write into btrfs_sync_file",
            "; ".join("%s:%d" % (f["file"], f["line"]) for f in seed))


def check_seed_path(c, lockcheck, facts_dir):
    """`lockcheck paths` shows the seed path of the real tree with i_rwsem held: ->write_iter
    holds it around iomap_dio_complete() -> generic_write_sync() -> vfs_fsync_range() ->
    file->f_op->fsync, which resolves to btrfs_sync_file through btrfs's own table."""
    r = subprocess.run([lockcheck, "paths", "--facts", facts_dir, "--from", "btrfs_file_write_iter",
                        "--to", "btrfs_sync_file", "--max-paths", "50"],
                       capture_output=True, text=True)
    c.check(r.returncode == 0, "lockcheck paths exits 0", "exit %d: %s" % (r.returncode, r.stderr))
    # Where the lock was taken: btrfs_direct_write's btrfs_inode_lock() in fs/btrfs/file.c.
    held = "[held: inode.i_rwsem ("
    steps = ("calling 'iomap_dio_complete'", "calling 'generic_write_sync'",
             "calling 'vfs_fsync_range'",
             "'file->f_op->fsync' resolves to 'btrfs_sync_file' via 'btrfs_file_operations.fsync'")

    def holds_all_the_way(path):
        lines = path.splitlines()
        return all(any(step in l and held in l and "fs/btrfs/file.c:" in l.split(held)[1]
                       for l in lines) for step in steps)

    paths = r.stdout.split("\npath ")
    c.check(any(holds_all_the_way(p) for p in paths),
            "a path runs iomap_dio_complete -> generic_write_sync -> vfs_fsync_range -> "
            "->fsync = btrfs_sync_file with inode.i_rwsem held from btrfs_direct_write",
            r.stdout[-3000:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lockcheck", default=os.environ.get("LOCKCHECK", "lockcheck"))
    parser.add_argument("--checked", help="file listing the sources Kbuild checked")
    parser.add_argument("facts_dir")
    args = parser.parse_args()

    c = Checker()
    facts = Facts(args.facts_dir)
    c.check(facts.files, "the facts directory holds facts files", args.facts_dir)
    c.check(not facts.unreadable, "every facts file is valid JSON", "; ".join(facts.unreadable))
    # The version itself is lockcheck's business: `analyze` rejects any other (tus_failed below).
    versions = sorted({str(tu.get("lockcheck_facts_version")) for tu in facts.tus})
    c.check(len(versions) == 1, "every facts file has the same format version",
            "versions " + ", ".join(versions))
    if args.checked:
        check_checked_tus(c, facts, args.checked)

    # The ops tables the path enters through and resolves through.
    check_ops_store(c, facts, "file_operations", "btrfs_file_operations", "write_iter",
                    "btrfs_file_write_iter")
    check_ops_store(c, facts, "file_operations", "btrfs_file_operations", "fsync",
                    "btrfs_sync_file")

    # The path, call by call, each in the TU that defines the caller.
    file_c, inode_c, dio_c = "/fs/btrfs/file.c", "/fs/btrfs/inode.c", "/fs/iomap/direct-io.c"
    check_calls(c, facts, "btrfs_file_write_iter", file_c, "btrfs_do_write_iter")
    check_calls(c, facts, "btrfs_do_write_iter", file_c, "btrfs_direct_write")
    for callee in ("btrfs_inode_lock", "btrfs_dio_write", "iomap_dio_complete",
                   "btrfs_inode_unlock"):
        check_calls(c, facts, "btrfs_direct_write", file_c, callee)
    check_calls(c, facts, "btrfs_dio_write", inode_c, "__iomap_dio_rw")
    check_calls(c, facts, "iomap_dio_rw", dio_c, "__iomap_dio_rw")
    check_calls(c, facts, "iomap_dio_rw", dio_c, "iomap_dio_complete")
    check_field_call(c, facts, "iomap_dio_complete", dio_c, "iomap_dio_ops", "end_io")
    check_calls(c, facts, "iomap_dio_complete", dio_c, "generic_write_sync")
    check_calls(c, facts, "generic_write_sync", dio_c, "vfs_fsync_range")
    for tu, fn in facts.functions("generic_write_sync", dio_c)[:1]:
        where = tu["files"][fn["loc"][0]]
        c.check(fn["static"] and fn["inline"] and where.endswith("/include/linux/fs.h"),
                "generic_write_sync is a static inline function of include/linux/fs.h",
                "static=%s inline=%s file=%s" % (fn["static"], fn["inline"], where))
    check_field_call(c, facts, "vfs_fsync_range", "/fs/sync.c", "file_operations", "fsync")
    check_calls(c, facts, "btrfs_sync_file", file_c, "btrfs_inode_lock")

    # btrfs_inode_lock(inode, ilock_flags) branches on each flag.
    for _, fn in defined_in(c, facts, "btrfs_inode_lock", inode_c)[:1]:
        flags = fn["params"].index("ilock_flags") if "ilock_flags" in fn["params"] else -1
        masks = sorted({b["cond"]["value"] for b in fn["blocks"]
                        if "cond" in b and b["cond"]["kind"] == COND_PARAM_MASK
                        and b["cond"]["param"] == flags})
        c.check({BTRFS_ILOCK_SHARED, BTRFS_ILOCK_TRY, BTRFS_ILOCK_MMAP} <= set(masks),
                "btrfs_inode_lock branches on ilock_flags & SHARED, TRY and MMAP",
                "params %s; ParamMask values on ilock_flags: %s" % (fn["params"], masks))

    check_dio_write_stub(c, facts, file_c)
    check_analyze(c, facts, args.lockcheck, args.facts_dir)
    check_seed_path(c, args.lockcheck, args.facts_dir)

    print("kernel-smoke: %d TUs, %d assertions held, %d failed"
          % (len(facts.files), c.passed, len(c.failures)))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
