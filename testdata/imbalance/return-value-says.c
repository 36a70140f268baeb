// Deliberate: the value returned tells the caller whether it holds the lock. The
// trylock convention (nonzero when taken, with a trylock behind it) and the
// lock_killable convention (zero when taken: success holds the lock, an error does
// not), with the value returned directly, through a variable, or as a constant.
// The look-alike that is no convention, a void function, is bad_void_trylock().
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct dev {
	struct mutex lock;
	int ready;
	int users;
};

int dev_trylock(struct dev *d)
{
	return mutex_trylock(&d->lock);
}

bool dev_trylock_if_ready(struct dev *d)
{
	if (!d->ready)
		return false;
	if (!mutex_trylock(&d->lock))
		return false;
	d->users++;
	return true;
}

int dev_lock_killable(struct dev *d)
{
	int ret = mutex_lock_killable(&d->lock);

	if (ret)
		return ret;
	d->users++;
	return 0;
}

// Zero with the lock held, an error without it.
int dev_lock_ready(struct dev *d)
{
	mutex_lock(&d->lock);
	if (!d->ready) {
		mutex_unlock(&d->lock);
		return -EIO;
	}
	return 0;
}

// The usual caller of a lock_killable-style function: balanced on both returns.
int ok_use_killable(struct dev *d)
{
	int ret = mutex_lock_killable(&d->lock);

	if (ret)
		return ret;
	d->users++;
	mutex_unlock(&d->lock);
	return 0;
}

void bad_void_trylock(struct dev *d) // expected-warning{{'bad_void_trylock' returns with 'dev.lock' held on some paths and not on others}} expected-note{{entry point 'bad_void_trylock'}}
{
	if (!mutex_trylock(&d->lock)) // expected-note{{'dev.lock' acquired here}}
		return;
	d->users++;
}
