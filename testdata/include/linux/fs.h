/*
 * Mock of the kernel's <linux/fs.h> for lockcheck testdata: only what cases use, with
 * linux 6.1's definitions (include/linux/fs.h) for the freeze protection and inode_lock().
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/percpu-rwsem.h>
#include <linux/rwsem.h>
#include <linux/types.h>

struct iov_iter;

enum {
	SB_UNFROZEN = 0,
	SB_FREEZE_WRITE = 1,
	SB_FREEZE_PAGEFAULT = 2,
	SB_FREEZE_FS = 3,
	SB_FREEZE_COMPLETE = 4,
};

#define SB_FREEZE_LEVELS (SB_FREEZE_COMPLETE - 1)

struct sb_writers {
	int frozen;
	struct percpu_rw_semaphore rw_sem[SB_FREEZE_LEVELS];
};

struct super_block {
	struct sb_writers s_writers;
};

struct inode {
	struct rw_semaphore i_rwsem;
	struct super_block *i_sb;
	loff_t i_size;
};

struct file {
	struct inode *f_inode;
	const struct file_operations *f_op;
};

struct kiocb {
	struct file *ki_filp;
	loff_t ki_pos;
};

struct file_operations {
	ssize_t (*write_iter)(struct kiocb *iocb, struct iov_iter *from);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

static inline void inode_lock(struct inode *inode)
{
	down_write(&inode->i_rwsem);
}

static inline void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}

static inline void __sb_end_write(struct super_block *sb, int level)
{
	percpu_up_read(sb->s_writers.rw_sem + level - 1);
}

static inline void __sb_start_write(struct super_block *sb, int level)
{
	percpu_down_read(sb->s_writers.rw_sem + level - 1);
}

static inline bool __sb_start_write_trylock(struct super_block *sb, int level)
{
	return percpu_down_read_trylock(sb->s_writers.rw_sem + level - 1);
}

static inline void sb_end_write(struct super_block *sb)
{
	__sb_end_write(sb, SB_FREEZE_WRITE);
}

static inline void sb_end_pagefault(struct super_block *sb)
{
	__sb_end_write(sb, SB_FREEZE_PAGEFAULT);
}

static inline void sb_end_intwrite(struct super_block *sb)
{
	__sb_end_write(sb, SB_FREEZE_FS);
}

static inline void sb_start_write(struct super_block *sb)
{
	__sb_start_write(sb, SB_FREEZE_WRITE);
}

static inline bool sb_start_write_trylock(struct super_block *sb)
{
	return __sb_start_write_trylock(sb, SB_FREEZE_WRITE);
}

static inline void sb_start_pagefault(struct super_block *sb)
{
	__sb_start_write(sb, SB_FREEZE_PAGEFAULT);
}

static inline void sb_start_intwrite(struct super_block *sb)
{
	__sb_start_write(sb, SB_FREEZE_FS);
}

#endif /* _LINUX_FS_H */
