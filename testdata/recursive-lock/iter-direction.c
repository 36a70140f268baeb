// ->write_iter is called with an iterator the data comes from (ITER_SOURCE) and
// ->read_iter with one it goes to (annotations/method-arguments.yaml), so below them
// `iov_iter_rw(iter) == READ` is decided: fat's generic_file_write_iter() holds
// i_rwsem and reaches __blockdev_direct_IO(), which takes it only for reads (linux
// 6.1, fs/direct-io.c:1154); fuse's fuse_direct_IO() reads, taking i_rwsem, only in
// the `else` of `iov_iter_rw(iter) == WRITE` (fs/fuse/file.c:2985).
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

// Entered through the table, the iterator is a source: neither read branch is taken.
static ssize_t sample_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	down_write(&iocb->inode->i_rwsem);
	blockdev_direct_io(iocb, from);
	fuse_like_direct_io(iocb, from);
	up_write(&iocb->inode->i_rwsem);
	return 0;
}

// A read holding the lock does take it again.
static ssize_t sample_read_iter(struct kiocb *iocb, struct iov_iter *to) // expected-note{{entry point 'sample_read_iter' via 'sample_fops.read_iter'}}
{
	down_write(&iocb->inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	blockdev_direct_io(iocb, to); // expected-note{{calling 'blockdev_direct_io'}}
	up_write(&iocb->inode->i_rwsem);
	return 0;
}

const struct file_operations sample_fops = {
	.read_iter = sample_read_iter,
	.write_iter = sample_write_iter,
};
