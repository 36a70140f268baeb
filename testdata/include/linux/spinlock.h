/*
 * Mock of the kernel's <linux/spinlock.h> for lockcheck testdata. As in the kernel,
 * spin_lock() and spin_unlock() are inline wrappers around the _raw_ primitives, which
 * are declared without a body. A finding whose path goes through a wrapper has a
 * "calling '_raw_spin_lock'" note in this file; the testdata driver ignores notes
 * outside a case, so this shared header carries no expectations.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

typedef struct raw_spinlock {
	int x;
} raw_spinlock_t;

typedef struct spinlock {
	struct raw_spinlock rlock;
} spinlock_t;

extern void _raw_spin_lock(raw_spinlock_t *lock);
extern void _raw_spin_unlock(raw_spinlock_t *lock);

static inline void spin_lock(spinlock_t *lock)
{
	_raw_spin_lock(&lock->rlock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	_raw_spin_unlock(&lock->rlock);
}

#endif /* _LINUX_SPINLOCK_H */
