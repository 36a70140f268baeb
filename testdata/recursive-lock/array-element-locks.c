// Two elements of one array of locks are two locks: f2fs takes
// `fi->i_gc_rwsem[WRITE]` and then `fi->i_gc_rwsem[READ]` (f2fs_dio_write_iter in linux
// 6.1). A constant subscript is part of which object a lock is; the same element twice
// is a recursion, and elements whose subscripts are not constants cannot be told apart.
#include <linux/rwsem.h>

#define READ 0
#define WRITE 1

struct gc_inode {
	struct rw_semaphore i_gc_rwsem[2];
};

void ok_two_elements(struct gc_inode *fi)
{
	down_read(&fi->i_gc_rwsem[WRITE]);
	down_read(&fi->i_gc_rwsem[READ]);
	up_read(&fi->i_gc_rwsem[READ]);
	up_read(&fi->i_gc_rwsem[WRITE]);
}

void bad_same_element(struct gc_inode *fi) // expected-note{{entry point 'bad_same_element'}}
{
	down_write(&fi->i_gc_rwsem[WRITE]); // expected-note{{'gc_inode.i_gc_rwsem' acquired here}}
	down_write(&fi->i_gc_rwsem[WRITE]); // expected-warning{{acquiring 'gc_inode.i_gc_rwsem' that is already held}}
	up_write(&fi->i_gc_rwsem[WRITE]);
	up_write(&fi->i_gc_rwsem[WRITE]);
}

void bad_variable_elements(struct gc_inode *fi, int a, int b) // expected-note{{entry point 'bad_variable_elements'}}
{
	down_write(&fi->i_gc_rwsem[a]); // expected-note{{'gc_inode.i_gc_rwsem' acquired here}}
	down_write(&fi->i_gc_rwsem[b]); // expected-warning{{acquiring 'gc_inode.i_gc_rwsem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&fi->i_gc_rwsem[b]);
	up_write(&fi->i_gc_rwsem[a]);
}
