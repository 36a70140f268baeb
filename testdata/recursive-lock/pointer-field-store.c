// A flag stored through a pointer before a call reaches the callee's test of it.
// btrfs send's find_extent_clone() clears `tmp_path->need_commit_sem` (linux 6.1,
// fs/btrfs/send.c:1380) and, holding commit_root_sem (send.c:1409), hands the path to
// a search that takes the sem only `if (p->need_commit_sem)` (fs/btrfs/ctree.c:2061-2067).
// A store reaches the call only along every path to it and with nothing in between
// that may change the field: a call handed the pointer (or a pointer of its alias
// class) may write it.
#include <linux/rwsem.h>
#include <linux/slab.h>

struct fs_info {
	struct rw_semaphore commit_root_sem;
};

struct search_path {
	unsigned int need_commit_sem:1;
	int slot;
};

static int search_slot(struct fs_info *fs, struct search_path *p)
{
	if (p->need_commit_sem)
		down_read(&fs->commit_root_sem); // expected-warning 4{{acquiring 'fs_info.commit_root_sem' that is already held}}
	p->slot = 0;
	if (p->need_commit_sem)
		up_read(&fs->commit_root_sem);
	return 0;
}

static void release_path(struct search_path *p)
{
	p->slot = -1;
}

static struct search_path *alloc_path(void)
{
	return kmalloc(sizeof(struct search_path), GFP_KERNEL);
}

int ok_cleared_before_search(struct fs_info *fs)
{
	struct search_path *p = alloc_path();

	if (!p)
		return -1;
	p->need_commit_sem = 0;
	down_read(&fs->commit_root_sem);
	search_slot(fs, p);
	up_read(&fs->commit_root_sem);
	kfree(p);
	return 0;
}

int bad_not_cleared(struct fs_info *fs) // expected-note{{entry point 'bad_not_cleared'}}
{
	struct search_path *p = alloc_path();

	if (!p)
		return -1;
	down_read(&fs->commit_root_sem); // expected-note{{'fs_info.commit_root_sem' acquired here}}
	search_slot(fs, p); // expected-note{{calling 'search_slot'}}
	up_read(&fs->commit_root_sem);
	kfree(p);
	return 0;
}

// The path is handed to a call between the store and the search.
int bad_cleared_then_passed(struct fs_info *fs) // expected-note{{entry point 'bad_cleared_then_passed'}}
{
	struct search_path *p = alloc_path();

	if (!p)
		return -1;
	p->need_commit_sem = 0;
	release_path(p);
	down_read(&fs->commit_root_sem); // expected-note{{'fs_info.commit_root_sem' acquired here}}
	search_slot(fs, p); // expected-note{{calling 'search_slot'}}
	up_read(&fs->commit_root_sem);
	kfree(p);
	return 0;
}

// Through another name for the same object.
int bad_cleared_then_alias_passed(struct fs_info *fs) // expected-note{{entry point 'bad_cleared_then_alias_passed'}}
{
	struct search_path *p = alloc_path();
	struct search_path *q = p;

	if (!p)
		return -1;
	p->need_commit_sem = 0;
	release_path(q);
	down_read(&fs->commit_root_sem); // expected-note{{'fs_info.commit_root_sem' acquired here}}
	search_slot(fs, p); // expected-note{{calling 'search_slot'}}
	up_read(&fs->commit_root_sem);
	kfree(p);
	return 0;
}

int bad_cleared_on_one_branch(struct fs_info *fs, int cached) // expected-note{{entry point 'bad_cleared_on_one_branch'}}
{
	struct search_path *p = alloc_path();

	if (!p)
		return -1;
	if (cached)
		p->need_commit_sem = 0;
	down_read(&fs->commit_root_sem); // expected-note{{'fs_info.commit_root_sem' acquired here}}
	search_slot(fs, p); // expected-note{{calling 'search_slot'}}
	up_read(&fs->commit_root_sem);
	kfree(p);
	return 0;
}
