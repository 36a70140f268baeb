// Per-task state as part of the calling context: btrfs's direct IO write (linux 6.1,
// btrfs_direct_write) holds the inode lock and sets `current->journal_info` to
// BTRFS_TRANS_DIO_WRITE_STUB around iomap_dio_complete(), whose O_DSYNC fsync reaches
// btrfs_sync_file; that ->fsync tests the marker and then skips the inode lock. The
// seed deadlock's look-alike is silent; the same write without the marker is reported.
#include <linux/rwsem.h>
#include <linux/types.h>

struct task_struct {
	void *journal_info;
};
extern struct task_struct *get_current(void);
#define current get_current()

#define DIO_WRITE_STUB ((void *)1)

struct inode {
	struct rw_semaphore i_rwsem;
};
struct file;
struct file_operations {
	int (*fsync)(struct file *file);
	long (*write_iter)(struct file *file);
};
struct file {
	struct inode *f_inode;
	const struct file_operations *f_op;
};

static void inode_lock(struct inode *inode)
{
	down_write(&inode->i_rwsem); // expected-note 2 {{calling 'down_write'}}
}
static void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}

static int stubfs_fsync(struct file *file)
{
	struct inode *inode = file->f_inode;
	bool skip_ilock = false;

	if (current->journal_info == DIO_WRITE_STUB) {
		skip_ilock = true;
		current->journal_info = NULL;
	}
	if (!skip_ilock)
		inode_lock(inode); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
	if (!skip_ilock)
		inode_unlock(inode);
	return 0;
}

static int generic_write_sync(struct file *file)
{
	return file->f_op->fsync(file); // expected-note{{'file->f_op->fsync' resolves to 'stubfs_fsync' via 'nostub_fops.fsync'}}
}

static long stubfs_write_iter(struct file *file)
{
	struct inode *inode = file->f_inode;
	int ret;

	inode_lock(inode);
	current->journal_info = DIO_WRITE_STUB;
	ret = generic_write_sync(file);
	current->journal_info = NULL;
	inode_unlock(inode);
	return ret;
}

static long nostub_write_iter(struct file *file) // expected-note{{entry point 'nostub_write_iter' via 'nostub_fops.write_iter'}}
{
	struct inode *inode = file->f_inode;
	int ret;

	inode_lock(inode); // expected-note{{'inode.i_rwsem' acquired here}}
	ret = generic_write_sync(file); // expected-note{{calling 'generic_write_sync'}}
	inode_unlock(inode);
	return ret;
}

const struct file_operations stubfs_fops = {
	.fsync = stubfs_fsync,
	.write_iter = stubfs_write_iter,
};

const struct file_operations nostub_fops = {
	.fsync = stubfs_fsync,
	.write_iter = nostub_write_iter,
};
