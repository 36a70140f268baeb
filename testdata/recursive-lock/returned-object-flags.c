// A bit a callee sets in the new object it returns is known to its caller: iomap's
// __iomap_dio_rw() allocates `dio`, clears `dio->flags`, ORs IOMAP_DIO_NEED_SYNC in
// only on its write path, and returns it; iomap_dio_rw() hands it to
// iomap_dio_complete(), which calls generic_write_sync() -> ->fsync only `if
// (dio->flags & IOMAP_DIO_NEED_SYNC)` (linux 6.1, fs/iomap/direct-io.c:121, 512-548,
// 686-690). btrfs's direct read holds i_rwsem there, and its ->fsync takes it: on a
// read, the sync cannot happen. Bits other code may set (the bio iterator's
// IOMAP_DIO_UNWRITTEN, direct-io.c:252) are not known at the test.
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/types.h>
#include <linux/uio.h>

#define DIO_UNWRITTEN (1 << 0)
#define DIO_NEED_SYNC (1 << 29)
#define DIO_WRITE (1 << 30)
#define IOCB_DSYNC (1 << 4)

struct inode {
	struct rw_semaphore i_rwsem;
};

struct kiocb {
	struct inode *inode;
	int ki_flags;
};

struct file_operations {
	ssize_t (*read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t (*write_iter)(struct kiocb *, struct iov_iter *);
};

struct dio {
	struct kiocb *iocb;
	unsigned int flags;
};

static int sync_file(struct kiocb *iocb)
{
	down_write(&iocb->inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&iocb->inode->i_rwsem);
	return 0;
}

// The object escapes while the constructor runs: what this sets is never known.
static void dio_iter(struct dio *dio)
{
	dio->flags |= DIO_UNWRITTEN;
}

static struct dio *__dio_rw(struct kiocb *iocb, struct iov_iter *iter)
{
	struct dio *dio;

	dio = kmalloc(sizeof(*dio), GFP_KERNEL);
	if (!dio)
		return ERR_PTR(-ENOMEM);
	dio->iocb = iocb;
	dio->flags = 0;
	if (iov_iter_rw(iter) == WRITE) {
		dio->flags |= DIO_WRITE;
		if (iocb->ki_flags & IOCB_DSYNC)
			dio->flags |= DIO_NEED_SYNC;
	}
	dio_iter(dio);
	return dio;
}

static ssize_t dio_complete(struct dio *dio)
{
	ssize_t ret = 0;

	if (dio->flags & DIO_NEED_SYNC)
		ret = sync_file(dio->iocb); // expected-note{{calling 'sync_file'}}
	kfree(dio);
	return ret;
}

static ssize_t dio_rw(struct kiocb *iocb, struct iov_iter *iter)
{
	struct dio *dio;

	dio = __dio_rw(iocb, iter);
	if (IS_ERR_OR_NULL(dio))
		return PTR_ERR_OR_ZERO(dio);
	return dio_complete(dio); // expected-note{{calling 'dio_complete'}}
}

// A read: the object comes back with DIO_NEED_SYNC zero, and nothing syncs.
static ssize_t sample_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	ssize_t ret;

	down_write(&iocb->inode->i_rwsem);
	ret = dio_rw(iocb, to);
	up_write(&iocb->inode->i_rwsem);
	return ret;
}

// A write may set it.
static ssize_t sample_write_iter(struct kiocb *iocb, struct iov_iter *from) // expected-note{{entry point 'sample_write_iter' via 'sample_fops.write_iter'}}
{
	ssize_t ret;

	down_write(&iocb->inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	ret = dio_rw(iocb, from); // expected-note{{calling 'dio_rw'}}
	up_write(&iocb->inode->i_rwsem);
	return ret;
}

const struct file_operations sample_fops = {
	.read_iter = sample_read_iter,
	.write_iter = sample_write_iter,
};
