// lockcheck-args: --checkers=imbalance
// A trylock spelled as a statement expression: linux 6.1's spin_trylock_irqsave() is
// `({ local_irq_save(flags); raw_spin_trylock(lock) ? 1 : ({ local_irq_restore(flags);
// 0; }); })` (include/linux/spinlock.h:275-283), and the branch that tests it tests the
// trylock: compact_lock_irqsave() (mm/compaction.c:496) returns true holding the lock,
// memcg's flush (mm/memcontrol.c:631) returns at once where it was not taken. Each of
// queue_try_flush() and queue_lock_irqsave() is balanced that way; bad_queue_poke()
// keeps the lock where a callee's result says so, and is reported.
#include <linux/spinlock.h>
#include <linux/types.h>

struct queue {
	spinlock_t lock;
	int pending;
};

extern int queue_busy(struct queue *q);

int queue_try_flush(struct queue *q)
{
	unsigned long flags;

	if (!spin_trylock_irqsave(&q->lock, flags))
		return 0;
	q->pending = 0;
	spin_unlock_irqrestore(&q->lock, flags);
	return 1;
}

bool queue_lock_irqsave(struct queue *q, unsigned long *flags)
{
	if (spin_trylock_irqsave(&q->lock, *flags))
		return true;
	return false;
}

void bad_queue_poke(struct queue *q) // expected-warning{{'bad_queue_poke' returns with 'queue.lock' held on some paths and not on others}} expected-note{{entry point 'bad_queue_poke'}}
{
	unsigned long flags;

	if (spin_trylock_irqsave(&q->lock, flags)) { // expected-note{{'queue.lock' acquired here}}
		if (queue_busy(q))
			return;
		spin_unlock_irqrestore(&q->lock, flags);
	}
}
