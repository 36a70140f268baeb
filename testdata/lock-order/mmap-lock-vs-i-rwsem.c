// The classic inversion between a write and a page fault on the same file: write() holds
// i_rwsem while it copies from the user buffer, whose page fault takes mmap_lock; a fault
// on a shared mapping holds mmap_lock when it calls ->page_mkwrite, which takes i_rwsem
// (the reason generic_perform_write() faults the source in before taking page locks, and
// for v5.16's "gfs2: Fix mmap + page fault deadlocks for buffered I/O"). The fault path
// that holds mmap_lock is written out here: lockcheck does not yet know that mmap_lock is
// held on entry to vm_operations_struct methods. ok_write_prefaulted() copies before it
// takes i_rwsem.
#include <linux/rwsem.h>
#include <linux/uaccess.h>

struct mm_struct {
	struct rw_semaphore mmap_lock;
};

struct inode {
	struct rw_semaphore i_rwsem;
	char data[64];
};

struct vm_fault {
	struct inode *inode;
};

struct vm_operations_struct {
	int (*page_mkwrite)(struct vm_fault *vmf);
};

struct vm_area_struct {
	const struct vm_operations_struct *vm_ops;
};

long bad_write(struct inode *inode, const void *ubuf, unsigned long len) // expected-note{{entry point 'bad_write'}}
{
	unsigned long left;

	down_write(&inode->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	left = copy_from_user(inode->data, ubuf, len); // expected-note{{existing dependency 'inode.i_rwsem' -> 'mm_struct.mmap_lock': 'mm_struct.mmap_lock' acquired while 'inode.i_rwsem' is held}}
	up_write(&inode->i_rwsem);
	return left ? -14 : (long)len;
}

long ok_write_prefaulted(struct inode *inode, const void *ubuf, unsigned long len)
{
	char buf[64];
	unsigned long left = copy_from_user(buf, ubuf, len);

	down_write(&inode->i_rwsem);
	inode->data[0] = buf[0];
	up_write(&inode->i_rwsem);
	return left ? -14 : (long)len;
}

static int fs_page_mkwrite(struct vm_fault *vmf)
{
	down_write(&vmf->inode->i_rwsem); // expected-warning{{possible circular locking dependency: acquiring 'inode.i_rwsem' while holding 'mm_struct.mmap_lock'}}
	vmf->inode->data[0] = 0;
	up_write(&vmf->inode->i_rwsem);
	return 0;
}

static const struct vm_operations_struct fs_vm_ops = {
	.page_mkwrite = fs_page_mkwrite,
};

int handle_write_fault(struct mm_struct *mm, struct vm_area_struct *vma, struct vm_fault *vmf) // expected-note{{entry point 'handle_write_fault'}}
{
	int ret;

	down_read(&mm->mmap_lock); // expected-note{{'mm_struct.mmap_lock' acquired here}}
	ret = vma->vm_ops->page_mkwrite(vmf); // expected-note{{'vma->vm_ops->page_mkwrite' resolves to 'fs_page_mkwrite' via 'fs_vm_ops.page_mkwrite'}}
	up_read(&mm->mmap_lock);
	return ret;
}
