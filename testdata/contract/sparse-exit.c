// sparse's context annotations promise what each return leaves the lock as: __acquires(x)
// returns holding x, __releases(x) returns with x released, __must_hold(x) returns still
// holding it (context(x, entry, exit), include/linux/compiler_types.h). Each bad_* function
// breaks its promise on one path; its ok_* look-alike keeps it.
#include <linux/compiler.h>
#include <linux/spinlock.h>
#include "vfs.h"

struct queue {
	struct mutex lock;
	spinlock_t stats_lock;
	int len;
	int dead;
};

extern void queue_wait(struct queue *q);

static void bad_lock_unless_dead(struct queue *q)
	__acquires(&q->lock) // expected-note{{'bad_lock_unless_dead' is declared __acquires('queue.lock') here}}
{
	if (q->dead)
		return; // expected-warning{{'bad_lock_unless_dead' returns without 'queue.lock' held, against its __acquires()}}
	mutex_lock(&q->lock);
}

static void ok_lock(struct queue *q)
	__acquires(&q->lock)
{
	mutex_lock(&q->lock);
}

/* The trylock convention: the value returned says whether the lock is held. */
static int ok_lock_interruptible(struct queue *q)
	__acquires(&q->lock)
{
	if (mutex_lock_interruptible(&q->lock))
		return -4;
	return 0;
}

static int ok_trylock(struct queue *q)
	__cond_acquires(&q->lock)
{
	return mutex_trylock(&q->lock);
}

static void bad_unlock_unless_empty(struct queue *q)
	__releases(&q->lock) // expected-note{{'bad_unlock_unless_empty' is declared __releases('queue.lock') here}}
{
	if (!q->len)
		return; // expected-warning{{'bad_unlock_unless_empty' returns with 'queue.lock' still held, against its __releases()}}
	q->len--;
	mutex_unlock(&q->lock);
}

static void ok_unlock(struct queue *q)
	__releases(&q->lock)
{
	q->len--;
	mutex_unlock(&q->lock);
}

static void bad_wait_for_len(struct queue *q)
	__must_hold(&q->lock) // expected-note{{'bad_wait_for_len' is declared __must_hold('queue.lock') here}}
{
	while (!q->len) {
		mutex_unlock(&q->lock);
		queue_wait(q);
		if (q->dead)
			return; // expected-warning{{'bad_wait_for_len' returns with 'queue.lock' released, against its __must_hold()}}
		mutex_lock(&q->lock);
	}
}

/* Dropped around the sleep and retaken: held again at the return. */
static void ok_wait_for_len(struct queue *q)
	__must_hold(&q->lock)
{
	while (!q->len) {
		mutex_unlock(&q->lock);
		queue_wait(q);
		mutex_lock(&q->lock);
	}
}

/* spin_lock(lock) takes &lock->rlock: the lock __acquires(lock) names, not another one. */
static void ok_lock_stats(spinlock_t *lock)
	__acquires(lock)
{
	spin_lock(lock);
}

/* sparse adds a lock's contexts up: entered and left holding it, like __must_hold. */
static void ok_drop_and_retake(struct queue *q)
	__releases(&q->lock) __acquires(&q->lock)
{
	mutex_unlock(&q->lock);
	queue_wait(q);
	mutex_lock(&q->lock);
}

void lock_users(struct queue *q)
{
	bad_lock_unless_dead(q);
	mutex_unlock(&q->lock);
	ok_lock(q);
	mutex_unlock(&q->lock);
	if (!ok_lock_interruptible(q))
		mutex_unlock(&q->lock);
	if (ok_trylock(q))
		mutex_unlock(&q->lock);
}

void unlock_users(struct queue *q)
{
	mutex_lock(&q->lock);
	bad_unlock_unless_empty(q);
	mutex_lock(&q->lock);
	ok_unlock(q);
}

void bad_wait_user(struct queue *q)
{
	mutex_lock(&q->lock);
	bad_wait_for_len(q);
	mutex_unlock(&q->lock);
}

/* A callee that drops the lock and takes it again leaves it held for its caller. */
void ok_wait_user(struct queue *q)
{
	mutex_lock(&q->lock);
	ok_wait_for_len(q);
	ok_drop_and_retake(q);
	mutex_unlock(&q->lock);
	ok_lock_stats(&q->stats_lock);
	spin_unlock(&q->stats_lock);
}
