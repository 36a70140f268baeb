// lockcheck-args: --checkers=lock-order
// inversion-through-callee.c with the callee reached only where a WARN*() fired:
// write_inode() calls sb_update(), which takes 'super_block.s_lock' under
// 'inode.i_rwsem', only when its invariant is broken. A dependency seen only there is
// set aside and counted, so sync_sb()'s order closes no cycle.
// expected-no-diagnostics
#include <linux/bug.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>

struct super_block {
	struct mutex s_lock;
	int s_dirty;
};

struct inode {
	struct rw_semaphore i_rwsem;
	struct super_block *i_sb;
	int i_size;
};

static void sb_update(struct super_block *sb)
{
	mutex_lock(&sb->s_lock);
	sb->s_dirty = 1;
	mutex_unlock(&sb->s_lock);
}

void write_inode(struct inode *inode)
{
	down_write(&inode->i_rwsem);
	inode->i_size++;
	if (WARN_ON_ONCE(inode->i_size < 0))
		sb_update(inode->i_sb);
	up_write(&inode->i_rwsem);
}

void sync_sb(struct super_block *sb, struct inode *inode)
{
	mutex_lock(&sb->s_lock);
	down_write(&inode->i_rwsem);
	sb->s_dirty = 0;
	up_write(&inode->i_rwsem);
	mutex_unlock(&sb->s_lock);
}
