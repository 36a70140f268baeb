// The twin of returned-object-flags.c where the read does sync: a bit of a new object
// is known only if nothing else can change it, and here another function sets
// DIO_NEED_SYNC in every object it is handed (the constructor passes it one), and
// a second constructor hands out an object that is not new (a global), whose stores
// anyone may see.
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/types.h>
#include <linux/uio.h>

#define DIO_NEED_SYNC (1 << 29)
#define DIO_WRITE (1 << 30)

struct inode {
	struct rw_semaphore i_rwsem;
};

struct kiocb {
	struct inode *inode;
};

struct file_operations {
	ssize_t (*read_iter)(struct kiocb *, struct iov_iter *);
};

struct dio {
	struct kiocb *iocb;
	unsigned int flags;
};

static struct dio shared_dio;

static int sync_file(struct kiocb *iocb)
{
	down_write(&iocb->inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&iocb->inode->i_rwsem);
	return 0;
}

static int sync_shared(struct kiocb *iocb)
{
	down_write(&iocb->inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&iocb->inode->i_rwsem);
	return 0;
}

static void dio_force_sync(struct dio *dio)
{
	dio->flags |= DIO_NEED_SYNC;
}

static struct dio *__dio_rw(struct kiocb *iocb, struct iov_iter *iter)
{
	struct dio *dio;

	dio = kmalloc(sizeof(*dio), GFP_KERNEL);
	if (!dio)
		return ERR_PTR(-ENOMEM);
	dio->iocb = iocb;
	dio->flags = 0;
	if (iov_iter_rw(iter) == WRITE)
		dio->flags |= DIO_WRITE;
	dio_force_sync(dio);
	return dio;
}

static struct dio *shared_dio_rw(struct kiocb *iocb)
{
	struct dio *dio = &shared_dio;

	dio->iocb = iocb;
	dio->flags = 0;
	return dio;
}

static ssize_t dio_complete(struct dio *dio)
{
	if (dio->flags & DIO_NEED_SYNC)
		return sync_file(dio->iocb); // expected-note{{calling 'sync_file'}}
	return 0;
}

static ssize_t shared_dio_complete(struct dio *dio)
{
	if (dio->flags & DIO_NEED_SYNC)
		return sync_shared(dio->iocb); // expected-note{{calling 'sync_shared'}}
	return 0;
}

static ssize_t sample_read_iter(struct kiocb *iocb, struct iov_iter *to) // expected-note{{entry point 'sample_read_iter' via 'sample_fops.read_iter'}} expected-note{{entry point 'sample_read_iter' via 'sample_fops.read_iter'}}
{
	ssize_t ret;
	struct dio *dio;

	down_write(&iocb->inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}} expected-note{{'inode.i_rwsem' acquired here}}
	dio = __dio_rw(iocb, to);
	if (IS_ERR_OR_NULL(dio)) {
		up_write(&iocb->inode->i_rwsem);
		return PTR_ERR_OR_ZERO(dio);
	}
	ret = dio_complete(dio); // expected-note{{calling 'dio_complete'}}
	dio = shared_dio_rw(iocb);
	ret = shared_dio_complete(dio); // expected-note{{calling 'shared_dio_complete'}}
	up_write(&iocb->inode->i_rwsem);
	return ret;
}

const struct file_operations sample_fops = {
	.read_iter = sample_read_iter,
};
