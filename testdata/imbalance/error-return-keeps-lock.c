// The commonest imbalance: an error return between the lock and the unlock that
// forgets the unlock. dev_start() returns -EINVAL still holding 'dev.lock' and 0
// without it; its caller cannot tell. The warning sits on the function (the facts do
// not locate returns), with the path it was reached by and where the lock was taken.
// ok_dev_stop() unlocks on its error return too.
#include <linux/errno.h>
#include <linux/mutex.h>

struct dev {
	struct mutex lock;
	int ready;
	int users;
};

struct dev_operations {
	int (*open)(struct dev *d);
	int (*release)(struct dev *d);
};

static int dev_start(struct dev *d) // expected-warning{{'dev_start' returns with 'dev.lock' held on some paths and not on others}}
{
	mutex_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	if (!d->ready)
		return -EINVAL;
	d->users++;
	mutex_unlock(&d->lock);
	return 0;
}

static int dev_open(struct dev *d) // expected-note{{entry point 'dev_open' via 'imbalance_dev_ops.open'}}
{
	return dev_start(d); // expected-note{{calling 'dev_start'}}
}

static int ok_dev_stop(struct dev *d)
{
	mutex_lock(&d->lock);
	if (!d->users) {
		mutex_unlock(&d->lock);
		return -EINVAL;
	}
	d->users--;
	mutex_unlock(&d->lock);
	return 0;
}

const struct dev_operations imbalance_dev_ops = {
	.open = dev_open,
	.release = ok_dev_stop,
};

// A function returning nothing cannot tell its caller either.
void bad_void_early_return(struct dev *d) // expected-warning{{'bad_void_early_return' returns with 'dev.lock' held on some paths and not on others}} expected-note{{entry point 'bad_void_early_return'}}
{
	mutex_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	if (!d->ready)
		return;
	d->users++;
	mutex_unlock(&d->lock);
}

// The error value kept in a variable is still not zero: held on the `return err`
// path, released before `return 0`.
int bad_error_in_variable(struct dev *d) // expected-warning{{'bad_error_in_variable' returns with 'dev.lock' held on some paths and not on others}} expected-note{{entry point 'bad_error_in_variable'}}
{
	int err = -EIO;

	mutex_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	if (!d->ready)
		return err;
	d->users++;
	mutex_unlock(&d->lock);
	return 0;
}
