/*
 * Mock of the kernel's <linux/rwsem.h> for lockcheck testdata. The operations are
 * base lock primitives: declared without a body, so lockcheck knows them only from
 * its annotations.
 */
#ifndef _LINUX_RWSEM_H
#define _LINUX_RWSEM_H

#include <linux/lockdep.h>

struct rw_semaphore {
	long count;
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	struct lockdep_map dep_map;
#endif
};

extern void down_read(struct rw_semaphore *sem);
extern void down_write(struct rw_semaphore *sem);
extern void down_write_nested(struct rw_semaphore *sem, int subclass);
/* Trylocks return 1 when the lock was taken, 0 when it was not. */
extern int down_read_trylock(struct rw_semaphore *sem);
extern int down_write_trylock(struct rw_semaphore *sem);
extern void up_read(struct rw_semaphore *sem);
extern void up_write(struct rw_semaphore *sem);

#endif /* _LINUX_RWSEM_H */
