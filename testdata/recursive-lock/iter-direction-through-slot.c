// What every caller passes to ->write_iter and ->read_iter holds where the method is
// reached through a call on f_op too, not only where it is an entry point: the
// companion of iter-direction.c, with the lock taken before the indirect call as
// vfs_write() callers such as the kernel's own writers do.
#include <linux/rwsem.h>
#include <linux/types.h>
#include <linux/uio.h>

struct inode {
	struct rw_semaphore i_rwsem;
};

struct kiocb {
	struct inode *inode;
};

struct file;

struct file_operations {
	ssize_t (*read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t (*write_iter)(struct kiocb *, struct iov_iter *);
};

struct file {
	const struct file_operations *f_op;
};

static ssize_t blockdev_direct_io(struct kiocb *iocb, struct iov_iter *iter)
{
	if (iov_iter_rw(iter) == READ) {
		down_write(&iocb->inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
		up_write(&iocb->inode->i_rwsem);
	}
	return 0;
}

static ssize_t fuse_like_direct_io(struct kiocb *iocb, struct iov_iter *iter)
{
	if (iov_iter_rw(iter) == WRITE)
		return 0;
	down_write(&iocb->inode->i_rwsem);
	up_write(&iocb->inode->i_rwsem);
	return 0;
}

static ssize_t direct_io(struct kiocb *iocb, struct iov_iter *iter)
{
	blockdev_direct_io(iocb, iter); // expected-note{{calling 'blockdev_direct_io'}}
	return fuse_like_direct_io(iocb, iter);
}

static ssize_t plain_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	return direct_io(iocb, from);
}

static ssize_t plain_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	return direct_io(iocb, to); // expected-note{{calling 'direct_io'}}
}

const struct file_operations plain_fops = {
	.read_iter = plain_read_iter,
	.write_iter = plain_write_iter,
};

ssize_t locked_write(struct file *file, struct kiocb *iocb, struct iov_iter *iter)
{
	ssize_t ret;

	down_write(&iocb->inode->i_rwsem);
	ret = file->f_op->write_iter(iocb, iter);
	up_write(&iocb->inode->i_rwsem);
	return ret;
}

ssize_t locked_read(struct file *file, struct kiocb *iocb, struct iov_iter *iter) // expected-note{{entry point 'locked_read'}}
{
	ssize_t ret;

	down_write(&iocb->inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	ret = file->f_op->read_iter(iocb, iter); // expected-note{{resolves to 'plain_read_iter'}}
	up_write(&iocb->inode->i_rwsem);
	return ret;
}
