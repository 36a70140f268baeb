// A sleep any number of calls down is still a sleep under the spinlock. A helper that
// drops its caller's spinlock around the sleep and takes it back (btrfs's
// run_delayed_iput_locked() around iput(), linux 6.1 fs/btrfs/inode.c:3669) sleeps
// outside the atomic region.
#include <linux/delay.h>
#include <linux/spinlock.h>

struct dev {
	spinlock_t lock;
	int count;
};

static void dev_settle(struct dev *d)
{
	msleep(10); // expected-warning{{'msleep' may sleep while 'dev.lock' is held (atomic context)}}
}

static void dev_reset(struct dev *d)
{
	d->count = 0;
	dev_settle(d); // expected-note{{calling 'dev_settle'}}
}

void bad_sleep_two_calls_down(struct dev *d) // expected-note{{entry point 'bad_sleep_two_calls_down'}}
{
	spin_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	dev_reset(d); // expected-note{{calling 'dev_reset'}}
	spin_unlock(&d->lock);
}

static void dev_reset_unlocked(struct dev *d)
{
	d->count = 0;
	spin_unlock(&d->lock);
	dev_settle(d);
	spin_lock(&d->lock);
}

void ok_helper_drops_the_lock(struct dev *d)
{
	spin_lock(&d->lock);
	dev_reset_unlocked(d);
	spin_unlock(&d->lock);
}
