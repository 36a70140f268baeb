// A local struct initialised with constants and passed by address carries them into
// the callee. iomap's seek and fiemap set `.flags = IOMAP_REPORT` in their struct
// iomap_iter, iomap_read_folio() leaves flags out (0), iomap_iter() passes
// iter->flags on to the file system's ->iomap_end, and gfs2_iomap_end() (linux 6.1,
// fs/gfs2/bmap.c:1143-1153) returns for a direct write and at the default of
// `switch (flags & (IOMAP_WRITE | IOMAP_ZERO))`, before gfs2_quota_unlock() can take
// the quota inode's i_rwsem.
// A field changed with `|=` and `&= ~` after its initializer still has known bits:
// those the initializer and every store leave set, and those no store can set.
// __iomap_dio_rw() (fs/iomap/direct-io.c:486-565) starts from `.flags = IOMAP_DIRECT`
// and adds IOMAP_WRITE on its write path, IOMAP_NOWAIT and IOMAP_OVERWRITE_ONLY on
// others: gfs2's direct write under the file's i_rwsem is silent; a buffered write,
// without IOMAP_DIRECT, and a write that may drop IOMAP_DIRECT are reported.
#include <linux/iomap.h>

static void quota_unlock(struct inode *inode)
{
	down_write(&inode->i_rwsem); // expected-warning 3{{acquiring 'inode.i_rwsem' that is already held}}
	// expected-note@-1 3{{could not prove that both acquisitions lock the same object}}
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
	quota_unlock(inode); // expected-note 3{{calling 'quota_unlock'}}
	return 0;
}

static const struct iomap_ops fs_iomap_ops = {
	.iomap_end = fs_iomap_end,
};

static int iomap_iter(struct iomap_iter *iter, const struct iomap_ops *ops)
{
	return ops->iomap_end(iter->inode, iter->pos, iter->flags); // expected-note 3{{resolves to 'fs_iomap_end'}}
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
