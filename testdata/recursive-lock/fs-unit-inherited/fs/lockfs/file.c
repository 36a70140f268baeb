// A file system whose ->fsync takes the inode lock, and that has no ->swap_activate:
// no swapon path reaches its ->fsync.
#include <linux/fs.h>

static int lockfs_fsync(struct file *file)
{
	inode_lock(file->f_inode);
	inode_unlock(file->f_inode);
	return 0;
}

const struct file_operations lockfs_file_operations = {
	.fsync = lockfs_fsync,
};
static int lockfs_init_fs_context(void *fc)
{
	return 0;
}

struct file_system_type lockfs_fs_type = {
	.name = "lockfs",
	.init_fs_context = lockfs_init_fs_context,
};
