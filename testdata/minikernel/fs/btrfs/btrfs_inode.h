/* btrfs's in-memory inode and its lock wrapper, as in v6.1 btrfs_inode.h and ctree.h. */
#ifndef BTRFS_INODE_H
#define BTRFS_INODE_H

#include <linux/container_of.h>
#include <linux/fs.h>
#include <linux/iomap.h>

struct btrfs_inode {
	/* Keeps page faults out while fsync logs the inode; taken after i_rwsem. */
	struct rw_semaphore i_mmap_lock;
	struct inode vfs_inode;
};

static inline struct btrfs_inode *BTRFS_I(struct inode *inode)
{
	return container_of(inode, struct btrfs_inode, vfs_inode);
}

#define BTRFS_ILOCK_SHARED (1U << 0)
#define BTRFS_ILOCK_TRY (1U << 1)
#define BTRFS_ILOCK_MMAP (1U << 2)

int btrfs_inode_lock(struct inode *inode, unsigned int ilock_flags);
void btrfs_inode_unlock(struct inode *inode, unsigned int ilock_flags);

extern const struct iomap_ops btrfs_dio_iomap_ops;
extern const struct iomap_dio_ops btrfs_dio_ops;

#endif /* BTRFS_INODE_H */
