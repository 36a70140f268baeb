// spin_lock_nested() is a macro in every configuration. Without CONFIG_DEBUG_LOCK_ALLOC
// it goes through raw_spin_lock_nested() to `_raw_spin_lock(((void)(subclass), (lock)))`:
// the lock is the comma expression's last operand, and the subclass survives only in the
// arguments of the macro the source invokes, two macros up (fs/dcache.c's
// `spin_lock_nested(&dentry->d_lock, DENTRY_D_LOCK_NESTED)`, mm/memory.c's
// copy_pte_range()). With lockdep it is `_raw_spin_lock_nested(lock, subclass)`;
// analyzer/unittests/tool/test_lockdep_facts.py checks that both give the same facts.
#include <linux/spinlock.h>

struct obj;
/* Another obj of the same class, whose identity lockcheck cannot follow. */
extern struct obj *obj_child(struct obj *obj);

struct obj {
	spinlock_t lock;
	int refs;
};

void ok_parent_then_child(struct obj *parent)
{
	struct obj *child = obj_child(parent);
	spin_lock(&parent->lock);
	spin_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);
	child->refs++;
	spin_unlock(&child->lock);
	spin_unlock(&parent->lock);
}

// Look-alike of ok_parent_then_child: subclass 0 is the one spin_lock() already used.
void bad_subclass_zero(struct obj *parent) // expected-note{{entry point 'bad_subclass_zero'}}
{
	struct obj *child = obj_child(parent);
	spin_lock(&parent->lock); // expected-note{{'obj.lock' acquired here}}
	spin_lock_nested(&child->lock, 0); // expected-warning{{acquiring 'obj.lock' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	child->refs++;
	spin_unlock(&child->lock);
	spin_unlock(&parent->lock);
}
