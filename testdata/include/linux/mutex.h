/*
 * Mock of the kernel's <linux/mutex.h> for lockcheck testdata. The operations are
 * base lock primitives: declared without a body, so lockcheck knows them only from
 * its annotations. With CONFIG_DEBUG_LOCK_ALLOC (lockdep), as in the kernel, the lock
 * embeds a lockdep_map and mutex_lock() is a macro over mutex_lock_nested(lock, 0).
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/lockdep.h>

struct mutex {
	long owner;
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	struct lockdep_map dep_map;
#endif
};

#define DEFINE_MUTEX(mutexname) struct mutex mutexname = { 0 }

extern void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
#ifdef CONFIG_DEBUG_LOCK_ALLOC
#define mutex_lock(lock) mutex_lock_nested(lock, 0)
#else
extern void mutex_lock(struct mutex *lock);
#endif
/* Return 0 when the lock was taken, -EINTR when a signal interrupted the wait. */
extern int mutex_lock_interruptible(struct mutex *lock);
extern int mutex_lock_killable(struct mutex *lock);
/* Returns 1 when the lock was taken, 0 when it was not. */
extern int mutex_trylock(struct mutex *lock);
extern void mutex_unlock(struct mutex *lock);

#endif /* _LINUX_MUTEX_H */
