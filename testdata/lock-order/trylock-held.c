// A lock taken with a trylock is held once it succeeded, and what is acquired under it
// waits: bad_lock_a_under_tried_b() orders 'dev.b' -> 'dev.a' as much as a plain
// mutex_lock(&d->b) would, and closes a cycle with dev_lock_ab(). Only the trylock
// itself adds no dependency (trylock-reverse.c).
#include <linux/mutex.h>

struct dev {
	struct mutex a;
	struct mutex b;
	int count;
};

void dev_lock_ab(struct dev *d) // expected-note{{entry point 'dev_lock_ab'}}
{
	mutex_lock(&d->a); // expected-note{{'dev.a' acquired here}}
	mutex_lock(&d->b); // expected-note{{existing dependency 'dev.a' -> 'dev.b': 'dev.b' acquired while 'dev.a' is held}}
	d->count++;
	mutex_unlock(&d->b);
	mutex_unlock(&d->a);
}

int bad_lock_a_under_tried_b(struct dev *d) // expected-note{{entry point 'bad_lock_a_under_tried_b'}}
{
	if (!mutex_trylock(&d->b)) // expected-note{{'dev.b' acquired here}}
		return -1;
	mutex_lock(&d->a); // expected-warning{{possible circular locking dependency: acquiring 'dev.a' while holding 'dev.b'}}
	d->count--;
	mutex_unlock(&d->a);
	mutex_unlock(&d->b);
	return 0;
}
