// lockcheck-args: --checkers=imbalance
// Lock helpers whose caller's object chooses the lock, read through what the
// object's test looks like in linux 6.1:
// - a predicate whose result only its argument decides: hugetlb_vma_lock_read()
//   (mm/hugetlb.c:273-284) takes one of two locks as __vma_shareable_lock(vma) or
//   __vma_private_lock(vma) says, each `return` of reads of vma and calls of other
//   such predicates;
// - an unsigned field compared `> 0`: btrfs_zoned_meta_io_lock() (fs/btrfs/zoned.h:371)
//   returns early `if (!btrfs_is_zoned(fs_info))`, whose body is `return
//   fs_info->zone_size > 0;`;
// - a predicate of what a parameter reads through fields:
//   btrfs_zoned_data_reloc_lock() (fs/btrfs/zoned.h:398) locks `if
//   (btrfs_is_data_reloc_root(root) && btrfs_is_zoned(root->fs_info))` with `root =
//   inode->root`;
// - a field of a struct member: fat_lock_build_inode() (fs/fat/inode.c:581) tests
//   `sbi->options.nfs == FAT_NFS_NOSTALE_RO`;
// - a field of a struct passed by value: fdput_pos() (include/linux/file.h:78) tests
//   `f.flags & FDPUT_POS_UNLOCK`.
// Each returns with the held set its argument chose; where the argument leaves it
// open, the value returned may tell it, as for any trylock (area_trylock_write()),
// but an error return holding a lock taken by waiting stays reported. A predicate that reads more
// than its argument (a global, a callee's result) is no input, nor is a predicate
// of an object the helper stored into first, nor one of a local assigned again:
// all are reported.
#include <linux/rwsem.h>
#include <linux/mutex.h>
#include <linux/types.h>

#define AREA_MAYSHARE 0x80
#define AREA_SHARED 0x08
#define RESV_OWNER 0x1
#define RESV_MASK 0x3
#define BUILD_BUG_ON_INVALID(e) ((void)(sizeof((long)(e))))

struct area_lock {
	struct rw_semaphore rw_sema;
};

struct area {
	unsigned long flags;
	void *private_data;
};

static inline unsigned long area_private_data(struct area *a)
{
	return (unsigned long)a->private_data;
}

static inline int area_resv_set(struct area *a, unsigned long flag)
{
	BUILD_BUG_ON_INVALID(a->flags & AREA_SHARED);
	return (area_private_data(a) & flag) != 0;
}

static int area_shareable_lock(struct area *a)
{
	return a->flags & (AREA_MAYSHARE | AREA_SHARED) && a->private_data;
}

static int area_private_lock(struct area *a)
{
	return !(a->flags & AREA_MAYSHARE) && area_private_data(a) & ~RESV_MASK &&
	       area_resv_set(a, RESV_OWNER);
}

extern struct rw_semaphore resv_sema;

void area_lock_read(struct area *a)
{
	if (area_shareable_lock(a)) {
		struct area_lock *lock = a->private_data;

		down_read(&lock->rw_sema);
	} else if (area_private_lock(a)) {
		down_read(&resv_sema);
	}
}

void area_unlock_read(struct area *a)
{
	if (area_shareable_lock(a)) {
		struct area_lock *lock = a->private_data;

		up_read(&lock->rw_sema);
	} else if (area_private_lock(a)) {
		up_read(&resv_sema);
	}
}

/*
 * hugetlb_vma_trylock_write() (mm/hugetlb.c:325-339): the trylock's convention for each
 * kind of mapping, and `return 1` holding nothing for neither.
 */
int area_trylock_write(struct area *a)
{
	if (area_shareable_lock(a)) {
		struct area_lock *lock = a->private_data;

		return down_write_trylock(&lock->rw_sema);
	} else if (area_private_lock(a)) {
		return down_write_trylock(&resv_sema);
	}
	return 1;
}

extern int area_busy(struct area *a);

