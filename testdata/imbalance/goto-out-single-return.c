// lockcheck-xfail: held sets are must-held; the lock held on the error path into the single return is lost where the paths join
// The kernel's usual shape for error paths: every path leaves through one label and
// one `return ret`. dev_start() jumps over the unlock on its error path. The analysis
// keeps the locks held on every path to a point, so at `out:` the lock is held on one
// incoming path only, is dropped from the held set, and the one return looks
// balanced. Reporting it needs the locks held on some path (may-held) at each return.
#include <linux/errno.h>
#include <linux/mutex.h>

struct dev {
	struct mutex lock;
	int ready;
	int users;
};

int dev_start(struct dev *d) // expected-warning{{'dev_start' returns with 'dev.lock' held on some paths and not on others}} expected-note{{entry point 'dev_start'}}
{
	int ret = 0;

	mutex_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	if (!d->ready) {
		ret = -EINVAL;
		goto out;
	}
	d->users++;
	mutex_unlock(&d->lock);
out:
	return ret;
}
