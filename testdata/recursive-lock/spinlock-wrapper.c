// spin_lock() is an inline wrapper, as in the kernel: spin_lock(&o->lock) calls
// _raw_spin_lock(&lock->rlock). The class is named from the caller's argument,
// 'obj.lock', not from the wrapper's 'spinlock.rlock', so two spinlock_t fields of
// one struct stay two classes. obj_lock() adds a second wrapper level. Each finding
// also has "calling '_raw_spin_lock'" notes inside spin_lock() in the shared
// testdata/include/linux/spinlock.h; the driver ignores notes outside the case.
#include <linux/spinlock.h>

struct obj {
	spinlock_t lock;
	spinlock_t stats_lock;
	int refs;
	long gets;
};

static void obj_lock(struct obj *o)
{
	spin_lock(&o->lock); // expected-note{{calling 'spin_lock'}}
}

static void obj_unlock(struct obj *o)
{
	spin_unlock(&o->lock);
}

void bad_spin_lock_twice(struct obj *o) // expected-note{{entry point 'bad_spin_lock_twice'}}
{
	spin_lock(&o->lock); // expected-note{{'obj.lock' acquired here}}
	o->refs++;
	spin_lock(&o->lock); // expected-warning{{acquiring 'obj.lock' that is already held}}
	spin_unlock(&o->lock);
	spin_unlock(&o->lock);
}

void bad_wrapper_then_spin_lock(struct obj *o) // expected-note{{entry point 'bad_wrapper_then_spin_lock'}}
{
	obj_lock(o); // expected-note{{'obj.lock' acquired here}}
	o->refs++;
	spin_lock(&o->lock); // expected-warning{{acquiring 'obj.lock' that is already held}}
	spin_unlock(&o->lock);
	obj_unlock(o);
}

// Look-alike of bad_spin_lock_twice: a different spinlock_t field, a different class.
void ok_two_spinlock_fields(struct obj *o)
{
	spin_lock(&o->lock);
	spin_lock(&o->stats_lock);
	o->gets++;
	spin_unlock(&o->stats_lock);
	spin_unlock(&o->lock);
}

// Look-alike of bad_wrapper_then_spin_lock: the wrapper's lock is released first.
void ok_wrapper_unlock_then_spin_lock(struct obj *o)
{
	obj_lock(o);
	o->refs++;
	obj_unlock(o);
	spin_lock(&o->lock);
	o->gets++;
	spin_unlock(&o->lock);
}
