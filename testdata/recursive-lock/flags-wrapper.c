// A lock wrapper with a flags argument, shaped like xfs_ilock(): which lock it takes,
// and in which mode, depends on the flags. lockcheck summarizes it once per constant
// flags value at a call site, pruning the `lock_flags & CONST` branches, so
// obj_ilock(o, OBJ_MMAPLOCK_EXCL) does not take i_iolock. The notes inside the
// wrapper show the branch each call took.
#include <linux/rwsem.h>

#define OBJ_IOLOCK_EXCL (1u << 0)
#define OBJ_IOLOCK_SHARED (1u << 1)
#define OBJ_MMAPLOCK_EXCL (1u << 2)
#define OBJ_MMAPLOCK_SHARED (1u << 3)

struct obj {
	struct rw_semaphore i_iolock;
	struct rw_semaphore i_mmaplock;
	long size;
};

static void obj_ilock(struct obj *o, unsigned int lock_flags)
{
	if (lock_flags & OBJ_IOLOCK_EXCL)
		down_write(&o->i_iolock); // expected-note{{calling 'down_write'}}
	else if (lock_flags & OBJ_IOLOCK_SHARED)
		down_read(&o->i_iolock); // expected-note{{calling 'down_read'}}

	if (lock_flags & OBJ_MMAPLOCK_EXCL)
		down_write(&o->i_mmaplock); // expected-note{{calling 'down_write'}}
	else if (lock_flags & OBJ_MMAPLOCK_SHARED)
		down_read(&o->i_mmaplock); // expected-note{{calling 'down_read'}}
}

static void obj_iunlock(struct obj *o, unsigned int lock_flags)
{
	if (lock_flags & OBJ_MMAPLOCK_EXCL)
		up_write(&o->i_mmaplock);
	else if (lock_flags & OBJ_MMAPLOCK_SHARED)
		up_read(&o->i_mmaplock);

	if (lock_flags & OBJ_IOLOCK_EXCL)
		up_write(&o->i_iolock);
	else if (lock_flags & OBJ_IOLOCK_SHARED)
		up_read(&o->i_iolock);
}

// Shared then exclusive on one rwsem: the notes go through the down_read() and then
// the down_write() branch of obj_ilock().
void bad_shared_then_excl(struct obj *o) // expected-note{{entry point 'bad_shared_then_excl'}}
{
	obj_ilock(o, OBJ_IOLOCK_SHARED); // expected-note{{'obj.i_iolock' acquired here}}
	obj_ilock(o, OBJ_IOLOCK_EXCL); // expected-warning{{acquiring 'obj.i_iolock' that is already held}}
	o->size++;
	obj_iunlock(o, OBJ_IOLOCK_EXCL);
	obj_iunlock(o, OBJ_IOLOCK_SHARED);
}

// Look-alike of bad_shared_then_excl: the shared lock is dropped first.
void ok_shared_unlock_then_excl(struct obj *o)
{
	obj_ilock(o, OBJ_IOLOCK_SHARED);
	o->size--;
	obj_iunlock(o, OBJ_IOLOCK_SHARED);
	obj_ilock(o, OBJ_IOLOCK_EXCL);
	o->size++;
	obj_iunlock(o, OBJ_IOLOCK_EXCL);
}

// Two flags at once, then the mmap lock again: i_mmaplock is the recursion.
void bad_both_then_mmaplock(struct obj *o) // expected-note{{entry point 'bad_both_then_mmaplock'}}
{
	obj_ilock(o, OBJ_IOLOCK_EXCL | OBJ_MMAPLOCK_EXCL); // expected-note{{'obj.i_mmaplock' acquired here}}
	obj_ilock(o, OBJ_MMAPLOCK_SHARED); // expected-warning{{acquiring 'obj.i_mmaplock' that is already held}}
	o->size = 0;
	obj_iunlock(o, OBJ_MMAPLOCK_SHARED);
	obj_iunlock(o, OBJ_IOLOCK_EXCL | OBJ_MMAPLOCK_EXCL);
}

// Look-alike of bad_both_then_mmaplock: each call takes a different lock, which only
// the per-flags summary can tell.
void ok_iolock_then_mmaplock(struct obj *o)
{
	obj_ilock(o, OBJ_IOLOCK_EXCL);
	obj_ilock(o, OBJ_MMAPLOCK_EXCL);
	o->size = 0;
	obj_iunlock(o, OBJ_MMAPLOCK_EXCL);
	obj_iunlock(o, OBJ_IOLOCK_EXCL);
}
