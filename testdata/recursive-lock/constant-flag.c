// A flag assigned a constant decides its next branch: btrfs_sync_file (linux 6.1) sets
// `skip_ilock = true` on one path and tests `if (skip_ilock)` to choose between the
// mmap lock alone and the inode lock; a caller already holding the inode lock only on
// the path that sets the flag is safe, and one holding it where the flag is cleared is not.
// An integer only ever set to constants is a flag too (ceph's `int flushsnaps = 0;`).
// These callers are incomplete on purpose (they return holding what they took).
// lockcheck-args: --checkers=recursive-lock
#include <linux/rwsem.h>
#include <linux/types.h>


struct inode {
	struct rw_semaphore i_rwsem;
	struct rw_semaphore i_mmap_lock;
};

void ok_flag_set_on_the_locked_path(struct inode *inode, int already_locked)
{
	bool skip_ilock = false;

	if (already_locked) {
		down_write(&inode->i_rwsem);
		skip_ilock = true;
	}
	if (skip_ilock)
		down_write(&inode->i_mmap_lock);
	else
		down_write(&inode->i_rwsem);
}

void bad_flag_cleared_on_the_locked_path(struct inode *inode, int already_locked) // expected-note{{entry point 'bad_flag_cleared_on_the_locked_path'}}
{
	bool skip_ilock = true;

	if (already_locked) {
		down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
		skip_ilock = false;
	}
	if (skip_ilock)
		down_write(&inode->i_mmap_lock);
	else
		down_write(&inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
}

void bad_integer_flag(struct inode *inode, int already_locked) // expected-note{{entry point 'bad_integer_flag'}}
{
	int skip_ilock = 1;

	if (already_locked) {
		down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
		skip_ilock = 0;
	}
	if (skip_ilock)
		down_write(&inode->i_mmap_lock);
	else
		down_write(&inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
}
