/*
 * Mock of the kernel's <linux/refcount.h> for lockcheck testdata: refcount_dec_and_lock()
 * is declared without a body (lib/refcount.c), known from annotations/dec-and-lock.yaml;
 * refcount_dec_and_test() has one, as the kernel's inline does, and is known from
 * annotations/refcount.yaml all the same.
 */
#ifndef _LINUX_REFCOUNT_H
#define _LINUX_REFCOUNT_H

#include <linux/spinlock.h>
#include <linux/types.h>

typedef struct {
	int refs;
} refcount_t;

extern bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock);

static inline bool refcount_dec_and_test(refcount_t *r)
{
	return --r->refs == 0;
}

#endif /* _LINUX_REFCOUNT_H */
