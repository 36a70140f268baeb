// A trylock cannot wait, so lockdep records no dependency on it: ok_try_a_under_b()
// takes 'dev.a' under 'dev.b' only with mutex_trylock() and backs off when it fails, as
// the dcache does for a parent's d_lock. With dev_lock_ab() taking 'dev.a' then 'dev.b'
// there is no cycle. The look-alike where the reverse acquisition blocks is
// abba-ops-table.c; the one where the trylock is the outer lock, trylock-held.c.
// expected-no-diagnostics
#include <linux/mutex.h>

struct dev {
	struct mutex a;
	struct mutex b;
	int count;
};

void dev_lock_ab(struct dev *d)
{
	mutex_lock(&d->a);
	mutex_lock(&d->b);
	d->count++;
	mutex_unlock(&d->b);
	mutex_unlock(&d->a);
}

int ok_try_a_under_b(struct dev *d)
{
	mutex_lock(&d->b);
	if (!mutex_trylock(&d->a)) {
		mutex_unlock(&d->b);
		return -1;
	}
	d->count--;
	mutex_unlock(&d->a);
	mutex_unlock(&d->b);
	return 0;
}
