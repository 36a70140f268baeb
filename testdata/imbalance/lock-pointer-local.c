// lockcheck-args: --checkers=imbalance
// A pointer local that says which locks are held: linux 6.1's __d_unalias()
// (fs/dcache.c:3095-3120). m1 and m2 start NULL and take a lock's address once
// its trylock succeeded; the common exit releases `if (m2)` and `if (m1)`. An
// object's address is never NULL, so the way that set m1 goes into `if (m1)`,
// and no return holds a lock. Reported before (docs/triage-linux-6.1.md,
// lock-pointer-local). bad_unalias() returns early before it has set m1,
// still holding the mutex: the pointer local hides no imbalance.
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/types.h>

// As in the kernel, the locks are not the first fields: the address of a
// first field is NULL where the pointer is.
struct super_block {
	unsigned long s_flags;
	struct mutex s_vfs_rename_mutex;
};

struct inode {
	unsigned int i_mode;
	struct rw_semaphore i_rwsem;
};

struct dentry {
	struct dentry *d_parent;
	struct inode *d_inode;
	struct super_block *d_sb;
};

void d_move_locked(struct dentry *alias, struct dentry *dentry);

int d_unalias(struct dentry *dentry, struct dentry *alias)
{
	struct mutex *m1 = NULL;
	struct rw_semaphore *m2 = NULL;
	int ret = -ESTALE;

	if (alias->d_parent == dentry->d_parent)
		goto out_unalias;
	if (!mutex_trylock(&dentry->d_sb->s_vfs_rename_mutex))
		goto out_err;
	m1 = &dentry->d_sb->s_vfs_rename_mutex;
	if (!down_read_trylock(&alias->d_parent->d_inode->i_rwsem))
		goto out_err;
	m2 = &alias->d_parent->d_inode->i_rwsem;
out_unalias:
	d_move_locked(alias, dentry);
	ret = 0;
out_err:
	if (m2)
		up_read(m2);
	if (m1)
		mutex_unlock(m1);
	return ret;
}

int bad_unalias(struct dentry *dentry, struct dentry *alias) // expected-warning{{'bad_unalias' returns with 'super_block.s_vfs_rename_mutex' held on some paths and not on others}} expected-note{{entry point 'bad_unalias'}}
{
	struct mutex *m1 = NULL;

	mutex_lock(&dentry->d_sb->s_vfs_rename_mutex); // expected-note{{'super_block.s_vfs_rename_mutex' acquired here}}
	if (!alias->d_inode)
		return -ESTALE;
	m1 = &dentry->d_sb->s_vfs_rename_mutex;
	d_move_locked(alias, dentry);
	if (m1)
		mutex_unlock(m1);
	return 0;
}
