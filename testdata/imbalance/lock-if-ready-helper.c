// lockcheck-xfail: a nonzero constant may be true or an error; a blocking lock held on nonzero returns is taken for an error return that forgot to unlock
// A helper that takes its lock, blocking, only when there is work and returns true to
// say so: the caller unlocks when it got true. It is deliberate, but the facts say
// only that `true` is nonzero, as `-EINVAL` is, and this is the shape of the
// commonest imbalance (error-return-keeps-lock.c), so it is reported.
// expected-no-diagnostics
#include <linux/mutex.h>
#include <linux/types.h>

struct dev {
	struct mutex lock;
	int pending;
};

bool dev_lock_if_pending(struct dev *d)
{
	if (!d->pending)
		return false;
	mutex_lock(&d->lock);
	return true;
}

void dev_flush(struct dev *d)
{
	if (!dev_lock_if_pending(d))
		return;
	d->pending = 0;
	mutex_unlock(&d->lock);
}
