// lockcheck-args: --checkers=lock-order
// The look-alikes of reference-drop-not-last.c whose drop may be the last: the release
// path's 'inode.i_lock' is then taken under the caller's mutex, against the order of
// inode_then_*(). Each case has a mutex of its own, so each cycle is its own finding.
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/refcount.h>

struct inode {
	struct mutex i_lock;
	int i_state;
};

struct mark {
	refcount_t refcnt;
	struct inode *inode;
	int flags;
};

static void drop_inode(struct inode *inode)
{
	mutex_lock(&inode->i_lock); // expected-note{{existing dependency 'forget_group.mutex' -> 'inode.i_lock': 'inode.i_lock' acquired while 'forget_group.mutex' is held}} expected-note{{existing dependency 'some_path_group.mutex' -> 'inode.i_lock': 'inode.i_lock' acquired while 'some_path_group.mutex' is held}} expected-note{{existing dependency 'reassigned_group.mutex' -> 'inode.i_lock': 'inode.i_lock' acquired while 'reassigned_group.mutex' is held}} expected-note{{existing dependency 'pending_group.mutex' -> 'inode.i_lock': 'inode.i_lock' acquired while 'pending_group.mutex' is held}} expected-note{{existing dependency 'own_drop_group.mutex' -> 'inode.i_lock': 'inode.i_lock' acquired while 'own_drop_group.mutex' is held}} expected-note{{existing dependency 'other_null_group.mutex' -> 'inode.i_lock': 'inode.i_lock' acquired while 'other_null_group.mutex' is held}}
	inode->i_state = 0;
	mutex_unlock(&inode->i_lock);
}

void put_mark(struct mark *mark)
{
	if (refcount_dec_and_test(&mark->refcnt))
		drop_inode(mark->inode); // expected-note 4 {{calling 'drop_inode'}}
}

/* Nothing uses the mark after the drop. */
struct forget_group {
	struct mutex mutex;
};

void forget_mark(struct mark *mark, struct forget_group *group) // expected-note{{entry point 'forget_mark'}}
{
	mutex_lock(&group->mutex); // expected-note{{'forget_group.mutex' acquired here}}
	put_mark(mark); // expected-note{{calling 'put_mark'}}
	mutex_unlock(&group->mutex);
}

void inode_then_forget_group(struct inode *inode, struct forget_group *group) // expected-note{{entry point 'inode_then_forget_group'}}
{
	mutex_lock(&inode->i_lock); // expected-note{{'inode.i_lock' acquired here}}
	mutex_lock(&group->mutex); // expected-warning{{possible circular locking dependency: acquiring 'forget_group.mutex' while holding 'inode.i_lock'}}
	mutex_unlock(&group->mutex);
	mutex_unlock(&inode->i_lock);
}

/* One path uses the mark after the drop, the other does not. */
struct some_path_group {
	struct mutex mutex;
};

void drop_maybe_reuse(struct mark *mark, struct some_path_group *group, int reuse) // expected-note{{entry point 'drop_maybe_reuse'}}
{
	mutex_lock(&group->mutex); // expected-note{{'some_path_group.mutex' acquired here}}
	put_mark(mark); // expected-note{{calling 'put_mark'}}
	mutex_unlock(&group->mutex);
	if (reuse)
		mark->flags = 1;
}

void inode_then_some_path_group(struct inode *inode, struct some_path_group *group) // expected-note{{entry point 'inode_then_some_path_group'}}
{
	mutex_lock(&inode->i_lock); // expected-note{{'inode.i_lock' acquired here}}
	mutex_lock(&group->mutex); // expected-warning{{possible circular locking dependency: acquiring 'some_path_group.mutex' while holding 'inode.i_lock'}}
	mutex_unlock(&group->mutex);
	mutex_unlock(&inode->i_lock);
}

/* A test of another pointer for NULL: the mark is not used on its NULL way. */
struct other_null_group {
	struct mutex mutex;
};

