// A local struct initialised with constants and passed by address carries them into
// the callee. iomap's seek and fiemap set `.flags = IOMAP_REPORT` in their struct
// iomap_iter, iomap_read_folio() leaves flags out (0), iomap_iter() passes
// iter->flags on to the file system's ->iomap_end, and gfs2_iomap_end() (linux 6.1,
// fs/gfs2/bmap.c:1143) returns at the default of `switch (flags & (IOMAP_WRITE |
// IOMAP_ZERO))`, before gfs2_quota_unlock() can take the quota inode's i_rwsem.
#include <linux/rwsem.h>
#include <linux/types.h>

#define IOMAP_WRITE (1 << 0)
#define IOMAP_ZERO (1 << 1)
#define IOMAP_REPORT (1 << 2)

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
	up_write(&inode->i_rwsem);
}

static int fs_iomap_end(struct inode *inode, loff_t pos, unsigned int flags)
{
	switch (flags & (IOMAP_WRITE | IOMAP_ZERO)) {
	case IOMAP_WRITE:
		break;
	case IOMAP_ZERO:
		break;
	default:
		return 0;
	}
	quota_unlock(inode); // expected-note{{calling 'quota_unlock'}}
	return 0;
}

static const struct iomap_ops fs_iomap_ops = {
	.iomap_end = fs_iomap_end,
};

static int iomap_iter(struct iomap_iter *iter, const struct iomap_ops *ops)
{
	return ops->iomap_end(iter->inode, iter->pos, iter->flags); // expected-note{{resolves to 'fs_iomap_end'}}
}

int seek_data(struct inode *inode, loff_t pos)
{
	struct iomap_iter iter = { .inode = inode, .pos = pos, .flags = IOMAP_REPORT };

	down_write(&inode->i_rwsem);
	iomap_iter(&iter, &fs_iomap_ops);
	up_write(&inode->i_rwsem);
	return 0;
}

int read_folio(struct inode *inode, loff_t pos)
{
	struct iomap_iter iter = { .inode = inode, .pos = pos };

	down_write(&inode->i_rwsem);
	iomap_iter(&iter, &fs_iomap_ops);
	up_write(&inode->i_rwsem);
	return 0;
}

// Written after its initializer, the field is no constant: zeroing is reported.
int zero_range(struct inode *inode, loff_t pos, bool zero) // expected-note{{entry point 'zero_range'}}
{
	struct iomap_iter iter = { .inode = inode, .pos = pos, .flags = IOMAP_REPORT };

	if (zero)
		iter.flags = IOMAP_ZERO;
	down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	iomap_iter(&iter, &fs_iomap_ops); // expected-note{{calling 'iomap_iter'}}
	up_write(&inode->i_rwsem);
	return 0;
}
