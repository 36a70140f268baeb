// As fs-coherence, with two steps between quietfs and its ->fsync that belong to no file
// system: generic code (fs/activate.c) calls through a table that only mm/ fills
// (mm/helper.c), whose method does the fsync. The method inherits quietfs from the path,
// so its ->fsync falls back to quietfs's tables; the generic function in between calls
// through no slot a file system fills, yet which file system its path is in still
// changes what it reaches, so it is summarised per file system, not once for all (which
// would reach lockfs's ->fsync and report it). swapfs is reported as before.
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
