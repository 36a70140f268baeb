// A local computed once from a flags parameter is that parameter's test: fuse's
// fuse_direct_io() (linux 6.1) starts with `int write = flags & FUSE_DIO_WRITE;` and
// takes the inode lock only `if (!write)`, while fuse_direct_write_iter() holds it and
// passes FUSE_DIO_WRITE. The write path is silent; a read caller holding the lock is not.
#include <linux/rwsem.h>

#define DIO_WRITE (1 << 0)

struct inode {
	struct rw_semaphore i_rwsem;
};

static void direct_io(struct inode *inode, int flags)
{
	int write = flags & DIO_WRITE;

	if (!write)
		down_write(&inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
	if (!write)
		up_write(&inode->i_rwsem);
}

void ok_direct_write(struct inode *inode)
{
	down_write(&inode->i_rwsem);
	direct_io(inode, DIO_WRITE);
	up_write(&inode->i_rwsem);
}

void bad_read_under_the_lock(struct inode *inode) // expected-note{{entry point 'bad_read_under_the_lock'}}
{
	down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	direct_io(inode, 0); // expected-note{{calling 'direct_io'}}
	up_write(&inode->i_rwsem);
}