void drop_if_other(struct mark *mark, struct mark *other, struct other_null_group *group) // expected-note{{entry point 'drop_if_other'}}
{
	mutex_lock(&group->mutex); // expected-note{{'other_null_group.mutex' acquired here}}
	put_mark(mark); // expected-note{{calling 'put_mark'}}
	mutex_unlock(&group->mutex);
	if (other)
		mark->flags = 1;
}

void inode_then_other_null_group(struct inode *inode, struct other_null_group *group) // expected-note{{entry point 'inode_then_other_null_group'}}
{
	mutex_lock(&inode->i_lock); // expected-note{{'inode.i_lock' acquired here}}
	mutex_lock(&group->mutex); // expected-warning{{possible circular locking dependency: acquiring 'other_null_group.mutex' while holding 'inode.i_lock'}}
	mutex_unlock(&group->mutex);
	mutex_unlock(&inode->i_lock);
}

/* The variable points to another object when it is used again. */
struct reassigned_group {
	struct mutex mutex;
};

void drop_then_next(struct mark *mark, struct mark *next, struct reassigned_group *group) // expected-note{{entry point 'drop_then_next'}}
{
	mutex_lock(&group->mutex); // expected-note{{'reassigned_group.mutex' acquired here}}
	put_mark(mark); // expected-note{{calling 'put_mark'}}
	mark = next;
	mark->flags = 1;
	mutex_unlock(&group->mutex);
}

void inode_then_reassigned_group(struct inode *inode, struct reassigned_group *group) // expected-note{{entry point 'inode_then_reassigned_group'}}
{
	mutex_lock(&inode->i_lock); // expected-note{{'inode.i_lock' acquired here}}
	mutex_lock(&group->mutex); // expected-warning{{possible circular locking dependency: acquiring 'reassigned_group.mutex' while holding 'inode.i_lock'}}
	mutex_unlock(&group->mutex);
	mutex_unlock(&inode->i_lock);
}

/* The function drops the reference itself and uses the mark after its own decrement: the
 * decrement frees nothing, the function does what the last reference asks for. */
struct own_drop_group {
	struct mutex mutex;
};

void drop_own_reference(struct mark *mark, struct own_drop_group *group) // expected-note{{entry point 'drop_own_reference'}}
{
	mutex_lock(&group->mutex); // expected-note{{'own_drop_group.mutex' acquired here}}
	if (refcount_dec_and_test(&mark->refcnt))
		drop_inode(mark->inode); // expected-note{{calling 'drop_inode'}}
	mark->flags = 1;
	mutex_unlock(&group->mutex);
}

void inode_then_own_drop_group(struct inode *inode, struct own_drop_group *group) // expected-note{{entry point 'inode_then_own_drop_group'}}
{
	mutex_lock(&inode->i_lock); // expected-note{{'inode.i_lock' acquired here}}
	mutex_lock(&group->mutex); // expected-warning{{possible circular locking dependency: acquiring 'own_drop_group.mutex' while holding 'inode.i_lock'}}
	mutex_unlock(&group->mutex);
	mutex_unlock(&inode->i_lock);
}

/* An atomic_t that counts pending work, not references: the work object outlives its
 * count reaching zero, and the use after the drop says nothing. */
struct pending_group {
	struct mutex mutex;
};

struct work {
	atomic_t pending;
	struct inode *inode;
	int done;
};

void finish_one(struct work *w, struct pending_group *group) // expected-note{{entry point 'finish_one'}}
{
	mutex_lock(&group->mutex); // expected-note{{'pending_group.mutex' acquired here}}
	if (atomic_dec_and_test(&w->pending))
		drop_inode(w->inode); // expected-note{{calling 'drop_inode'}}
	w->done = 1;
	mutex_unlock(&group->mutex);
}

void inode_then_pending_group(struct inode *inode, struct pending_group *group) // expected-note{{entry point 'inode_then_pending_group'}}
{
	mutex_lock(&inode->i_lock); // expected-note{{'inode.i_lock' acquired here}}
	mutex_lock(&group->mutex); // expected-warning{{possible circular locking dependency: acquiring 'pending_group.mutex' while holding 'inode.i_lock'}}
	mutex_unlock(&group->mutex);
	mutex_unlock(&inode->i_lock);
}
