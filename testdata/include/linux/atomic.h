/*
 * Mock of the kernel's <linux/atomic.h> for lockcheck testdata: atomic_dec_and_test() has a
 * body, as the kernel's inline does; annotations/refcount.yaml knows it as a reference drop
 * of the counters it lists only.
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/types.h>

typedef struct {
	int counter;
} atomic_t;

static inline bool atomic_dec_and_test(atomic_t *v)
{
	return --v->counter == 0;
}

#endif /* _LINUX_ATOMIC_H */
