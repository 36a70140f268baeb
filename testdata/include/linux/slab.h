/*
 * Mock of the kernel's <linux/slab.h> for lockcheck testdata. As in the kernel,
 * kmalloc() is an inline over an out-of-line allocator; its body sleeps only when the
 * flags allow direct reclaim (the kernel's might_alloc()), which lockcheck decides from
 * kmalloc's gfp argument (annotations/sleep.yaml), not from the body.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/kernel.h>

extern void *__kmalloc(unsigned long size, gfp_t flags);
extern void kfree(const void *objp);

static inline void *kmalloc(unsigned long size, gfp_t flags)
{
	if (flags & __GFP_DIRECT_RECLAIM)
		might_sleep();
	return __kmalloc(size, flags);
}

#endif
