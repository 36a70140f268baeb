// Parent then child, as fs/namei.c's lock_rename() and the lookup path take them: the
// parent's i_rwsem with subclass I_MUTEX_PARENT, the child's with the default subclass
// (or I_MUTEX_CHILD). Lockdep keys a class with its subclass, so these are two nodes,
// 'inode.i_rwsem/1' -> 'inode.i_rwsem', and taking them in that order everywhere is no
// cycle. Nor is one class taken under itself a lock-order matter (recursive-lock's).
// The bug look-alike, child before parent, is nested-subclass-inverted.c.
// expected-no-diagnostics
#include <linux/rwsem.h>

enum inode_i_mutex_lock_class { I_MUTEX_NORMAL, I_MUTEX_PARENT, I_MUTEX_CHILD };

struct inode {
	struct rw_semaphore i_rwsem;
	int i_nlink;
};

static inline void inode_lock(struct inode *inode)
{
	down_write(&inode->i_rwsem);
}

static inline void inode_lock_nested(struct inode *inode, unsigned int subclass)
{
	down_write_nested(&inode->i_rwsem, subclass);
}

static inline void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}

void ok_unlink(struct inode *dir, struct inode *child)
{
	inode_lock_nested(dir, I_MUTEX_PARENT);
	inode_lock(child);
	child->i_nlink--;
	inode_unlock(child);
	inode_unlock(dir);
}

void ok_link(struct inode *dir, struct inode *child)
{
	inode_lock_nested(dir, I_MUTEX_PARENT);
	inode_lock_nested(child, I_MUTEX_CHILD);
	child->i_nlink++;
	inode_unlock(child);
	inode_unlock(dir);
}

void ok_child_alone(struct inode *child)
{
	inode_lock(child);
	child->i_nlink = 0;
	inode_unlock(child);
}
