// Reduced from the btrfs O_DIRECT|O_DSYNC deadlock of 2020. btrfs switched direct IO
// to iomap in v5.9 ("btrfs: switch to iomap for direct IO") and called iomap_dio_rw()
// with i_rwsem held; for an O_DSYNC write iomap_dio_complete() runs
// generic_write_sync() -> vfs_fsync_range() -> btrfs_sync_file(), which takes i_rwsem
// again. Thread: "[RFC PATCH] btrfs: don't call btrfs_sync_file from iomap context",
// linux-btrfs and linux-fsdevel, Sep 2020
// (<20200901130644.12655-1-johannes.thumshirn@wdc.com>). Worked around by 0eb79294dbe3
// ("btrfs: dio iomap DSYNC workaround"); fixed by c3d4ed1abecf ("iomap: Allow
// filesystem to call iomap_dio_complete without i_rwsem") and a42fa643169d ("btrfs:
// call iomap_dio_complete() without inode_lock"), whose shape fs/safefs/ has.
// btrfs_buffered_write() is the safe look-alike: it unlocks before syncing.
#include <linux/errno.h>
#include "btrfs_inode.h"

static ssize_t btrfs_direct_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	ssize_t ret;

	btrfs_inode_lock(inode, 0); // expected-note 2 {{'inode.i_rwsem' acquired here}}
	ret = iomap_dio_rw(iocb, from, &btrfs_dio_iomap_ops, &btrfs_dio_ops, 0); // expected-note 2 {{calling 'iomap_dio_rw'}}
	btrfs_inode_unlock(inode, 0);
	return ret;
}

static ssize_t btrfs_buffered_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	ssize_t ret;

	if (iocb->ki_flags & IOCB_NOWAIT) {
		if (btrfs_inode_lock(inode, BTRFS_ILOCK_TRY))
			return -EAGAIN;
	} else {
		btrfs_inode_lock(inode, 0);
	}
	ret = from->count;
	iocb->ki_pos += ret;
	btrfs_inode_unlock(inode, 0);
	return generic_write_sync(iocb, ret);
}

// expected-note@+1 2 {{entry point 'btrfs_file_write_iter' via 'btrfs_file_operations.write_iter'}}
static ssize_t btrfs_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	if (iocb->ki_flags & IOCB_DIRECT)
		return btrfs_direct_write(iocb, from); // expected-note 2 {{calling 'btrfs_direct_write'}}
	return btrfs_buffered_write(iocb, from);
}

static int btrfs_sync_file(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = file_inode(file);

	btrfs_inode_lock(inode, BTRFS_ILOCK_MMAP); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	// expected-warning@-1{{'btrfs_sync_file' (file_operations.fsync) acquires 'inode.i_rwsem' that is held around 'iomap_dio_rw'}}
	// expected-note@-2{{rule 'iomap-fsync-no-io-lock'}} expected-note@-2{{could not prove that both locks are the same object}}
	/* Logging the inode is not modelled. */
	btrfs_inode_unlock(inode, BTRFS_ILOCK_MMAP);
	return 0;
}

const struct file_operations btrfs_file_operations = {
	.write_iter = btrfs_file_write_iter,
	.fsync = btrfs_sync_file,
};
