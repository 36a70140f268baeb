/* The VFS objects of the fs-unit-inherited case: a file, its inode and mapping, and the
 * ops tables a file system fills in. */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/rwsem.h>

struct file;

struct inode {
	struct rw_semaphore i_rwsem;
};
struct file_operations {
	int (*fsync)(struct file *file);
};
struct address_space_operations {
	int (*swap_activate)(struct file *file);
};
struct address_space {
	const struct address_space_operations *a_ops;
};
struct file {
	struct inode *f_inode;
	struct address_space *f_mapping;
	const struct file_operations *f_op;
};
struct file_system_type {
	const char *name;
	int (*init_fs_context)(void *fc);
};

static inline void inode_lock(struct inode *inode)
{
	down_write(&inode->i_rwsem); // expected-note 2 {{calling 'down_write'}}
}
static inline void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}

extern int vfs_fsync(struct file *file);
extern int generic_activate(struct file *file);

/* A table only mm/ fills: its methods run in whatever file system called them. */
struct mm_helper_ops {
	int (*run)(struct file *file);
};
extern const struct mm_helper_ops *mm_helper;

#endif
