// lockcheck-args: --checkers=imbalance
// Primitives whose argument is the object holding the lock, not the lock: the lock is named
// by the annotation's lock-fields from the argument. lock_task_sighand() takes
// `&task->sighand->siglock` in kernel/signal.c or returns NULL; lockref_put_or_lock() returns
// 0 holding `&lockref->lock`. Their callers release what they took on the paths that took
// it, as proc_pid_limits() (fs/proc/base.c:636 in linux 6.1) and gfs2's qd_put()
// (fs/gfs2/quota.c:307) do; without the lock fields both were reported as releasing a lock
// their caller held.
#include <linux/errno.h>
#include <linux/lockref.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>

struct quota_data {
	struct lockref qd_lockref;
	int qd_users;
};

extern void quota_data_dispose(struct quota_data *qd);

int task_signal_count(struct task_struct *task, int *out)
{
	unsigned long flags;

	if (!lock_task_sighand(task, &flags))
		return 0;
	*out = task->sighand->count;
	unlock_task_sighand(task, &flags);
	return 1;
}

void task_signal_reset(struct task_struct *task)
{
	unsigned long flags;

	if (lock_task_sighand(task, &flags)) {
		task->sighand->count = 0;
		unlock_task_sighand(task, &flags);
	}
}

void quota_data_put(struct quota_data *qd)
{
	if (lockref_put_or_lock(&qd->qd_lockref))
		return;
	qd->qd_lockref.count = 0;
	spin_unlock(&qd->qd_lockref.lock);
	quota_data_dispose(qd);
}

// The lock is still the task's siglock, reported by its name where an error return keeps it
// (a return of 1 holding it and 0 not would be a trylock's convention, and deliberate).
int bad_task_signal_check(struct task_struct *task) // expected-warning{{'bad_task_signal_check' returns with 'sighand_struct.siglock' held on some paths and not on others}} expected-note{{entry point 'bad_task_signal_check'}}
{
	unsigned long flags;

	if (!lock_task_sighand(task, &flags)) // expected-note{{'sighand_struct.siglock' acquired here}}
		return -EAGAIN;
	if (task->sighand->count < 0)
		return -EINVAL;
	unlock_task_sighand(task, &flags);
	return 0;
}

void bad_quota_data_put(struct quota_data *qd) // expected-warning{{'bad_quota_data_put' returns with 'lockref.lock' held on some paths and not on others}} expected-note{{entry point 'bad_quota_data_put'}}
{
	if (lockref_put_or_lock(&qd->qd_lockref)) // expected-note{{'lockref.lock' acquired here}}
		return;
	quota_data_dispose(qd);
}
