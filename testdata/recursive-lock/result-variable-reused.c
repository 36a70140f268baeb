// lockcheck-args: --checkers=recursive-lock
// expected-no-diagnostics
// A helper that returns 0 holding the lock, its result saved in `err`, then `err` reused
// for another call's result, as gfs2_create_inode() does with gfs2_trans_begin() and
// link_dinode() (fs/gfs2/inode.c:739-777 in linux 6.1). The second `if (err)` tests the
// other call's result: the helper's lock, released in between, is not taken again there.
#include <linux/mutex.h>

struct dev {
	struct mutex lock;
	int dead;
	int state;
};

static int dev_begin(struct dev *d)
{
	if (d->dead)
		return -5;
	mutex_lock(&d->lock);
	return 0;
}

extern int dev_check(struct dev *d);

int dev_update(struct dev *d)
{
	int err = dev_begin(d);

	if (err)
		return err;
	d->state++;
	mutex_unlock(&d->lock);

	err = dev_check(d);
	if (err)
		return err;
	mutex_lock(&d->lock);
	d->state++;
	mutex_unlock(&d->lock);
	return 0;
}
