/*
 * Mock of the kernel's <linux/sched/signal.h> for lockcheck testdata: lock_task_sighand()
 * and unlock_task_sighand() as in linux 6.1 (include/linux/sched/signal.h:763-777), over
 * __lock_task_sighand(), whose body is in kernel/signal.c and which lockcheck knows from
 * annotations/signal.yaml.
 */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H

#include <linux/spinlock.h>

struct sighand_struct {
	spinlock_t siglock;
	int count;
};

struct task_struct {
	struct sighand_struct *sighand;
};

extern struct sighand_struct *__lock_task_sighand(struct task_struct *task,
						  unsigned long *flags);

static inline struct sighand_struct *lock_task_sighand(struct task_struct *task,
						       unsigned long *flags)
{
	struct sighand_struct *ret;

	ret = __lock_task_sighand(task, flags);
	return ret;
}

static inline void unlock_task_sighand(struct task_struct *task, unsigned long *flags)
{
	spin_unlock_irqrestore(&task->sighand->siglock, *flags);
}

#endif /* _LINUX_SCHED_SIGNAL_H */
