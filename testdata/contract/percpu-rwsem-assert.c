// A percpu_rw_semaphore is a lock of its own (annotations/percpu-rwsem.yaml): fs/locks.c
// (linux 6.1) takes `file_rwsem` with percpu_down_read() around its walk of an inode's
// lock list (locks.c:1111-1303), and locks_delete_global_locks() asserts it with
// percpu_rwsem_assert_held() (locks.c:619). Only a caller that does not take it is
// reported.
#include <linux/lockdep.h>
#include <linux/percpu-rwsem.h>

static struct percpu_rw_semaphore file_rwsem;

static void delete_global_locks(void)
{
	percpu_rwsem_assert_held(&file_rwsem); // expected-warning{{lockdep_assert_held() of 'file_rwsem' is reached without it held}}
}

void posix_lock_inode(void)
{
	percpu_down_read(&file_rwsem);
	delete_global_locks();
	percpu_up_read(&file_rwsem);
}

void unlocked_delete(void) // expected-note{{entry point 'unlocked_delete'}}
{
	delete_global_locks(); // expected-note{{calling 'delete_global_locks'}}
}
