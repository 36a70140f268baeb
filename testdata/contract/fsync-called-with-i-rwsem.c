// vfs-fsync-no-vfs-locks, the call side of the seed (the btrfs view, off by default):
// ->fsync must be called with no VFS lock held, whether through the file_operations
// slot or directly. bad_* call it with i_rwsem held; ok_* drop it first.
// lockcheck-args: --enable vfs-fsync-no-vfs-locks
#include "vfs.h"

static int quietfs_fsync(struct file *file, int datasync)
{
	return 0;
}

const struct file_operations quietfs_fops = {
	.fsync = quietfs_fsync,
};

/* vfs_fsync_range(), here so that its warning is in this file. */
static int do_fsync(struct file *file)
{
	return file->f_op->fsync(file, 0); // expected-warning{{calling 'file_operations.fsync' with 'inode.i_rwsem' held}} expected-note{{rule 'vfs-fsync-no-vfs-locks'}}
}

void bad_fsync_under_inode_lock(struct file *file) // expected-note{{entry point 'bad_fsync_under_inode_lock'}}
{
	inode_lock(file->f_inode); // expected-note{{'inode.i_rwsem' acquired here}}
	do_fsync(file); // expected-note{{calling 'do_fsync'}}
	inode_unlock(file->f_inode);
}

void bad_direct_call_under_inode_lock(struct file *file) // expected-note{{entry point 'bad_direct_call_under_inode_lock'}}
{
	inode_lock(file->f_inode); // expected-note{{'inode.i_rwsem' acquired here}}
	quietfs_fsync(file, 0); // expected-warning{{calling 'file_operations.fsync' with 'inode.i_rwsem' held}} expected-note{{rule 'vfs-fsync-no-vfs-locks'}}
	inode_unlock(file->f_inode);
}

void ok_fsync_after_unlock(struct file *file)
{
	inode_lock(file->f_inode);
	file->f_inode->i_size = 0;
	inode_unlock(file->f_inode);
	do_fsync(file);
}

void ok_fsync_under_a_lock_of_no_rule(struct file *file, struct mutex *m)
{
	mutex_lock(m);
	do_fsync(file);
	mutex_unlock(m);
}

/* Like dentry_unlink_inode() before ->d_iput: the callee drops the caller's lock first. */
static void unlock_and_fsync(struct file *file)
{
	inode_unlock(file->f_inode);
	do_fsync(file);
}

void ok_callee_drops_the_lock_first(struct file *file)
{
	inode_lock(file->f_inode);
	unlock_and_fsync(file);
}
