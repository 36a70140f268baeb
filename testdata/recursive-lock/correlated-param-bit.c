// lockcheck-args: --checkers=recursive-lock
// Two tests of the same bit of a parameter go the same way on every path: a
// function that takes a lock `if (flags & OBJ_LOCKED)` and takes it again under a
// second `if (flags & OBJ_LOCKED)` re-acquires it whenever it takes it at all. Joining
// the two ways of the first test forgot that the lock is held at the second;
// bad_double_by_flag() is found now. ok_lock_if_unlocked() takes it the second time
// only where the first test did not.
#include <linux/mutex.h>

#define OBJ_LOCKED 0x1

struct obj {
	struct mutex lock;
	int count;
};

void bad_double_by_flag(struct obj *o, unsigned int flags) // expected-note{{entry point 'bad_double_by_flag'}}
{
	if (flags & OBJ_LOCKED)
		mutex_lock(&o->lock); // expected-note{{'obj.lock' acquired here}}
	o->count++;
	if (flags & OBJ_LOCKED) {
		mutex_lock(&o->lock); // expected-warning{{acquiring 'obj.lock' that is already held}}
		mutex_unlock(&o->lock);
	}
	if (flags & OBJ_LOCKED)
		mutex_unlock(&o->lock);
}

void ok_lock_if_unlocked(struct obj *o, unsigned int flags)
{
	if (flags & OBJ_LOCKED)
		mutex_lock(&o->lock);
	o->count++;
	if (!(flags & OBJ_LOCKED)) {
		mutex_lock(&o->lock);
		mutex_unlock(&o->lock);
	}
	if (flags & OBJ_LOCKED)
		mutex_unlock(&o->lock);
}
