// lockcheck-args: --checkers=imbalance
// A helper that releases its caller's locks by its flags: linux 6.1's xfs_iunlock()
// (fs/xfs/xfs_inode.c:254-284) unlocks i_rwsem, invalidate_lock and the ILOCK by the
// bits of its lock_flags argument. Called with flags the analysis does not know, it
// releases each lock on some of its paths only, and that is its own behaviour: the
// finding is reported once, there, where its paths join at the return disagreeing.
// xfs_inode_item_release() (fs/xfs/xfs_inode_item.c:789-806) calls it `if
// (lock_flags)`; it only passes the helper's state on, and is not reported (it was, for
// each of the three locks: docs/triage-linux-6.1.md, conditional-lock-helper). A
// helper that releases its lock on every path is no such thing: a function that calls
// it on some paths only, item_put_sometimes() below, is reported itself.
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#define OBJ_IOLOCK 0x1
#define OBJ_ILOCK 0x2

struct obj {
	struct mutex iolock;
	spinlock_t ilock;
};

struct item {
	struct obj *obj;
	unsigned int lock_flags;
	int locked;
};

static void obj_unlock(struct obj *o, unsigned int flags) // expected-warning{{'obj_unlock' returns with 'obj.iolock' held on some paths and not on others}} expected-warning{{'obj_unlock' returns with 'obj.ilock' held on some paths and not on others}}
{
	if (flags & OBJ_IOLOCK)
		mutex_unlock(&o->iolock);
	if (flags & OBJ_ILOCK)
		spin_unlock(&o->ilock);
}

void item_release(struct item *ip) // expected-note 2 {{entry point 'item_release'}}
{
	unsigned int lock_flags = ip->lock_flags;

	ip->lock_flags = 0;
	if (lock_flags)
		obj_unlock(ip->obj, lock_flags); // expected-note 2 {{calling 'obj_unlock'}}
}

void item_unlock_all(struct item *ip)
{
	obj_unlock(ip->obj, OBJ_IOLOCK | OBJ_ILOCK);
}

static void obj_iounlock(struct obj *o)
{
	mutex_unlock(&o->iolock);
}

void item_put_sometimes(struct item *ip) // expected-warning{{'item_put_sometimes' returns with 'obj.iolock' held on some paths and not on others}}
{ // expected-note@-1{{entry point 'item_put_sometimes'}}
	int locked = ip->locked;

	if (locked)
		obj_iounlock(ip->obj);
}
