// Deliberate: helpers that leave a lock in the same state on every path. A lock
// helper returns holding it, an unlock helper releases its caller's, a function that
// drops its caller's lock to sleep takes it back before returning, and one that locks
// under a flag unlocks under the same flag. bad_drop_and_return() forgets to take the
// caller's lock back on one path.
#include <linux/mutex.h>
#include <linux/types.h>

struct dev {
	struct mutex lock;
	int shared;
	int users;
};

extern int signal_pending(void);
extern void schedule(void);

void dev_lock(struct dev *d)
{
	mutex_lock(&d->lock);
}

void dev_lock_counted(struct dev *d)
{
	if (d->shared) {
		mutex_lock(&d->lock);
		return;
	}
	mutex_lock(&d->lock);
	d->users++;
}

void dev_unlock(struct dev *d)
{
	mutex_unlock(&d->lock);
}

void dev_wait(struct dev *d)
{
	mutex_unlock(&d->lock);
	schedule();
	mutex_lock(&d->lock);
}

void ok_lock_if_shared(struct dev *d)
{
	bool shared = d->shared;

	if (shared)
		mutex_lock(&d->lock);
	d->users++;
	if (shared)
		mutex_unlock(&d->lock);
}

// The same under a flag parameter, which the analysis does not follow from one
// branch to the next: the lock taken on one branch is dropped from the held set where
// the paths join, and the unlock then seems to release a lock not held. A function
// that takes a lock itself before it releases it is not taken to release its caller's.
#define DEV_LOCKED 1
void ok_lock_if_flag(struct dev *d, int flags)
{
	if (flags & DEV_LOCKED)
		mutex_lock(&d->lock);
	d->users++;
	if (flags & DEV_LOCKED)
		mutex_unlock(&d->lock);
}

void bad_drop_and_return(struct dev *d) // expected-warning{{'bad_drop_and_return' returns with 'dev.lock' held on some paths and not on others}} expected-note{{entry point 'bad_drop_and_return'}}
{
	mutex_unlock(&d->lock);
	if (signal_pending())
		return;
	schedule();
	mutex_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
}
