// The bug look-alike of nested-subclass.c: bad_child_then_parent() takes the child's
// i_rwsem before its parent's, the reverse of lock_rename_like(). With subclasses as
// lockdep keys them, 'inode.i_rwsem/1' -> 'inode.i_rwsem' here and the reverse there
// are a cycle: a rename and this function can each hold one inode and wait for the
// other.
#include <linux/rwsem.h>

enum inode_i_mutex_lock_class { I_MUTEX_NORMAL, I_MUTEX_PARENT, I_MUTEX_CHILD };

struct inode {
	struct rw_semaphore i_rwsem;
	int i_nlink;
};

static inline void inode_lock(struct inode *inode)
{
	down_write(&inode->i_rwsem); // expected-note 2 {{calling 'down_write'}}
}

static inline void inode_lock_nested(struct inode *inode, unsigned int subclass)
{
	down_write_nested(&inode->i_rwsem, subclass); // expected-note 2 {{calling 'down_write_nested'}}
}

static inline void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}

void lock_rename_like(struct inode *dir, struct inode *child) // expected-note{{entry point 'lock_rename_like'}}
{
	inode_lock_nested(dir, I_MUTEX_PARENT); // expected-note{{'inode.i_rwsem/1' acquired here}}
	inode_lock(child); // expected-note{{existing dependency 'inode.i_rwsem/1' -> 'inode.i_rwsem': 'inode.i_rwsem' acquired while 'inode.i_rwsem/1' is held}}
	child->i_nlink--;
	inode_unlock(child);
	inode_unlock(dir);
}

void bad_child_then_parent(struct inode *dir, struct inode *child) // expected-note{{entry point 'bad_child_then_parent'}}
{
	inode_lock(child); // expected-note{{'inode.i_rwsem' acquired here}}
	inode_lock_nested(dir, I_MUTEX_PARENT); // expected-warning{{possible circular locking dependency: acquiring 'inode.i_rwsem/1' while holding 'inode.i_rwsem'}}
	child->i_nlink++;
	inode_unlock(dir);
	inode_unlock(child);
}
