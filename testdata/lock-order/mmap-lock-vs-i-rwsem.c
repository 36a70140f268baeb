// lockcheck-args: --checkers=lock-order
// The classic inversion between a write and a page fault on the same file: ->write_iter
// holds i_rwsem while it copies from the user buffer, whose page fault takes mmap_lock;
// a fault on a shared mapping holds mmap_lock when it calls ->page_mkwrite, which here
// takes i_rwsem (v5.16's "gfs2: Fix mmap + page fault deadlocks for buffered I/O",
// 00bfe02f4796, and the reason generic_perform_write() faults the source in first). The
// fault handler is arch code: that mmap_lock is held on entry to ->page_mkwrite comes from
// the rule locking-rst-vm-operations-struct-page-mkwrite-mmap-lock. The safe look-alikes
// are mmap-lock-vs-i-rwsem-safe.c.
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

struct page;

static ssize_t fs_write_iter(struct kiocb *iocb, struct iov_iter *from) // expected-note{{entry point 'fs_write_iter' via 'fs_file_operations.write_iter'}}
{
	struct inode *inode = file_inode(iocb->ki_filp);
	ssize_t copied;

	inode_lock(inode); // expected-note{{'inode.i_rwsem' acquired here}}
	copied = copy_page_from_iter((struct page *)0, 0, 64, from); // expected-note{{existing dependency 'inode.i_rwsem' -> 'mm_struct.mmap_lock': 'mm_struct.mmap_lock' acquired while 'inode.i_rwsem' is held}}
	inode_unlock(inode);
	return copied;
}

static const struct file_operations fs_file_operations = {
	.write_iter = fs_write_iter,
};

static vm_fault_t fs_page_mkwrite(struct vm_fault *vmf) // expected-note{{entry point 'fs_page_mkwrite' via 'fs_vm_ops.page_mkwrite'}}
// expected-note@-1{{'mm_struct.mmap_lock' is held on entry to 'vm_operations_struct.page_mkwrite' (Documentation/filesystems/locking.rst:650)}}
{
	struct inode *inode = file_inode(vmf->vma->vm_file);

	inode_lock(inode); // expected-warning{{possible circular locking dependency: acquiring 'inode.i_rwsem' while holding 'mm_struct.mmap_lock'}}
	inode->i_size = 0;
	inode_unlock(inode);
	return VM_FAULT_LOCKED;
}

static const struct vm_operations_struct fs_vm_ops = {
	.page_mkwrite = fs_page_mkwrite,
};
