/* Mock of the kernel's <linux/uio.h> for lockcheck testdata: only what cases use. */
#ifndef _LINUX_UIO_H
#define _LINUX_UIO_H

#include <linux/types.h>

#define READ 0
#define WRITE 1

/* linux 6.1: data_source is true for ITER_SOURCE (a write's data), false for ITER_DEST. */
struct iov_iter {
	bool data_source;
};

static inline unsigned char iov_iter_rw(const struct iov_iter *i)
{
	return i->data_source ? WRITE : READ;
}

#endif /* _LINUX_UIO_H */
