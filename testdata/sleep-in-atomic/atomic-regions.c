// rcu_read_lock() and preempt_disable() sections are atomic too: a reader may not block
// (Documentation/RCU/whatisRCU.rst), nor may code that disabled preemption. They nest
// without being recursive locking.
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/uaccess.h>

struct dev {
	struct mutex m;
	int count;
	char name[16];
};

void bad_sleep_in_rcu_reader(struct dev *d) // expected-note{{entry point 'bad_sleep_in_rcu_reader'}}
{
	rcu_read_lock(); // expected-note{{atomic region 'rcu_read_lock()' entered here}}
	msleep(1); // expected-warning{{'msleep' may sleep while 'rcu_read_lock()' is held (atomic context)}}
	rcu_read_unlock();
}

void ok_sleep_after_rcu_reader(struct dev *d)
{
	rcu_read_lock();
	rcu_read_lock();
	d->count++;
	rcu_read_unlock();
	rcu_read_unlock();
	msleep(1);
}

void bad_mutex_with_preemption_off(struct dev *d) // expected-note{{entry point 'bad_mutex_with_preemption_off'}}
{
	preempt_disable(); // expected-note{{atomic region 'preempt_disable()' entered here}}
	mutex_lock(&d->m); // expected-warning{{acquiring mutex 'dev.m', which may sleep, while 'preempt_disable()' is held (atomic context)}}
	d->count++;
	mutex_unlock(&d->m);
	preempt_enable();
}

int bad_user_copy_in_rcu_reader(struct dev *d, const void *ubuf) // expected-note{{entry point 'bad_user_copy_in_rcu_reader'}}
{
	unsigned long left;

	rcu_read_lock(); // expected-note{{atomic region 'rcu_read_lock()' entered here}}
	left = copy_from_user(d->name, ubuf, sizeof(d->name)); // expected-warning{{'copy_from_user' may sleep while 'rcu_read_lock()' is held (atomic context)}}
	rcu_read_unlock();
	return left ? -14 : 0;
}
