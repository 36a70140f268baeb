// ext4's ->fsync takes i_data_sem, not i_rwsem (the real one takes neither; the
// rwsem stands for the journal commit), so an O_DSYNC direct write that reaches it
// under i_rwsem is no recursion: the look-alike of btrfs_sync_file(). No finding
// lands in this file.
#include "ext4.h"

int ext4_sync_file(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = file_inode(file);

	down_read(&EXT4_I(inode)->i_data_sem);
	/* Committing the journal is not modelled. */
	up_read(&EXT4_I(inode)->i_data_sem);
	return 0;
}
