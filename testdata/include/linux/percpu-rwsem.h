/*
 * Mock of the kernel's <linux/percpu-rwsem.h> for lockcheck testdata: declared without a
 * body, so lockcheck knows these only through what is built on them.
 */
#ifndef _LINUX_PERCPU_RWSEM_H
#define _LINUX_PERCPU_RWSEM_H

#include <linux/types.h>

struct percpu_rw_semaphore {
	unsigned int *read_count;
	int block;
};

extern void percpu_down_read(struct percpu_rw_semaphore *sem);
extern bool percpu_down_read_trylock(struct percpu_rw_semaphore *sem);
extern void percpu_up_read(struct percpu_rw_semaphore *sem);
extern void percpu_down_write(struct percpu_rw_semaphore *sem);
extern void percpu_up_write(struct percpu_rw_semaphore *sem);

#define percpu_rwsem_assert_held(sem) lockdep_assert_held(sem)

#endif /* _LINUX_PERCPU_RWSEM_H */
