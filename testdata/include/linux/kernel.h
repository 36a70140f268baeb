/*
 * Mock of the kernel's <linux/kernel.h> for lockcheck testdata: might_sleep() as linux
 * 6.1 defines it with CONFIG_PREEMPT_VOLUNTARY and without CONFIG_DEBUG_ATOMIC_SLEEP, a
 * macro over a call of might_resched(); lockcheck knows it by the macro.
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

extern void might_resched(void);
#define might_sleep() do { might_resched(); } while (0)

#endif
