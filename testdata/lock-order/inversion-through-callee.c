// One side of the inversion is inside a callee: write_inode() holds 'inode.i_rwsem' and
// calls sb_update(), which takes 'super_block.s_lock'; sync_sb() takes them in the
// other order itself. The existing dependency's notes follow the call down to the
// acquisition in sb_update(). ok_write_inode_unlocked() drops i_rwsem before the call,
// so it orders nothing.
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
	mutex_lock(&sb->s_lock); // expected-note{{existing dependency 'inode.i_rwsem' -> 'super_block.s_lock': 'super_block.s_lock' acquired while 'inode.i_rwsem' is held}}
	sb->s_dirty = 1;
	mutex_unlock(&sb->s_lock);
}

void write_inode(struct inode *inode) // expected-note{{entry point 'write_inode'}}
{
	down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	inode->i_size++;
	sb_update(inode->i_sb); // expected-note{{calling 'sb_update'}}
	up_write(&inode->i_rwsem);
}

void ok_write_inode_unlocked(struct inode *inode)
{
	down_write(&inode->i_rwsem);
	inode->i_size++;
	up_write(&inode->i_rwsem);
	sb_update(inode->i_sb);
}

void sync_sb(struct super_block *sb, struct inode *inode) // expected-note{{entry point 'sync_sb'}}
{
	mutex_lock(&sb->s_lock); // expected-note{{'super_block.s_lock' acquired here}}
	down_write(&inode->i_rwsem); // expected-warning{{possible circular locking dependency: acquiring 'inode.i_rwsem' while holding 'super_block.s_lock'}}
	sb->s_dirty = 0;
	up_write(&inode->i_rwsem);
	mutex_unlock(&sb->s_lock);
}
