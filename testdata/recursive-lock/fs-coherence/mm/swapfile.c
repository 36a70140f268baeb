// One file system per path. swapon() holds the swap file's inode lock and calls the
// file system's ->swap_activate through an ops table nothing has bound yet, so every
// file system's method is a candidate; but once the path is inside one file system
// (Kbuild unit fs/quietfs/), the file it then fsyncs is that file system's file:
// ->fsync falls back to quietfs's own tables, never to lockfs's ->fsync, which takes
// the inode lock. Reduced from swapon -> ext4_iomap_swap_activate ->
// iomap_swapfile_activate -> vfs_fsync in linux 6.1, which lockcheck once resolved to
// v9fs's ->fsync. swapfs does take the lock in its own ->fsync: that one is reported.
#include <linux/fs.h>

int swapon(struct file *swap_file) // expected-note{{entry point 'swapon'}}
{
	struct inode *inode = swap_file->f_inode;
	int ret;

	inode_lock(inode); // expected-note{{'inode.i_rwsem' acquired here}}
	ret = swap_file->f_mapping->a_ops->swap_activate(swap_file); // expected-note{{'swap_file->f_mapping->a_ops->swap_activate' resolves to 'swapfs_swap_activate' via 'swapfs_aops.swap_activate'}}
	inode_unlock(inode);
	return ret;
}
