// might_sleep() is a macro whose expansion depends on the kernel configuration; the
// macro the source invokes is the sleep point.
#include <linux/kernel.h>
#include <linux/spinlock.h>

struct dev {
	spinlock_t lock;
	int count;
};

static void dev_wait_idle(struct dev *d)
{
	might_sleep(); // expected-warning{{'might_sleep' may sleep while 'dev.lock' is held (atomic context)}}
	d->count = 0;
}

void bad_might_sleep_under_spinlock(struct dev *d) // expected-note{{entry point 'bad_might_sleep_under_spinlock'}}
{
	spin_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	dev_wait_idle(d); // expected-note{{calling 'dev_wait_idle'}}
	spin_unlock(&d->lock);
}

void ok_might_sleep_unlocked(struct dev *d)
{
	dev_wait_idle(d);
}
