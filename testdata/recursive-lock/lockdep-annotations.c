// lockdep_assert_held() and might_lock() say what a function expects of a lock; they
// neither take nor release it. Without CONFIG_PROVE_LOCKING they expand to
// `do { (void)(l); } while (0)` or to nothing, with it to calls of lockdep's internals
// (lock_is_held_type(), lock_acquire(), lock_release()); lockcheck records them from the
// macro invocation, so both builds have the same facts
// (analyzer/unittests/tool/test_lockdep_facts.py extracts this file both ways).
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>

struct obj {
	struct mutex lock;
	struct rw_semaphore sem;
	spinlock_t slock;
	int refs;
};

/* The object whose lock covers o, found through a call lockcheck does not follow. */
extern struct obj *obj_owner(struct obj *o);

/* A subsystem's own assertion over lockdep's, as dma_resv_assert_held() is. */
#define obj_assert_locked(o) lockdep_assert_held(&(o)->lock)

static void obj_update_locked(struct obj *o)
{
	obj_assert_locked(o);
	lockdep_assert_held_write(&o->sem);
	lockdep_assert_held(&obj_owner(o)->slock);
	o->refs++;
}

static void obj_read_locked(struct obj *o, struct mutex *m)
{
	lockdep_assert_held_read(&o->sem);
	lockdep_assert_held(m);
}

void ok_asserting_callees(struct obj *o)
{
	mutex_lock(&o->lock);
	down_write(&o->sem);
	spin_lock(&obj_owner(o)->slock);
	obj_update_locked(o);
	spin_unlock(&obj_owner(o)->slock);
	up_write(&o->sem);
	down_read(&o->sem);
	obj_read_locked(o, &o->lock);
	up_read(&o->sem);
	mutex_unlock(&o->lock);
}

// might_lock() says the lock may be taken here; it takes nothing.
void ok_might_lock_then_lock(struct obj *o)
{
	struct obj *owner = obj_owner(o);

	lockdep_assert_not_held(&o->lock);
	might_lock(&o->lock);
	might_lock_nested(&owner->slock, SINGLE_DEPTH_NESTING);
	mutex_lock(&o->lock);
	o->refs++;
	mutex_unlock(&o->lock);
}

// Look-alike of ok_asserting_callees: an assertion releases nothing either.
void bad_assert_then_lock(struct obj *o) // expected-note{{entry point 'bad_assert_then_lock'}}
{
	mutex_lock(&o->lock); // expected-note{{'obj.lock' acquired here}}
	lockdep_assert_held(&o->lock);
	mutex_lock(&o->lock); // expected-warning{{acquiring 'obj.lock' that is already held}}
	mutex_unlock(&o->lock);
	mutex_unlock(&o->lock);
}
