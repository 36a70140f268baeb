// lockdep_assert_held_write() checked on every path that reaches it: ext4's direct IO
// completion (linux 6.8's ext4_dio_write_end_io() -> ext4_handle_inode_extension())
// asserts i_rwsem held for write, relying on the ->write_iter that called iomap_dio_rw().
// ext4 takes it exclusive and conforms; sharedfs takes it shared; nolockfs not at all.
#include "vfs.h"

static int handle_inode_extension(struct inode *inode, long long offset, long count)
{
	lockdep_assert_held_write(&inode->i_rwsem); // expected-warning{{lockdep_assert_held_write() of 'inode.i_rwsem' is reached with it held shared}} expected-warning{{lockdep_assert_held_write() of 'inode.i_rwsem' is reached without it held}}
	if (offset + count > inode->i_size)
		inode->i_size = offset + count;
	return 0;
}

static int dio_write_end_io(struct kiocb *iocb, long size, int error, unsigned int flags)
{
	if (error)
		return error;
	return handle_inode_extension(iocb->ki_filp->f_inode, iocb->ki_pos, size); // expected-note 2 {{calling 'handle_inode_extension'}}
}

static const struct iomap_dio_ops dio_write_ops = {
	.end_io = dio_write_end_io,
};

static long ext4_dio_write_iter(struct kiocb *iocb)
{
	struct inode *inode = iocb->ki_filp->f_inode;
	long ret;

	inode_lock(inode);
	ret = iomap_dio_rw(iocb, &dio_write_ops);
	inode_unlock(inode);
	return ret;
}

const struct file_operations ext4_fops = {
	.write_iter = ext4_dio_write_iter,
};

static long sharedfs_write_iter(struct kiocb *iocb) // expected-note{{entry point 'sharedfs_write_iter' via 'sharedfs_fops.write_iter'}}
{
	struct inode *inode = iocb->ki_filp->f_inode;
	long ret;

	inode_lock_shared(inode); // expected-note{{'inode.i_rwsem' acquired here}}
	ret = iomap_dio_rw(iocb, &dio_write_ops); // expected-note{{calling 'iomap_dio_rw'}}
	inode_unlock_shared(inode);
	return ret;
}

const struct file_operations sharedfs_fops = {
	.write_iter = sharedfs_write_iter,
};

static long nolockfs_write_iter(struct kiocb *iocb) // expected-note{{entry point 'nolockfs_write_iter' via 'nolockfs_fops.write_iter'}}
{
	return iomap_dio_rw(iocb, &dio_write_ops); // expected-note{{calling 'iomap_dio_rw'}}
}

const struct file_operations nolockfs_fops = {
	.write_iter = nolockfs_write_iter,
};
