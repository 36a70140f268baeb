// lockcheck-args: --checkers=lock-order
// Freeze protection is a lock (include/linux/fs.h, above sb_start_write()): each level of
// sb->s_writers is a lockdep class, taken before i_rwsem. ->write_iter takes sb_writers,
// then i_rwsem, as file_start_write() before inode_lock() does in every write; a helper
// that starts the write only once it holds i_rwsem inverts the order, and a freeze queued
// between the two waits for the first while blocking the second (as lockdep reports for
// 'sb_writers#3' and '&sb->s_type->i_mutex_key#13'). ok_truncate_blocks() takes
// sb_internal, the file system's own level, which is ordered after i_rwsem.
#include <linux/fs.h>
#include <linux/uio.h>

static ssize_t fs_write_iter(struct kiocb *iocb, struct iov_iter *from) // expected-note{{entry point 'fs_write_iter' via 'fs_file_operations.write_iter'}}
{
	struct inode *inode = file_inode(iocb->ki_filp);

	sb_start_write(inode->i_sb); // expected-note{{'sb_writers' acquired here}}
	inode_lock(inode); // expected-note{{existing dependency 'sb_writers' -> 'inode.i_rwsem': 'inode.i_rwsem' acquired while 'sb_writers' is held}}
	iocb->ki_pos += 1;
	inode_unlock(inode);
	sb_end_write(inode->i_sb);
	return 1;
}

static void ok_truncate_blocks(struct inode *inode)
{
	sb_start_intwrite(inode->i_sb);
	inode->i_size = 0;
	sb_end_intwrite(inode->i_sb);
}

static long fs_ioctl(struct file *file, unsigned int cmd, unsigned long arg) // expected-note{{entry point 'fs_ioctl' via 'fs_file_operations.unlocked_ioctl'}}
{
	struct inode *inode = file_inode(file);

	inode_lock(inode); // expected-note{{'inode.i_rwsem' acquired here}}
	ok_truncate_blocks(inode);
	sb_start_write(inode->i_sb); // expected-warning{{possible circular locking dependency: acquiring 'sb_writers' while holding 'inode.i_rwsem'}}
	inode->i_size = arg;
	sb_end_write(inode->i_sb);
	inode_unlock(inode);
	return 0;
}

static const struct file_operations fs_file_operations = {
	.unlocked_ioctl = fs_ioctl,
	.write_iter = fs_write_iter,
};
