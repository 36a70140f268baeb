// A trylock never blocks, so it is never a recursive acquisition itself; but when it
// succeeds the lock is held, and a blocking acquisition on the success path is one.
// The failure branch of `if (!mutex_trylock(...))` does not hold the lock.
#include <linux/compiler.h>
#include <linux/mutex.h>

struct dev {
	struct mutex lock;
	int users;
};

void bad_lock_after_trylock(struct dev *d) // expected-note{{entry point 'bad_lock_after_trylock'}}
{
	if (!mutex_trylock(&d->lock)) // expected-note{{'dev.lock' acquired here}}
		return;
	d->users++;
	mutex_lock(&d->lock); // expected-warning{{acquiring 'dev.lock' that is already held}}
	mutex_unlock(&d->lock);
	mutex_unlock(&d->lock);
}

// The same, with the condition wrapped in unlikely() (__builtin_expect) as kernel code
// usually writes it.
void bad_lock_after_unlikely_trylock(struct dev *d) // expected-note{{entry point 'bad_lock_after_unlikely_trylock'}}
{
	if (unlikely(!mutex_trylock(&d->lock))) // expected-note{{'dev.lock' acquired here}}
		return;
	d->users++;
	mutex_lock(&d->lock); // expected-warning{{acquiring 'dev.lock' that is already held}}
	mutex_unlock(&d->lock);
	mutex_unlock(&d->lock);
}

// Look-alike of bad_lock_after_trylock: the blocking lock is on the failure branch,
// where the lock is not held.
void ok_lock_on_trylock_failure(struct dev *d)
{
	if (!mutex_trylock(&d->lock))
		mutex_lock(&d->lock);
	d->users++;
	mutex_unlock(&d->lock);
}

// A second object of the same class taken with a trylock under the first, the idiom
// the dcache uses for a parent's d_lock: it cannot block, so it is not reported.
void ok_trylock_under_same_class(struct dev *a, struct dev *b)
{
	mutex_lock(&a->lock);
	if (mutex_trylock(&b->lock)) {
		b->users += a->users;
		mutex_unlock(&b->lock);
	}
	mutex_unlock(&a->lock);
}
