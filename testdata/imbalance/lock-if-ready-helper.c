// lockcheck-args: --checkers=imbalance
// Helpers that take their lock, blocking, only when there is work, and say so by
// what they return: `true` (btrfs_exclop_start_try_lock(), map_pte()) or the
// object whose lock they hold (get_super(): the super_block with s_umount held,
// or NULL). The caller unlocks when it got the lock. A negative constant returned
// holding the lock is the other shape, an error return that forgot to unlock
// (error-return-keeps-lock.c): bad_dev_get_busy() is still reported.
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct dev {
	struct mutex lock;
	int pending;
	int busy;
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

struct dev *dev_get_pending(struct dev *d)
{
	mutex_lock(&d->lock);
	if (d->pending)
		return d;
	mutex_unlock(&d->lock);
	return NULL;
}

void dev_drain(struct dev *d)
{
	struct dev *got = dev_get_pending(d);

	if (!got)
		return;
	got->pending = 0;
	mutex_unlock(&got->lock);
}

int bad_dev_get_busy(struct dev *d) // expected-warning{{'bad_dev_get_busy' returns with 'dev.lock' held on some paths and not on others}}
{ // expected-note@-1{{entry point 'bad_dev_get_busy'}}
	mutex_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	if (d->busy)
		return -EAGAIN;
	d->busy = 1;
	mutex_unlock(&d->lock);
	return 0;
}
