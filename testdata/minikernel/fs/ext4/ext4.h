/* ext4's in-memory inode, after fs/ext4/ext4.h. */
#ifndef _EXT4_H
#define _EXT4_H

#include <linux/container_of.h>
#include <linux/fs.h>

struct ext4_inode_info {
	/* Protects the extent tree; taken inside i_rwsem. */
	struct rw_semaphore i_data_sem;
	loff_t i_disksize;
	struct inode vfs_inode;
};

static inline struct ext4_inode_info *EXT4_I(struct inode *inode)
{
	return container_of(inode, struct ext4_inode_info, vfs_inode);
}

int ext4_sync_file(struct file *file, loff_t start, loff_t end, int datasync);

#endif /* _EXT4_H */
