// lockcheck-xfail: a release while not held, in a function that takes the lock itself, is taken for its own lock lost where paths joined
// dev_reset() unlocks twice on its error path. Once the first unlock has run, the
// lock is not held, and the second releases a lock nobody holds. The analysis keeps
// only the locks held on every path, so it cannot tell this from a lock taken on one
// branch and released after the join (lock-helpers.c, ok_lock_if_flag); telling them
// apart needs the locks released on every path.
#include <linux/mutex.h>

struct dev {
	struct mutex lock;
	int state;
};

void dev_reset(struct dev *d) // expected-warning{{'dev_reset' releases 'dev.lock' on a path where it is not held}} expected-note{{entry point 'dev_reset'}}
{
	mutex_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	if (d->state < 0)
		mutex_unlock(&d->lock);
	d->state = 0;
	mutex_unlock(&d->lock);
}
