// A synthetic deadlock through the iomap_dio_ops.end_io callback: ext4_dio_write_iter()
// holds i_rwsem across iomap_dio_rw(), and the ->end_io it passes takes i_rwsem again
// to update the on-disk size (the real ext4_handle_inode_extension() relies on the
// caller's lock instead). The same path also reaches ext4_sync_file() for an O_DSYNC
// write, which is silent (fsync.c).
#include <linux/errno.h>
#include <linux/iomap.h>
#include "ext4.h"

static int ext4_handle_inode_extension(struct inode *inode, loff_t offset, ssize_t count)
{
	inode_lock(inode); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	if (offset + count > EXT4_I(inode)->i_disksize)
		EXT4_I(inode)->i_disksize = offset + count;
	inode_unlock(inode);
	return 0;
}

static int ext4_dio_write_end_io(struct kiocb *iocb, ssize_t size, int error,
				 unsigned int flags)
{
	if (error)
		return error;
	return ext4_handle_inode_extension(file_inode(iocb->ki_filp), iocb->ki_pos, size); // expected-note{{calling 'ext4_handle_inode_extension'}}
}

static const struct iomap_dio_ops ext4_dio_write_ops = {
	.end_io = ext4_dio_write_end_io,
};

static int ext4_iomap_begin(struct inode *inode, loff_t offset, loff_t length,
			    unsigned int flags, struct iomap *iomap)
{
	iomap->offset = offset;
	iomap->length = length;
	return 0;
}

static const struct iomap_ops ext4_iomap_ops = {
	.iomap_begin = ext4_iomap_begin,
};

static ssize_t ext4_dio_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	ssize_t ret;

	inode_lock(inode); // expected-note{{'inode.i_rwsem' acquired here}}
	ret = iomap_dio_rw(iocb, from, &ext4_iomap_ops, &ext4_dio_write_ops, 0); // expected-note{{calling 'iomap_dio_rw'}}
	inode_unlock(inode);
	return ret;
}

// expected-note@+1{{entry point 'ext4_file_write_iter' via 'ext4_file_operations.write_iter'}}
static ssize_t ext4_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	/* Buffered writes are not modelled. */
	if (!(iocb->ki_flags & IOCB_DIRECT))
		return -EINVAL;
	return ext4_dio_write_iter(iocb, from); // expected-note{{calling 'ext4_dio_write_iter'}}
}

const struct file_operations ext4_file_operations = {
	.write_iter = ext4_file_write_iter,
	.fsync = ext4_sync_file,
};
