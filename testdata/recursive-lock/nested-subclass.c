// Two objects of one type share a lock class. When lockcheck cannot tell whether the
// second is the first (here: a child it cannot follow), taking it while the first is
// held is a possible recursion, said so in the finding, unless the inner acquisition
// is annotated with a different subclass, as lock_two_nondirectories() and the
// parent/child lock of a tree do. A plain mutex_lock() or down_write() is subclass 0.
// Two objects it can tell apart (two parameters) are no recursion at all: see
// ok_two_parameters.
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>

struct node;
/* Another node of the same class, whose identity lockcheck cannot follow. */
extern struct node *node_child(struct node *node);

struct node {
	struct mutex lock;
	struct rw_semaphore sem;
	int refs;
};

void ok_parent_then_child(struct node *parent)
{
	struct node *child = node_child(parent);
	mutex_lock(&parent->lock);
	mutex_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);
	child->refs++;
	mutex_unlock(&child->lock);
	mutex_unlock(&parent->lock);
}

void bad_same_subclass(struct node *a) // expected-note{{entry point 'bad_same_subclass'}}
{
	struct node *b = node_child(a);
	mutex_lock_nested(&a->lock, SINGLE_DEPTH_NESTING); // expected-note{{'node.lock' acquired here}}
	mutex_lock_nested(&b->lock, SINGLE_DEPTH_NESTING); // expected-warning{{acquiring 'node.lock' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	b->refs++;
	mutex_unlock(&b->lock);
	mutex_unlock(&a->lock);
}

// Look-alike of ok_parent_then_child: subclass 0 is the one mutex_lock() already used.
void bad_subclass_zero_after_plain(struct node *parent) // expected-note{{entry point 'bad_subclass_zero_after_plain'}}
{
	struct node *child = node_child(parent);
	mutex_lock(&parent->lock); // expected-note{{'node.lock' acquired here}}
	mutex_lock_nested(&child->lock, 0); // expected-warning{{acquiring 'node.lock' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	child->refs++;
	mutex_unlock(&child->lock);
	mutex_unlock(&parent->lock);
}

// Look-alike of ok_parent_then_child: no subclass annotation at all.
void bad_unannotated(struct node *parent) // expected-note{{entry point 'bad_unannotated'}}
{
	struct node *child = node_child(parent);
	mutex_lock(&parent->lock); // expected-note{{'node.lock' acquired here}}
	mutex_lock(&child->lock); // expected-warning{{acquiring 'node.lock' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	child->refs++;
	mutex_unlock(&child->lock);
	mutex_unlock(&parent->lock);
}

void ok_rwsem_parent_then_child(struct node *parent)
{
	struct node *child = node_child(parent);
	down_write(&parent->sem);
	down_write_nested(&child->sem, SINGLE_DEPTH_NESTING);
	child->refs++;
	up_write(&child->sem);
	up_write(&parent->sem);
}

// Two different parameters: one class, two locks, no self-deadlock (lock order between
// objects of one class is the lock-order checker's business, not this one's).
void ok_two_parameters(struct node *a, struct node *b)
{
	mutex_lock(&a->lock);
	mutex_lock(&b->lock);
	mutex_unlock(&b->lock);
	mutex_unlock(&a->lock);
}
