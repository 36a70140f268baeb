// btrfs_sync_file() in linux 6.1 takes either only i_mmap_lock or, through
// btrfs_inode_lock(), i_rwsem and i_mmap_lock, and later releases by the same
// `skip_ilock` flag. The path that locks one way and unlocks the other does not
// exist; joining the two branches would invent it, and its release of a lock the
// caller holds would hide the caller's locks from then on. lockcheck keeps the two
// ways through apart by the flag's value, so the caller's i_rwsem stays held across
// the call and its re-acquisition below is found.
#include <linux/rwsem.h>
#include <linux/types.h>

struct inode {
	struct rw_semaphore i_rwsem;
	struct rw_semaphore i_mmap_lock;
	void *journal_info;
};

static void sync_inode_flagged(struct inode *inode)
{
	bool skip_ilock = false;

	if (inode->journal_info)
		skip_ilock = true;
	if (skip_ilock) {
		down_write(&inode->i_mmap_lock);
	} else {
		down_write(&inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
		down_write(&inode->i_mmap_lock);
	}
	inode->journal_info = 0;
	if (skip_ilock) {
		up_write(&inode->i_mmap_lock);
	} else {
		up_write(&inode->i_mmap_lock);
		up_write(&inode->i_rwsem);
	}
}

// Two findings: the re-acquisition inside the helper (its i_rwsem branch is not proven
// dead: lockcheck does not follow journal_info), and the one after the call, which
// needs i_rwsem still held there.
void bad_relock_after_sync(struct inode *inode) // expected-note 2 {{entry point 'bad_relock_after_sync'}}
{
	down_write(&inode->i_rwsem); // expected-note 2 {{'inode.i_rwsem' acquired here}}
	inode->journal_info = inode;
	sync_inode_flagged(inode); // expected-note{{calling 'sync_inode_flagged'}}
	down_write(&inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
	up_write(&inode->i_rwsem);
	up_write(&inode->i_rwsem);
}
