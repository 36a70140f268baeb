// A test of a parameter the body has changed on the way to it tests the new value, not
// the caller's argument: `flags |= LOCK_INODE; if (flags & LOCK_INODE)` takes the lock
// whatever the caller passed, and so does a local computed from the changed parameter or
// a switch on it. A change the test cannot be reached from (after it, with no way back)
// leaves the argument's value decided.
// These callers are incomplete on purpose (they return holding what they took).
// lockcheck-args: --checkers=recursive-lock
#include <linux/rwsem.h>

#define LOCK_INODE 1
#define WRITE 2

struct inode {
	struct rw_semaphore i_rwsem;
};

static void lock_if_asked(struct inode *inode, int flags)
{
	if (flags & LOCK_INODE)
		down_write(&inode->i_rwsem);
	flags = 0;
}

static void lock_forced(struct inode *inode, int flags)
{
	flags |= LOCK_INODE;
	if (flags & LOCK_INODE)
		down_write(&inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
}

static void lock_for_write(struct inode *inode, int flags)
{
	int write;

	flags = WRITE;
	write = flags & WRITE;
	if (write)
		down_write(&inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
}

static void lock_by_mode(struct inode *inode, int mode)
{
	if (!mode)
		mode = LOCK_INODE;
	switch (mode) {
	case LOCK_INODE:
		down_write(&inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
		break;
	default:
		break;
	}
}

void ok_not_asked(struct inode *inode)
{
	down_write(&inode->i_rwsem);
	lock_if_asked(inode, 0);
}

void bad_forced(struct inode *inode) // expected-note{{entry point 'bad_forced'}}
{
	down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	lock_forced(inode, 0); // expected-note{{calling 'lock_forced'}}
}

void bad_write_computed_after_change(struct inode *inode) // expected-note{{entry point 'bad_write_computed_after_change'}}
{
	down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	lock_for_write(inode, 0); // expected-note{{calling 'lock_for_write'}}
}

void bad_mode_defaulted(struct inode *inode) // expected-note{{entry point 'bad_mode_defaulted'}}
{
	down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	lock_by_mode(inode, 0); // expected-note{{calling 'lock_by_mode'}}
}
