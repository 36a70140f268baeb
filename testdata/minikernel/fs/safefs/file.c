// A filesystem whose ->fsync takes i_rwsem, like btrfs's, but whose writes never
// reach it with i_rwsem held: the direct write completes the dio, and so runs
// generic_write_sync(), only after unlocking (the shape of the upstream btrfs fix,
// a42fa643169d), and the buffered write syncs after unlocking, with the IOCB_NOWAIT
// trylock of generic_file_write_iter() callers. Must be silent: no finding lands in
// this file.
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/iomap.h>

static int safefs_iomap_begin(struct inode *inode, loff_t offset, loff_t length,
			      unsigned int flags, struct iomap *iomap)
{
	iomap->offset = offset;
	iomap->length = length;
	return 0;
}

static const struct iomap_ops safefs_iomap_ops = {
	.iomap_begin = safefs_iomap_begin,
};

static int safefs_dio_end_io(struct kiocb *iocb, ssize_t size, int error, unsigned int flags)
{
	return error;
}

static const struct iomap_dio_ops safefs_dio_ops = {
	.end_io = safefs_dio_end_io,
};

static ssize_t safefs_dio_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	struct iomap_dio *dio;

	inode_lock(inode);
	dio = __iomap_dio_rw(iocb, from, &safefs_iomap_ops, &safefs_dio_ops, 0);
	inode_unlock(inode);
	if (!dio)
		return -ENOMEM;
	return iomap_dio_complete(dio);
}

static ssize_t safefs_buffered_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	ssize_t ret;

	if (iocb->ki_flags & IOCB_NOWAIT) {
		if (!inode_trylock(inode))
			return -EAGAIN;
	} else {
		inode_lock(inode);
	}
	ret = from->count;
	iocb->ki_pos += ret;
	inode_unlock(inode);
	return generic_write_sync(iocb, ret);
}

static ssize_t safefs_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	if (iocb->ki_flags & IOCB_DIRECT)
		return safefs_dio_write(iocb, from);
	return safefs_buffered_write(iocb, from);
}

static int safefs_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = file_inode(file);

	inode_lock(inode);
	/* Writing back and waiting is not modelled. */
	inode_unlock(inode);
	return 0;
}

const struct file_operations safefs_file_operations = {
	.write_iter = safefs_file_write_iter,
	.fsync = safefs_fsync,
};
