/*
 * Mock of the kernel's <linux/lockref.h> for lockcheck testdata: lockref_put_or_lock()
 * is declared without a body (lib/lockref.c), known from annotations/dec-and-lock.yaml.
 */
#ifndef _LINUX_LOCKREF_H
#define _LINUX_LOCKREF_H

#include <linux/spinlock.h>

struct lockref {
	spinlock_t lock;
	int count;
};

extern int lockref_put_or_lock(struct lockref *lockref);

#endif /* _LINUX_LOCKREF_H */
