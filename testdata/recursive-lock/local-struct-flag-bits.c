// A local struct's flags field that the function changes with `|=` and `&= ~` after its
// initializer still has known bits: those the initializer and every store leave set,
// and those no store can set. Linux 6.1's __iomap_dio_rw() (fs/iomap/direct-io.c:486-565)
// builds `struct iomap_iter iomi = { ..., .flags = IOMAP_DIRECT }` and adds IOMAP_WRITE
// on its write path, IOMAP_NOWAIT and IOMAP_OVERWRITE_ONLY on others; iomap_iter()
// passes iter->flags on to ->iomap_end, and gfs2_iomap_end() (fs/gfs2/bmap.c:1143-1153)
// returns for a direct write, and for anything but a write or a zeroing, before
// gfs2_quota_unlock() can take the quota inode's i_rwsem. Direct I/O under the file's
// i_rwsem (gfs2_file_direct_write) is silent; a buffered write, without IOMAP_DIRECT,
// and a direct write that may drop IOMAP_DIRECT are reported.
#include <linux/rwsem.h>
#include <linux/types.h>

#define IOMAP_WRITE (1 << 0)
#define IOMAP_ZERO (1 << 1)
#define IOMAP_DIRECT (1 << 4)
#define IOMAP_NOWAIT (1 << 5)
#define IOMAP_OVERWRITE_ONLY (1 << 6)

struct inode {
	struct rw_semaphore i_rwsem;
};

struct iomap_iter {
	struct inode *inode;
	loff_t pos;
	unsigned int flags;
};

struct iomap_ops {
	int (*iomap_end)(struct inode *inode, loff_t pos, unsigned int flags);
};

static void quota_unlock(struct inode *inode)
{
	down_write(&inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
	// expected-note@-1{{could not prove that both acquisitions lock the same object}}
	// expected-warning@-2{{acquiring 'inode.i_rwsem' that is already held}}
	// expected-note@-3{{could not prove that both acquisitions lock the same object}}
	up_write(&inode->i_rwsem);
}

static int fs_iomap_end(struct inode *inode, loff_t pos, unsigned int flags)
{
	switch (flags & (IOMAP_WRITE | IOMAP_ZERO)) {
	case IOMAP_WRITE:
		if (flags & IOMAP_DIRECT)
			return 0;
		break;
	case IOMAP_ZERO:
		break;
	default:
		return 0;
	}
	quota_unlock(inode); // expected-note 2{{calling 'quota_unlock'}}
	return 0;
}

static const struct iomap_ops fs_iomap_ops = {
	.iomap_end = fs_iomap_end,
};

static int iomap_iter(struct iomap_iter *iter, const struct iomap_ops *ops)
{
	return ops->iomap_end(iter->inode, iter->pos, iter->flags); // expected-note 2{{resolves to 'fs_iomap_end'}}
}

static int dio_rw(struct inode *inode, loff_t pos, bool write, bool nowait, bool overwrite)
{
	struct iomap_iter iomi = { .inode = inode, .pos = pos, .flags = IOMAP_DIRECT };

	if (!write) {
		if (nowait)
			iomi.flags |= IOMAP_NOWAIT;
	} else {
		iomi.flags |= IOMAP_WRITE;
		if (nowait)
			iomi.flags |= IOMAP_NOWAIT;
	}
	if (overwrite)
		iomi.flags |= IOMAP_OVERWRITE_ONLY;
	else
		iomi.flags &= ~IOMAP_NOWAIT;
	return iomap_iter(&iomi, &fs_iomap_ops);
}

// ok: IOMAP_DIRECT is known one, IOMAP_ZERO known zero.
int ok_direct_write(struct inode *inode, loff_t pos)
{
	down_write(&inode->i_rwsem);
	dio_rw(inode, pos, true, false, false);
	up_write(&inode->i_rwsem);
	return 0;
}

// bad: a buffered write has IOMAP_WRITE and no IOMAP_DIRECT, whatever NOWAIT does.
int bad_buffered_write(struct inode *inode, loff_t pos, bool nowait) // expected-note{{entry point 'bad_buffered_write'}}
{
	struct iomap_iter iter = { .inode = inode, .pos = pos, .flags = IOMAP_WRITE };

	if (nowait)
		iter.flags |= IOMAP_NOWAIT;
	down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	iomap_iter(&iter, &fs_iomap_ops); // expected-note{{calling 'iomap_iter'}}
	up_write(&inode->i_rwsem);
	return 0;
}

// bad: a direct write that falls back to buffered I/O clears IOMAP_DIRECT on one path.
int bad_direct_write_fallback(struct inode *inode, loff_t pos, bool fallback) // expected-note{{entry point 'bad_direct_write_fallback'}}
{
	struct iomap_iter iter = { .inode = inode, .pos = pos, .flags = IOMAP_DIRECT | IOMAP_WRITE };

	if (fallback)
		iter.flags &= ~IOMAP_DIRECT;
	down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	iomap_iter(&iter, &fs_iomap_ops); // expected-note{{calling 'iomap_iter'}}
	up_write(&inode->i_rwsem);
	return 0;
}
