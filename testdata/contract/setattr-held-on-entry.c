// A method entered with the lock its contract says is held on entry: ->setattr runs
// with i_rwsem of the inode held exclusive (locking.rst, inode_operations), so an
// implementation that takes it again deadlocks; one that takes another lock conforms.
// lockcheck-args: --rules test-rules.yaml
#include "vfs.h"

struct lockyfs_inode {
	struct inode vfs_inode;
	struct mutex truncate_lock;
};

static int lockyfs_setattr(struct dentry *dentry, struct iattr *attr) // expected-note{{entry point 'lockyfs_setattr' via 'lockyfs_iops.setattr'}} expected-note{{'inode.i_rwsem' is held on entry to 'inode_operations.setattr' (Documentation/filesystems/locking.rst:86)}}
{
	struct inode *inode = dentry->d_inode;

	inode_lock(inode); // expected-warning{{acquiring 'inode.i_rwsem' that is held on entry to 'inode_operations.setattr'}} expected-note{{rule 'test-setattr-i-rwsem-held'}}
	inode->i_size = attr->ia_size;
	inode_unlock(inode);
	return 0;
}

const struct inode_operations lockyfs_iops = {
	.setattr = lockyfs_setattr,
};

static int calmfs_setattr(struct dentry *dentry, struct iattr *attr)
{
	struct lockyfs_inode *li = (struct lockyfs_inode *)dentry->d_inode;

	mutex_lock(&li->truncate_lock);
	li->vfs_inode.i_size = attr->ia_size;
	mutex_unlock(&li->truncate_lock);
	return 0;
}

const struct inode_operations calmfs_iops = {
	.setattr = calmfs_setattr,
};
