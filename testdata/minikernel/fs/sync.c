// vfs_fsync_range() as in fs/sync.c: the indirect call through the file's ops table.
// On a path that entered through one filesystem's file_operations it resolves to that
// table's ->fsync only.
#include <linux/errno.h>
#include <linux/fs.h>

int vfs_fsync_range(struct file *file, loff_t start, loff_t end, int datasync)
{
	if (!file->f_op->fsync)
		return -EINVAL;
	return file->f_op->fsync(file, start, end, datasync); // expected-note 2 {{'file->f_op->fsync' resolves to 'btrfs_sync_file' via 'btrfs_file_operations.fsync'}}
}
