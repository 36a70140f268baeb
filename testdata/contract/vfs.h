/*
 * The few VFS and iomap pieces the contract cases share (linux 6.1 shapes, reduced): an
 * inode with i_rwsem, the file_operations and inode_operations slots the rules speak of,
 * and the O_DSYNC path from iomap's direct IO completion to ->fsync. Each case defines
 * the file systems around them.
 */
#ifndef CONTRACT_VFS_H
#define CONTRACT_VFS_H

#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/types.h>

struct task_struct {
	void *journal_info;
};
extern struct task_struct *get_current(void);
#define current get_current()

struct inode {
	struct rw_semaphore i_rwsem;
	long long i_size;
};
struct dentry {
	struct inode *d_inode;
};
struct iattr {
	long long ia_size;
};
struct file;
struct kiocb {
	struct file *ki_filp;
	long long ki_pos;
};
struct file_operations {
	long (*write_iter)(struct kiocb *iocb);
	int (*fsync)(struct file *file, int datasync);
	int (*release)(struct inode *inode, struct file *file);
};
struct inode_operations {
	int (*setattr)(struct dentry *dentry, struct iattr *attr);
};
struct file {
	struct inode *f_inode;
	const struct file_operations *f_op;
};

static inline void inode_lock(struct inode *inode)
{
	down_write(&inode->i_rwsem);
}
static inline void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}
static inline void inode_lock_shared(struct inode *inode)
{
	down_read(&inode->i_rwsem);
}
static inline void inode_unlock_shared(struct inode *inode)
{
	up_read(&inode->i_rwsem);
}

/* fs/sync.c */
static inline int vfs_fsync(struct file *file, int datasync)
{
	return file->f_op->fsync(file, datasync);
}

struct iomap_dio_ops {
	int (*end_io)(struct kiocb *iocb, long size, int error, unsigned int flags);
};

/* fs/iomap/direct-io.c, reduced to the completion of a synchronous O_DSYNC write. */
static inline long iomap_dio_rw(struct kiocb *iocb, const struct iomap_dio_ops *dops)
{
	long ret = 0;

	if (dops && dops->end_io)
		ret = dops->end_io(iocb, 4096, 0, 0);
	if (ret >= 0)
		ret = vfs_fsync(iocb->ki_filp, 1);
	return ret;
}

#endif
