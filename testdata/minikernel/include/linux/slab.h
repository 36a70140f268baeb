/* The minikernel's <linux/slab.h>: allocation functions without a body. */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>

#define GFP_KERNEL 0xcc0u

extern void *kzalloc(size_t size, gfp_t flags);
extern void kfree(const void *objp);

#endif /* _LINUX_SLAB_H */
