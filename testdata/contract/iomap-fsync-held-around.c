// iomap-fsync-no-io-lock, the implementation side of the seed: a file system that holds
// i_rwsem around iomap_dio_rw() must have an ->fsync that does not take it, since an
// O_DSYNC write reaches ->fsync from the direct IO completion. lockfs's ->fsync takes it
// (the seed deadlock); stubfs's skips it when current->journal_info says it runs inside
// its own direct write, as 6.1's btrfs_sync_file() does; plainfs holds nothing around
// the call, so its locking ->fsync conforms.
#include "vfs.h"

#define DIO_WRITE_STUB ((void *)1)

static int lockfs_fsync(struct file *file, int datasync)
{
	// The recursive-lock checker sees the same deadlock without the contract.
	inode_lock(file->f_inode); // expected-warning{{'lockfs_fsync' (file_operations.fsync) acquires 'inode.i_rwsem' that is held around 'iomap_dio_rw'}} expected-note{{rule 'iomap-fsync-no-io-lock'}} expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
	inode_unlock(file->f_inode);
	return 0;
}

static long lockfs_write_iter(struct kiocb *iocb) // expected-note 2 {{entry point 'lockfs_write_iter' via 'lockfs_fops.write_iter'}}
{
	struct inode *inode = iocb->ki_filp->f_inode;
	long ret;

	inode_lock(inode); // expected-note 2 {{'inode.i_rwsem' acquired here}}
	ret = iomap_dio_rw(iocb, NULL); // expected-note 2 {{calling 'iomap_dio_rw'}}
	inode_unlock(inode);
	return ret;
}

const struct file_operations lockfs_fops = {
	.write_iter = lockfs_write_iter,
	.fsync = lockfs_fsync,
};

static int stubfs_fsync(struct file *file, int datasync)
{
	bool skip_ilock = false;

	if (current->journal_info == DIO_WRITE_STUB) {
		skip_ilock = true;
		current->journal_info = NULL;
	}
	if (!skip_ilock)
		inode_lock(file->f_inode);
	if (!skip_ilock)
		inode_unlock(file->f_inode);
	return 0;
}

static long stubfs_write_iter(struct kiocb *iocb)
{
	struct inode *inode = iocb->ki_filp->f_inode;
	long ret;

	inode_lock(inode);
	current->journal_info = DIO_WRITE_STUB;
	ret = iomap_dio_rw(iocb, NULL);
	current->journal_info = NULL;
	inode_unlock(inode);
	return ret;
}

const struct file_operations stubfs_fops = {
	.write_iter = stubfs_write_iter,
	.fsync = stubfs_fsync,
};

static int plainfs_fsync(struct file *file, int datasync)
{
	inode_lock(file->f_inode);
	inode_unlock(file->f_inode);
	return 0;
}

static long plainfs_write_iter(struct kiocb *iocb)
{
	return iomap_dio_rw(iocb, NULL);
}

const struct file_operations plainfs_fops = {
	.write_iter = plainfs_write_iter,
	.fsync = plainfs_fsync,
};
