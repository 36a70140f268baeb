// lockcheck-args: --checkers=imbalance
// Lock helpers whose flags argument says which locks to take and release: linux
// 6.1's xfs_ilock() and xfs_iunlock() (fs/xfs/xfs_inode.c:186-289) test the bits of
// lock_flags, one lock per bit (and an exclusive or a shared mode). Each returns with
// a held set its flags chose: every two returns that disagree took different branches
// on lock_flags. obj_update() takes and releases by the same bit, which the second
// test finds as the first did: balanced on both ways. bad_obj_unlock_checked()
// releases its caller's lock by its flags and by a callee's result: two of its
// returns took the same way on the flags and still disagree, which is reported.
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>

#define OBJ_IOLOCK_EXCL 0x1
#define OBJ_IOLOCK_SHARED 0x2
#define OBJ_ILOCK 0x4
#define OBJ_MMAPLOCK 0x8

struct obj {
	struct rw_semaphore iolock;
	struct mutex mmaplock;
	spinlock_t ilock;
	int count;
};

extern int obj_check(struct obj *o);

void obj_lock(struct obj *o, unsigned int flags)
{
	if (flags & OBJ_IOLOCK_EXCL)
		down_write(&o->iolock);
	else if (flags & OBJ_IOLOCK_SHARED)
		down_read(&o->iolock);
	if (flags & OBJ_MMAPLOCK)
		mutex_lock(&o->mmaplock);
	if (flags & OBJ_ILOCK)
		spin_lock(&o->ilock);
}

void obj_unlock(struct obj *o, unsigned int flags)
{
	if (flags & OBJ_IOLOCK_EXCL)
		up_write(&o->iolock);
	else if (flags & OBJ_IOLOCK_SHARED)
		up_read(&o->iolock);
	if (flags & OBJ_MMAPLOCK)
		mutex_unlock(&o->mmaplock);
	if (flags & OBJ_ILOCK)
		spin_unlock(&o->ilock);
}

void obj_update(struct obj *o, unsigned int flags)
{
	if (flags & OBJ_ILOCK)
		spin_lock(&o->ilock);
	o->count++;
	if (flags & OBJ_ILOCK)
		spin_unlock(&o->ilock);
}

void bad_obj_unlock_checked(struct obj *o, unsigned int flags) // expected-warning{{'bad_obj_unlock_checked' returns with 'obj.ilock' held on some paths and not on others}} expected-note{{entry point 'bad_obj_unlock_checked'}}
{
	if (!(flags & OBJ_ILOCK))
		return;
	if (obj_check(o))
		return;
	spin_unlock(&o->ilock);
}
