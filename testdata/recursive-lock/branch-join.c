// recursive-lock reports a lock that is held on every path to the acquisition: where
// paths join, the held sets are intersected (must-held). A lock taken on one branch
// only is not held after the join.
#include <linux/mutex.h>
#include <linux/types.h>

#define QUEUE_HIGH_WATER 64

struct queue {
	struct mutex lock;
	struct mutex stats_lock;
	int len;
	long flushes;
};

static void queue_account_flush(struct queue *q)
{
	mutex_lock(&q->stats_lock);
	q->flushes++;
	mutex_unlock(&q->stats_lock);
}

// The lock is taken on one branch only. The second mutex_lock() runs only when the
// first did not (locked is false); the analysis does not track `locked`, but after
// the first join the lock is held on one incoming path only, so nothing is reported,
// and rightly.
void ok_lock_taken_on_one_branch(struct queue *q)
{
	bool locked = false;

	if (q->len > QUEUE_HIGH_WATER) {
		mutex_lock(&q->lock);
		locked = true;
		q->len = 0;
	}
	if (!locked)
		mutex_lock(&q->lock);
	q->len++;
	mutex_unlock(&q->lock);
}

// Look-alike of ok_lock_taken_on_one_branch: the lock is taken before the branch, so
// it is held on both paths into the join. The call on one branch takes another lock.
void bad_lock_held_on_both_branches(struct queue *q) // expected-note{{entry point 'bad_lock_held_on_both_branches'}}
{
	mutex_lock(&q->lock); // expected-note{{'queue.lock' acquired here}}
	if (q->len > QUEUE_HIGH_WATER)
		queue_account_flush(q);
	else
		q->len++;
	mutex_lock(&q->lock); // expected-warning{{acquiring 'queue.lock' that is already held}}
	q->len = 0;
	mutex_unlock(&q->lock);
	mutex_unlock(&q->lock);
}
