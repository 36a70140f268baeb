// btrfs_inode_lock() as in v6.1 fs/btrfs/inode.c, and btrfs's direct IO callbacks.
// The deadlock this case is reduced from is described in file.c.
#include <linux/errno.h>
#include "btrfs_inode.h"

/*
 * Takes i_rwsem shared or exclusive, or with BTRFS_ILOCK_TRY only tries to (-EAGAIN
 * when it is taken); with BTRFS_ILOCK_MMAP also i_mmap_lock.
 */
int btrfs_inode_lock(struct inode *inode, unsigned int ilock_flags)
{
	if (ilock_flags & BTRFS_ILOCK_SHARED) {
		if (ilock_flags & BTRFS_ILOCK_TRY) {
			if (!inode_trylock_shared(inode))
				return -EAGAIN;
			else
				return 0;
		}
		inode_lock_shared(inode);
	} else {
		if (ilock_flags & BTRFS_ILOCK_TRY) {
			if (!inode_trylock(inode))
				return -EAGAIN;
			else
				return 0;
		}
		/* Both acquisitions of the btrfs finding, with flags 0 and BTRFS_ILOCK_MMAP. */
		inode_lock(inode); // expected-note 4 {{calling 'inode_lock'}}
	}
	if (ilock_flags & BTRFS_ILOCK_MMAP)
		down_write(&BTRFS_I(inode)->i_mmap_lock);
	return 0;
}

void btrfs_inode_unlock(struct inode *inode, unsigned int ilock_flags)
{
	if (ilock_flags & BTRFS_ILOCK_MMAP)
		up_write(&BTRFS_I(inode)->i_mmap_lock);
	if (ilock_flags & BTRFS_ILOCK_SHARED)
		inode_unlock_shared(inode);
	else
		inode_unlock(inode);
}

static int btrfs_dio_iomap_begin(struct inode *inode, loff_t start, loff_t length,
				 unsigned int flags, struct iomap *iomap)
{
	iomap->offset = start;
	iomap->length = length;
	return 0;
}

/* Runs under btrfs_direct_write()'s i_rwsem and takes no lock. */
static int btrfs_dio_end_io(struct kiocb *iocb, ssize_t size, int error, unsigned int flags)
{
	return error;
}

const struct iomap_ops btrfs_dio_iomap_ops = {
	.iomap_begin = btrfs_dio_iomap_begin,
};

const struct iomap_dio_ops btrfs_dio_ops = {
	.end_io = btrfs_dio_end_io,
};
