#include <linux/fs.h>

int vfs_fsync(struct file *file)
{
	return file->f_op->fsync(file); // expected-note{{'file->f_op->fsync' resolves to 'swapfs_fsync' via 'swapfs_file_operations.fsync'}}
}
