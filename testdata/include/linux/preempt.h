/*
 * Mock of the kernel's <linux/preempt.h> for lockcheck testdata: with
 * CONFIG_PREEMPT_COUNT, preempt_disable() and preempt_enable() are macros over calls
 * that raise and lower the preempt count; lockcheck knows them by the macros.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

extern void __preempt_count_add(int val);
extern int __preempt_count_dec_and_test(void);

#define preempt_disable() do { __preempt_count_add(1); } while (0)
#define preempt_enable() do { __preempt_count_dec_and_test(); } while (0)

#endif
