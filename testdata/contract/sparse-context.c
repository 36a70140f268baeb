// sparse's __must_hold(), __releases() and __acquires() on a function's definition are
// contracts too, checked on every path that reaches it: they expand to nothing unless
// sparse runs, so they are read from the macro invocation.
#include <linux/compiler.h>
#include "vfs.h"

struct queue {
	struct mutex lock;
	int len;
};

static void queue_trim(struct queue *q)
	__must_hold(&q->lock) // expected-warning{{__must_hold() of 'queue.lock' is reached without it held}}
{
	q->len = 0;
}

static void queue_finish(struct queue *q)
	__releases(&q->lock)
{
	q->len--;
	mutex_unlock(&q->lock);
}

static void queue_start(struct queue *q)
	__acquires(&q->lock) // expected-warning{{__acquires() of 'queue.lock' is reached with it held}}
{
	mutex_lock(&q->lock); // expected-note{{calling 'mutex_lock'}}
}

void ok_trim_locked(struct queue *q)
{
	queue_start(q);
	queue_trim(q);
	queue_finish(q);
}

void bad_trim_unlocked(struct queue *q) // expected-note{{entry point 'bad_trim_unlocked'}}
{
	queue_trim(q); // expected-note{{calling 'queue_trim'}}
}

void bad_start_twice(struct queue *q) // expected-note 2 {{entry point 'bad_start_twice'}}
{
	mutex_lock(&q->lock); // expected-note 2 {{'queue.lock' acquired here}}
	queue_start(q); // expected-note{{calling 'queue_start'}} expected-warning{{acquiring 'queue.lock' that is already held}}
	mutex_unlock(&q->lock);
}
