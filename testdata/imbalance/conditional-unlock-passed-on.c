// lockcheck-args: --checkers=imbalance
// A helper that releases its caller's locks by its flags: linux 6.1's xfs_iunlock()
// (fs/xfs/xfs_inode.c:254-284) unlocks i_rwsem, invalidate_lock and the ILOCK by the
// bits of its lock_flags argument. Its returns differ by its input only, which is its
// contract (flags-bit-lock-helper.c): not reported. xfs_inode_item_release()
// (fs/xfs/xfs_inode_item.c:789-806) calls it `if (lock_flags)`; it only passes the
// helper's state on, and is not reported either (it was, for each of the three locks:
// docs/triage-linux-6.1.md, conditional-lock-helper). A helper that releases by what
// a callee says is reported once, there, where its paths join at the return
// disagreeing: obj_unlock_if_owner(); item_release_owned() passes it on, silent. A
// helper that releases its lock on every path is no such thing: a function that calls
// it by a callee's result, item_put_sometimes() below, is reported itself.
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

extern int obj_owned(struct obj *o);
extern int item_busy(struct item *ip);

static void obj_unlock(struct obj *o, unsigned int flags)
{
	if (flags & OBJ_IOLOCK)
		mutex_unlock(&o->iolock);
	if (flags & OBJ_ILOCK)
		spin_unlock(&o->ilock);
}

void item_release(struct item *ip)
{
	unsigned int lock_flags = ip->lock_flags;

	ip->lock_flags = 0;
	if (lock_flags)
		obj_unlock(ip->obj, lock_flags);
}

void item_unlock_all(struct item *ip)
{
	obj_unlock(ip->obj, OBJ_IOLOCK | OBJ_ILOCK);
}

static void obj_unlock_if_owner(struct obj *o) // expected-warning{{'obj_unlock_if_owner' returns with 'obj.iolock' held on some paths and not on others}}
{
	if (obj_owned(o))
		mutex_unlock(&o->iolock);
}

void item_release_owned(struct item *ip) // expected-note{{entry point 'item_release_owned'}}
{
	unsigned int lock_flags = ip->lock_flags;

	ip->lock_flags = 0;
	if (lock_flags)
		obj_unlock_if_owner(ip->obj); // expected-note{{calling 'obj_unlock_if_owner'}}
}

static void obj_iounlock(struct obj *o)
{
	mutex_unlock(&o->iolock);
}

void item_put_sometimes(struct item *ip) // expected-warning{{'item_put_sometimes' returns with 'obj.iolock' held on some paths and not on others}}
{ // expected-note@-1{{entry point 'item_put_sometimes'}}
	if (item_busy(ip))
		obj_iounlock(ip->obj);
}
