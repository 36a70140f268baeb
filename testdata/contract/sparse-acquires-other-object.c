// btrfs's tree locking (fs/btrfs/locking.c, linux 6.1): btrfs_tree_lock(eb) is
// __acquires(&eb->lock), and a search locks a child extent buffer while its parent, a
// different object of the same class, is held. sparse counts a context per lock
// expression, so that is no call "with it held"; only the same buffer's lock is.
#include <linux/compiler.h>
#include "vfs.h"

struct extent_buffer {
	struct rw_semaphore lock;
	struct extent_buffer *child;
};

static void tree_lock(struct extent_buffer *eb)
	__acquires(&eb->lock) // expected-warning{{__acquires() of 'extent_buffer.lock' is reached with it held}}
{
	down_write(&eb->lock); // expected-note 3 {{calling 'down_write'}}
}

static void tree_unlock(struct extent_buffer *eb)
{
	up_write(&eb->lock);
}

void ok_lock_child_under_parent(struct extent_buffer *parent)
{
	tree_lock(parent);
	tree_lock(parent->child);
	tree_unlock(parent->child);
	tree_unlock(parent);
}

void bad_lock_twice(struct extent_buffer *eb) // expected-note 2 {{entry point 'bad_lock_twice'}}
{
	tree_lock(eb); // expected-note 2 {{'extent_buffer.lock' acquired here}}
	tree_lock(eb); // expected-note{{calling 'tree_lock'}} expected-warning{{acquiring 'extent_buffer.lock' that is already held}}
	tree_unlock(eb);
	tree_unlock(eb);
}
