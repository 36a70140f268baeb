// Two objects of one type share a lock class, so taking the second while the first
// is held is a possible recursion (lockdep's "possible recursive locking detected"),
// unless the inner acquisition is annotated with a different subclass, as
// lock_two_nondirectories() and the parent/child lock of a tree do. A plain
// mutex_lock() or down_write() is subclass 0.
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>

struct node {
	struct mutex lock;
	struct rw_semaphore sem;
	int refs;
};

void ok_parent_then_child(struct node *parent, struct node *child)
{
	mutex_lock(&parent->lock);
	mutex_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);
	child->refs++;
	mutex_unlock(&child->lock);
	mutex_unlock(&parent->lock);
}

void bad_same_subclass(struct node *a, struct node *b) // expected-note{{entry point 'bad_same_subclass'}}
{
	mutex_lock_nested(&a->lock, SINGLE_DEPTH_NESTING); // expected-note{{'node.lock' acquired here}}
	mutex_lock_nested(&b->lock, SINGLE_DEPTH_NESTING); // expected-warning{{acquiring 'node.lock' that is already held}}
	b->refs++;
	mutex_unlock(&b->lock);
	mutex_unlock(&a->lock);
}

// Look-alike of ok_parent_then_child: subclass 0 is the one mutex_lock() already used.
void bad_subclass_zero_after_plain(struct node *parent, struct node *child) // expected-note{{entry point 'bad_subclass_zero_after_plain'}}
{
	mutex_lock(&parent->lock); // expected-note{{'node.lock' acquired here}}
	mutex_lock_nested(&child->lock, 0); // expected-warning{{acquiring 'node.lock' that is already held}}
	child->refs++;
	mutex_unlock(&child->lock);
	mutex_unlock(&parent->lock);
}

// Look-alike of ok_parent_then_child: no subclass annotation at all.
void bad_unannotated(struct node *parent, struct node *child) // expected-note{{entry point 'bad_unannotated'}}
{
	mutex_lock(&parent->lock); // expected-note{{'node.lock' acquired here}}
	mutex_lock(&child->lock); // expected-warning{{acquiring 'node.lock' that is already held}}
	child->refs++;
	mutex_unlock(&child->lock);
	mutex_unlock(&parent->lock);
}

void ok_rwsem_parent_then_child(struct node *parent, struct node *child)
{
	down_write(&parent->sem);
	down_write_nested(&child->sem, SINGLE_DEPTH_NESTING);
	child->refs++;
	up_write(&child->sem);
	up_write(&parent->sem);
}
