// must-not-acquire and may-block: false, checked at every implementation of the method
// entered as an entry point, through the calls it makes.
// lockcheck-args: --rules test-rules.yaml
#include "vfs.h"

static void badfs_flush(struct inode *inode)
{
	inode_lock(inode); // expected-warning{{'file_operations.release' implementation acquires 'inode.i_rwsem'}} expected-warning{{'file_operations.release' implementation, which must not block, acquires 'inode.i_rwsem'}} expected-note 2 {{rule 'test-release-no-i-rwsem'}}
	inode->i_size = 0;
	inode_unlock(inode);
}

static int badfs_release(struct inode *inode, struct file *file) // expected-note 2 {{entry point 'badfs_release' via 'badfs_fops.release'}}
{
	badfs_flush(inode); // expected-note 2 {{calling 'badfs_flush'}}
	return 0;
}

const struct file_operations badfs_fops = {
	.release = badfs_release,
};

static int okfs_release(struct inode *inode, struct file *file)
{
	inode->i_size = 0;
	return 0;
}

const struct file_operations okfs_fops = {
	.release = okfs_release,
};
