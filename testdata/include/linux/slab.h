/*
 * Mock of the kernel's <linux/slab.h> for lockcheck testdata. As in the kernel,
 * kmalloc() is an inline over an out-of-line allocator; its body sleeps only when the
 * flags allow direct reclaim (the kernel's might_alloc()), which lockcheck decides from
 * kmalloc's gfp argument (annotations/sleep.yaml), not from the body: might_alloc()'s
 * test goes through a function, so the body seems to sleep with any flags.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/kernel.h>

extern void *__kmalloc(unsigned long size, gfp_t flags);
extern void kfree(const void *objp);

static inline int gfpflags_allow_blocking(const gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

/* As the kernel's, through a function: whatever the flags, the analysis sees a sleep. */
static inline void might_alloc(gfp_t gfp_mask)
{
	if (gfpflags_allow_blocking(gfp_mask))
		might_sleep();
}

static inline void *kmalloc(unsigned long size, gfp_t flags)
{
	might_alloc(flags);
	return __kmalloc(size, flags);
}

#endif
