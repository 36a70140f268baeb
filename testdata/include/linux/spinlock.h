/*
 * Mock of the kernel's <linux/spinlock.h> for lockcheck testdata. As in the kernel,
 * spin_lock() and spin_unlock() are inline wrappers around the _raw_ primitives, which
 * are declared without a body. A finding whose path goes through a wrapper has a
 * "calling '_raw_spin_lock'" note in this file; the testdata driver ignores notes
 * outside a case, so this shared header carries no expectations. spin_lock_nested() is
 * a macro, as in the kernel: with CONFIG_DEBUG_LOCK_ALLOC over _raw_spin_lock_nested(),
 * without it over _raw_spin_lock(((void)(subclass), (lock))). spin_trylock_irqsave() is
 * linux 6.1's statement expression, whose value is 1 where the trylock took the lock
 * and 0, with interrupts restored, where it did not.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/irqflags.h>
#include <linux/lockdep.h>

typedef struct raw_spinlock {
	int x;
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	struct lockdep_map dep_map;
#endif
} raw_spinlock_t;

typedef struct spinlock {
	union {
		struct raw_spinlock rlock;
#ifdef CONFIG_DEBUG_LOCK_ALLOC
		struct {
			char __padding[sizeof(int)];
			struct lockdep_map dep_map;
		};
#endif
	};
} spinlock_t;

extern void _raw_spin_lock(raw_spinlock_t *lock);
extern void _raw_spin_unlock(raw_spinlock_t *lock);
extern int _raw_spin_trylock(raw_spinlock_t *lock);
extern void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags);

#ifdef CONFIG_DEBUG_LOCK_ALLOC
extern void _raw_spin_lock_nested(raw_spinlock_t *lock, int subclass);
#define raw_spin_lock_nested(lock, subclass) _raw_spin_lock_nested(lock, subclass)
#else
#define raw_spin_lock_nested(lock, subclass) _raw_spin_lock(((void)(subclass), (lock)))
#endif

static inline raw_spinlock_t *spinlock_check(spinlock_t *lock)
{
	return &lock->rlock;
}

#define spin_lock_nested(lock, subclass)			\
do {								\
	raw_spin_lock_nested(spinlock_check(lock), subclass);	\
} while (0)

static inline void spin_lock(spinlock_t *lock)
{
	_raw_spin_lock(&lock->rlock);
}

static inline int spin_trylock(spinlock_t *lock)
{
	return _raw_spin_trylock(&lock->rlock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	_raw_spin_unlock(&lock->rlock);
}

#define raw_spin_trylock_irqsave(lock, flags)		\
({							\
	local_irq_save(flags);				\
	_raw_spin_trylock(lock) ?			\
	1 : ({ local_irq_restore(flags); 0; });		\
})

#define spin_trylock_irqsave(lock, flags)			\
({								\
	raw_spin_trylock_irqsave(spinlock_check(lock), flags);	\
})

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	_raw_spin_unlock_irqrestore(&lock->rlock, flags);
}

#endif /* _LINUX_SPINLOCK_H */
