// The safe look-alike of abba-ops-table.c: both methods take 'dev.a' before 'dev.b',
// so the lock-order graph has the one edge 'dev.a' -> 'dev.b' and no cycle.
// expected-no-diagnostics
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

static int dev_read(struct dev *d)
{
	int count;

	mutex_lock(&d->a);
	mutex_lock(&d->b);
	count = d->count;
	mutex_unlock(&d->b);
	mutex_unlock(&d->a);
	return count;
}

static int dev_write(struct dev *d)
{
	mutex_lock(&d->a);
	mutex_lock(&d->b);
	d->count++;
	mutex_unlock(&d->b);
	mutex_unlock(&d->a);
	return 0;
}

const struct dev_operations consistent_dev_ops = {
	.read = dev_read,
	.write = dev_write,
};
