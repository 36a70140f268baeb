// A file system that supports swap files and whose ->fsync takes the inode lock:
// swapon -> ->swap_activate -> vfs_fsync -> its own ->fsync deadlocks.
#include <linux/fs.h>

static int swapfs_fsync(struct file *file)
{
	inode_lock(file->f_inode); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
	inode_unlock(file->f_inode);
	return 0;
}

static int swapfs_swap_activate(struct file *file)
{
	return vfs_fsync(file); // expected-note{{calling 'vfs_fsync'}}
}

const struct file_operations swapfs_file_operations = {
	.fsync = swapfs_fsync,
};
const struct address_space_operations swapfs_aops = {
	.swap_activate = swapfs_swap_activate,
};
static int swapfs_init_fs_context(void *fc)
{
	return 0;
}

struct file_system_type swapfs_fs_type = {
	.name = "swapfs",
	.init_fs_context = swapfs_init_fs_context,
};
