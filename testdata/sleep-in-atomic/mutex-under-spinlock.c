// A mutex waits in schedule() when it is contended: taking one under a spinlock is
// "BUG: sleeping function called from invalid context". Its look-alike drops the
// spinlock first.
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct dev {
	spinlock_t lock;
	struct mutex m;
	int count;
};

void bad_mutex_under_spinlock(struct dev *d) // expected-note{{entry point 'bad_mutex_under_spinlock'}}
{
	spin_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	mutex_lock(&d->m); // expected-warning{{acquiring mutex 'dev.m', which may sleep, while 'dev.lock' is held (atomic context)}}
	d->count++;
	mutex_unlock(&d->m);
	spin_unlock(&d->lock);
}

void ok_mutex_after_unlock(struct dev *d)
{
	spin_lock(&d->lock);
	d->count++;
	spin_unlock(&d->lock);
	mutex_lock(&d->m);
	d->count--;
	mutex_unlock(&d->m);
}

// A trylock never waits.
void ok_mutex_trylock_under_spinlock(struct dev *d)
{
	spin_lock(&d->lock);
	if (mutex_trylock(&d->m)) {
		d->count++;
		mutex_unlock(&d->m);
	}
	spin_unlock(&d->lock);
}
