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

struct page;

/* lib/iov_iter.c, outside every analysed tree: known from annotations/user-fault.yaml. */
extern size_t fault_in_iov_iter_readable(const struct iov_iter *i, size_t bytes);
extern size_t copy_page_from_iter(struct page *page, size_t offset, size_t bytes,
				  struct iov_iter *i);
/* Copies with page faults disabled (the caller's kmap_atomic()): never takes mmap_lock. */
extern size_t copy_page_from_iter_atomic(struct page *page, unsigned offset, size_t bytes,
					 struct iov_iter *i);

#endif /* _LINUX_UIO_H */
