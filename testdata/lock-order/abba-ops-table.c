// Two methods of one ops table take a device's two locks in opposite orders: dev_read()
// takes 'dev.a' then 'dev.b', dev_write() 'dev.b' then 'dev.a'. A reader and a writer
// running at once can each hold one lock and wait forever for the other (ABBA). The
// warning sits at the later of the two acquisitions that close the cycle; the notes
// give the existing dependency first, then the new one, as lockdep's report does.
// The safe look-alike, both methods in one order, is consistent-order.c.
#include <linux/mutex.h>

struct dev {
	struct mutex a;
	struct mutex b;
	int count;
};

struct dev_operations {
	int (*read)(struct dev *d);
	int (*write)(struct dev *d);
};

static int dev_read(struct dev *d) // expected-note{{entry point 'dev_read' via 'abba_dev_ops.read'}}
{
	int count;

	mutex_lock(&d->a); // expected-note{{'dev.a' acquired here}}
	mutex_lock(&d->b); // expected-note{{existing dependency 'dev.a' -> 'dev.b': 'dev.b' acquired while 'dev.a' is held}}
	count = d->count;
	mutex_unlock(&d->b);
	mutex_unlock(&d->a);
	return count;
}

static int dev_write(struct dev *d) // expected-note{{entry point 'dev_write' via 'abba_dev_ops.write'}}
{
	mutex_lock(&d->b); // expected-note{{'dev.b' acquired here}}
	mutex_lock(&d->a); // expected-warning{{possible circular locking dependency: acquiring 'dev.a' while holding 'dev.b'}}
	d->count++;
	mutex_unlock(&d->a);
	mutex_unlock(&d->b);
	return 0;
}

const struct dev_operations abba_dev_ops = {
	.read = dev_read,
	.write = dev_write,
};
