"""Patch mode on real kernel code (scripts/kernel-smoke): in the prepared tree, with
the compile commands of the TUs Kbuild checked (the kernel's own
scripts/clang-tools/gen_compile_commands.py over the build directory), a patch that
only adds a comment to btrfs_sync_file() and one to iomap_dio_complete() must come
with the contract notes that apply there: the rules/ contract by id and citation,
and the inferred one with its path from ->write_iter under inode.i_rwsem.

  kernel_smoke_patch.py --lockcheck PATH --source SRC --build OUT --checked FILE WORK

WORK keeps the compile database, the patch and the facts cache between runs.
Exit status: 0 when every assertion holds, 1 otherwise."""
import argparse
import difflib
import json
import os
import subprocess
import sys

# Where each comment goes: the file, a line of the function it is added to.
EDITS = (("fs/btrfs/file.c", "\tbool skip_ilock = false;\n"),
         ("fs/iomap/direct-io.c", "\tssize_t ret = dio->error;\n"))
RULE = "iomap-fsync-no-io-lock"


def compile_database(source, build, checked, work):
    """WORK/db/compile_commands.json: the commands of the checked TUs under fs/."""
    db = os.path.join(work, "db")
    os.makedirs(db, exist_ok=True)
    every = os.path.join(work, "every_command.json")
    subprocess.run([sys.executable, os.path.join(source, "scripts", "clang-tools",
                                                 "gen_compile_commands.py"),
                    "-d", build, "-o", every], check=True)
    with open(checked) as f:
        wanted = {os.path.realpath(l.strip()) for l in f if "/fs/" in l}
    with open(every) as f:
        entries = [e for e in json.load(f) if os.path.realpath(e["file"]) in wanted]
    with open(os.path.join(db, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)
    return db, len(entries)


def make_patch(source, work):
    """One patch adding a comment line under each line of EDITS."""
    text = ""
    for name, anchor in EDITS:
        with open(os.path.join(source, name)) as f:
            old = f.readlines()
        at = old.index(anchor) + 1
        new = old[:at] + ["\t/* lockcheck kernel-smoke: a comment only. */\n"] + old[at:]
        text += "".join(difflib.unified_diff(old, new, "a/" + name, "b/" + name))
    path = os.path.join(work, "comment.patch")
    with open(path, "w") as f:
        f.write(text)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lockcheck", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--checked", required=True)
    parser.add_argument("work")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    lockcheck = os.path.abspath(args.lockcheck)

    failures = []
    passed = 0

    def check(ok, what, detail=""):
        nonlocal passed
        if ok:
            passed += 1
        else:
            failures.append(what)
            print("kernel-smoke-patch: FAILED: %s\n  %s" % (what, detail[-3000:]), file=sys.stderr)

    db, count = compile_database(args.source, args.build, args.checked, args.work)
    check(count >= 4, "the compile database has the checked TUs of fs/", "%d entries" % count)
    patch = make_patch(args.source, args.work)
    r = subprocess.run([lockcheck, "patch", "-p", db, "--quiet", "--format", "json", patch],
                       cwd=args.source, capture_output=True, text=True)
    check(r.returncode == 0, "lockcheck patch exits 0 on a comment",
          "exit %d: %s" % (r.returncode, r.stderr))
    notes = json.loads(r.stdout)["patches"][0]["contract_notes"] if r.returncode == 0 else []
    shown = "\n".join(n["text"] for n in notes)

    def notes_of(file, function):
        return [n for n in notes if n["file"] == file and n["text"].startswith(
            ("'%s'" % function, "inferred: '%s'" % function))]

    for file, function, where in (("fs/btrfs/file.c", "btrfs_sync_file", "is ->fsync"),
                                  ("fs/iomap/direct-io.c", "iomap_dio_complete",
                                   "leads to ->fsync")):
        own = notes_of(file, function)
        check(any(n["rule"] == RULE and not n["inferred"] and where in n["text"] and
                  n["citation"].startswith("fs/iomap/direct-io.c:122") for n in own),
              "%s: the note cites rule %s with its citation" % (function, RULE), shown)
        # Held since btrfs_direct_write() took it, on the way from ->write_iter.
        check(any(n["inferred"] and "reached from ->write_iter ('btrfs_file_operations."
                  "write_iter') via btrfs_file_write_iter" in n["text"] and
                  "with inode.i_rwsem held (taken at fs/btrfs/file.c:" in n["text"]
                  for n in own),
              "%s: an inferred note gives the path from ->write_iter with inode.i_rwsem held"
              % function, shown)
    sync = [n["text"] for n in notes_of("fs/btrfs/file.c", "btrfs_sync_file") if n["inferred"]]
    check(any("iomap_dio_complete, generic_write_sync, vfs_fsync_range, ->fsync" in t
              for t in sync), "btrfs_sync_file is reached via iomap_dio_complete and ->fsync",
          shown)
    print("kernel-smoke-patch: %d assertions held, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
