// lockcheck-args: --checkers=lock-order
// A reference drop reaches its release path, which takes 'inode.i_lock', only when it
// drops the last reference. Each function here drops a reference to a mark while it holds
// 'group.mark_mutex' and uses the mark after the drop on every path, so the drop is not
// the last (were it, the later use would be a use after free): the mutex orders nothing
// before 'inode.i_lock', and inode_then_group(), which takes them the other way round,
// closes no cycle. reference-drop-maybe-last.c has the look-alikes that do.
// expected-no-diagnostics
#include <linux/bug.h>
#include <linux/mutex.h>
#include <linux/refcount.h>

struct inode {
	struct mutex i_lock;
	int i_state;
};

struct group {
	struct mutex mark_mutex;
};

struct mark {
	refcount_t refcnt;
	struct inode *inode;
	int flags;
};

struct inotify_mark {
	struct mark fsn_mark;
	int wd;
};

static void drop_inode(struct inode *inode)
{
	mutex_lock(&inode->i_lock);
	inode->i_state = 0;
	mutex_unlock(&inode->i_lock);
}

void put_mark(struct mark *mark)
{
	if (refcount_dec_and_test(&mark->refcnt))
		drop_inode(mark->inode);
}

static void detach_mark(struct mark *mark)
{
	mark->flags = 0;
	/* The group list's reference. */
	put_mark(mark);
}

static void free_mark(struct mark *mark)
{
	mark->flags = 2;
}

/* The drop two calls down, the use after it in the caller (fsnotify_destroy_mark()). */
void destroy_mark(struct mark *mark, struct group *group)
{
	mutex_lock(&group->mark_mutex);
	detach_mark(mark);
	mutex_unlock(&group->mark_mutex);
	free_mark(mark);
}

/* The drop of a member's reference, the use a store through the object
 * (inotify_remove_from_idr()). */
void remove_from_idr(struct inotify_mark *i_mark, struct group *group)
{
	mutex_lock(&group->mark_mutex);
	put_mark(&i_mark->fsn_mark);
	i_mark->wd = -1;
	mutex_unlock(&group->mark_mutex);
}

/* Every path uses the mark again, one of them by passing it on. */
void drop_either_way(struct mark *mark, struct group *group, int reuse)
{
	mutex_lock(&group->mark_mutex);
	put_mark(mark);
	mutex_unlock(&group->mark_mutex);
	if (reuse)
		free_mark(mark);
	else
		mark->flags = 3;
}

/* The way on which a test finds the mark NULL is not taken after a call that had it, and
 * every other way uses it (fcntl_dirnotify()'s error path). */
void drop_or_undo(struct mark *new_mark, struct group *group, int error)
{
	mutex_lock(&group->mark_mutex);
	put_mark(new_mark);
	if (error)
		goto out;
	new_mark->flags = 1;
	new_mark = NULL;
out:
	mutex_unlock(&group->mark_mutex);
	if (new_mark)
		free_mark(new_mark);
}

/* A way that ends in BUG() never returns, to use the mark or to need it. */
void drop_or_bug(struct mark *mark, struct group *group, int broken)
{
	mutex_lock(&group->mark_mutex);
	put_mark(mark);
	if (broken)
		BUG();
	mark->flags = 4;
	mutex_unlock(&group->mark_mutex);
}

void inode_then_group(struct inode *inode, struct group *group)
{
	mutex_lock(&inode->i_lock);
	mutex_lock(&group->mark_mutex);
	mutex_unlock(&group->mark_mutex);
	mutex_unlock(&inode->i_lock);
}
