// Direct IO as in fs/iomap/direct-io.c since v5.10: iomap_dio_rw() is __iomap_dio_rw(),
// which maps and submits the IO, then iomap_dio_complete(), which calls the
// filesystem's ->end_io and, for an O_DSYNC write, generic_write_sync(), all under
// the caller's locks. A filesystem that must not sync under its i_rwsem calls the two
// halves itself and unlocks in between (safefs). The bios are not modelled: the IO is
// done by the time __iomap_dio_rw() returns.
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/iomap.h>
#include <linux/slab.h>

#define IOMAP_DIO_NEED_SYNC (1u << 0)

struct iomap_dio {
	struct kiocb *iocb;
	const struct iomap_dio_ops *dops;
	ssize_t size;
	int error;
	unsigned int flags;
};

struct iomap_dio *__iomap_dio_rw(struct kiocb *iocb, struct iov_iter *iter,
				 const struct iomap_ops *ops,
				 const struct iomap_dio_ops *dops, unsigned int dio_flags)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	struct iomap iomap = { 0 };
	struct iomap_dio *dio;
	int ret;

	dio = kzalloc(sizeof(*dio), GFP_KERNEL);
	if (!dio)
		return NULL;
	dio->iocb = iocb;
	dio->dops = dops;
	if (iocb->ki_flags & IOCB_DSYNC)
		dio->flags |= IOMAP_DIO_NEED_SYNC;

	ret = ops->iomap_begin(inode, iocb->ki_pos, iter->count, IOMAP_WRITE | IOMAP_DIRECT, &iomap);
	if (ret)
		dio->error = ret;
	else
		dio->size = iter->count;
	return dio;
}

ssize_t iomap_dio_complete(struct iomap_dio *dio)
{
	struct kiocb *iocb = dio->iocb;
	ssize_t ret = dio->error;

	if (dio->dops && dio->dops->end_io)
		ret = dio->dops->end_io(iocb, dio->size, ret, dio->flags); // expected-note{{'dio->dops->end_io' resolves to 'ext4_dio_write_end_io' via 'ext4_dio_write_ops.end_io'}}
	if (!ret) {
		ret = dio->size;
		iocb->ki_pos += ret;
	}
	if (ret > 0 && (dio->flags & IOMAP_DIO_NEED_SYNC))
		ret = generic_write_sync(iocb, ret); // expected-note 2 {{calling 'generic_write_sync'}}
	kfree(dio);
	return ret;
}

ssize_t iomap_dio_rw(struct kiocb *iocb, struct iov_iter *iter,
		     const struct iomap_ops *ops, const struct iomap_dio_ops *dops,
		     unsigned int dio_flags)
{
	struct iomap_dio *dio;

	dio = __iomap_dio_rw(iocb, iter, ops, dops, dio_flags);
	if (!dio)
		return -ENOMEM;
	/* Reached by the btrfs and the ext4 finding. */
	return iomap_dio_complete(dio); // expected-note 3 {{calling 'iomap_dio_complete'}}
}
