// lockcheck-args: --checkers=sleep-in-atomic
// xlog_wait(wq, lock) (linux 6.1 fs/xfs/xfs_log_priv.h:607) queues the task, drops the
// spinlock its caller passes and sleeps: inside it the lock is only its parameter, and
// each caller names the lock it gave. The ok_* cases hold only the lock they pass, also
// through a wrapper that passes it on; bad_wait_keeps_other_lock() holds another.
#include <linux/delay.h>
#include <linux/spinlock.h>

struct log {
	spinlock_t icloglock;
	spinlock_t other;
};

static void wait_unlocked(spinlock_t *lock)
{
	spin_unlock(lock);
	msleep(1); // expected-warning{{'msleep' may sleep while 'log.other' is held (atomic context)}}
}

static void wait_through_wrapper(spinlock_t *lock)
{
	wait_unlocked(lock);
}

void ok_wait_drops_lock(struct log *log)
{
	spin_lock(&log->icloglock);
	wait_unlocked(&log->icloglock);
}

void ok_wait_through_wrapper(struct log *log)
{
	spin_lock(&log->icloglock);
	wait_through_wrapper(&log->icloglock);
}

void bad_wait_keeps_other_lock(struct log *log) // expected-note{{entry point 'bad_wait_keeps_other_lock'}}
{
	spin_lock(&log->other); // expected-note{{'log.other' acquired here}}
	spin_lock(&log->icloglock);
	wait_unlocked(&log->icloglock); // expected-note{{calling 'wait_unlocked'}}
	spin_unlock(&log->other);
}
