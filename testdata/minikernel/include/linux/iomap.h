/* The minikernel's <linux/iomap.h>: the direct IO half of iomap, signatures as in v5.10. */
#ifndef _LINUX_IOMAP_H
#define _LINUX_IOMAP_H

#include <linux/fs.h>

#define IOMAP_WRITE (1 << 0)
#define IOMAP_DIRECT (1 << 4)

struct iomap {
	loff_t offset;
	loff_t length;
};

struct iomap_ops {
	int (*iomap_begin)(struct inode *inode, loff_t pos, loff_t length,
			   unsigned int flags, struct iomap *iomap);
};

struct iomap_dio_ops {
	int (*end_io)(struct kiocb *iocb, ssize_t size, int error, unsigned int flags);
};

struct iomap_dio;

ssize_t iomap_dio_rw(struct kiocb *iocb, struct iov_iter *iter,
		     const struct iomap_ops *ops, const struct iomap_dio_ops *dops,
		     unsigned int dio_flags);
struct iomap_dio *__iomap_dio_rw(struct kiocb *iocb, struct iov_iter *iter,
				 const struct iomap_ops *ops,
				 const struct iomap_dio_ops *dops, unsigned int dio_flags);
ssize_t iomap_dio_complete(struct iomap_dio *dio);

#endif /* _LINUX_IOMAP_H */