int bad_area_lock_write_checked(struct area *a) // expected-warning{{'bad_area_lock_write_checked' returns with 'area_lock.rw_sema' held on some paths and not on others}} expected-note{{entry point 'bad_area_lock_write_checked'}}
{
	if (area_shareable_lock(a)) {
		struct area_lock *lock = a->private_data;

		down_write(&lock->rw_sema); // expected-note{{'area_lock.rw_sema' acquired here}}
		if (area_busy(a))
			return -16;
		up_write(&lock->rw_sema);
		return 0;
	}
	return 1;
}

struct fs_info {
	unsigned long long zone_size;
	struct mutex zoned_io_lock;
};

static inline bool fs_is_zoned(const struct fs_info *fs)
{
	return fs->zone_size > 0;
}

void zoned_io_lock(struct fs_info *fs)
{
	if (!fs_is_zoned(fs))
		return;
	mutex_lock(&fs->zoned_io_lock);
}

struct fs_root {
	struct fs_info *fs_info;
	unsigned long long objectid;
};

struct fs_inode {
	struct fs_root *root;
};

static inline bool fs_is_reloc_root(const struct fs_root *root)
{
	return root->objectid == 7;
}

void reloc_io_lock(struct fs_inode *inode)
{
	struct fs_root *root = inode->root;

	if (fs_is_reloc_root(root) && fs_is_zoned(root->fs_info))
		mutex_lock(&root->fs_info->zoned_io_lock);
}

void bad_reloc_io_lock_moved_root(struct fs_inode *inode, struct fs_root *other) // expected-warning{{'bad_reloc_io_lock_moved_root' returns with 'fs_info.zoned_io_lock' held on some paths and not on others}} expected-note{{entry point 'bad_reloc_io_lock_moved_root'}}
{
	struct fs_root *root = inode->root;

	if (other)
		root = other;
	if (fs_is_zoned(root->fs_info))
		mutex_lock(&root->fs_info->zoned_io_lock); // expected-note{{'fs_info.zoned_io_lock' acquired here}}
}

struct sb_options {
	unsigned short mode;
	unsigned nfs:2;
};

struct sb_info {
	struct sb_options options;
	struct mutex build_lock;
};

void lock_build(struct sb_info *sbi)
{
	if (sbi->options.nfs == 2)
		mutex_lock(&sbi->build_lock);
}

#define FD_POS_UNLOCK 2

struct fd_pos {
	struct mutex *pos_lock;
	unsigned int flags;
};

void fd_pos_put(struct fd_pos f)
{
	if (f.flags & FD_POS_UNLOCK)
		mutex_unlock(f.pos_lock);
}

extern int zoned_enabled;

static int fs_is_zoned_globally(const struct fs_info *fs)
{
	return zoned_enabled && fs->zone_size;
}

void bad_zoned_io_lock_global(struct fs_info *fs) // expected-warning{{'bad_zoned_io_lock_global' returns with 'fs_info.zoned_io_lock' held on some paths and not on others}} expected-note{{entry point 'bad_zoned_io_lock_global'}}
{
	if (fs_is_zoned_globally(fs))
		mutex_lock(&fs->zoned_io_lock); // expected-note{{'fs_info.zoned_io_lock' acquired here}}
}

extern unsigned long long probe_zone_size(const struct fs_info *fs);

static int fs_zone_probed(const struct fs_info *fs)
{
	return probe_zone_size(fs) != 0;
}

void bad_zoned_io_lock_probed(struct fs_info *fs) // expected-warning{{'bad_zoned_io_lock_probed' returns with 'fs_info.zoned_io_lock' held on some paths and not on others}} expected-note{{entry point 'bad_zoned_io_lock_probed'}}
{
	if (fs_zone_probed(fs))
		mutex_lock(&fs->zoned_io_lock); // expected-note{{'fs_info.zoned_io_lock' acquired here}}
}

void bad_area_lock_after_store(struct area *a, void *data) // expected-warning{{'bad_area_lock_after_store' returns with 'resv_sema' held on some paths and not on others}} expected-note{{entry point 'bad_area_lock_after_store'}}
{
	a->private_data = data;
	if (area_private_lock(a))
		down_read(&resv_sema); // expected-note{{'resv_sema' acquired here}}
}
