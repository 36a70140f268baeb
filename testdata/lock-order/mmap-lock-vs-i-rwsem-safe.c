// lockcheck-args: --checkers=lock-order
// expected-no-diagnostics
// The safe look-alikes of mmap-lock-vs-i-rwsem.c. ->write_iter faults the user buffer in
// before it takes i_rwsem and copies under it with page faults disabled, as
// generic_perform_write() does before it takes the page lock: no mmap_lock under i_rwsem.
// ->page_mkwrite takes i_rwsem, with mmap_lock held on entry; ->fault takes only freeze
// protection, which is ordered after mmap_lock (include/linux/fs.h, sb_start_pagefault()).
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/uio.h>

struct page;

static ssize_t fs_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	ssize_t copied;

	if (fault_in_iov_iter_readable(from, 64) == 64)
		return -14;
	inode_lock(inode);
	copied = copy_page_from_iter_atomic((struct page *)0, 0, 64, from);
	inode_unlock(inode);
	return copied;
}

static const struct file_operations fs_file_operations = {
	.write_iter = fs_write_iter,
};

static vm_fault_t fs_page_mkwrite(struct vm_fault *vmf)
{
	struct inode *inode = file_inode(vmf->vma->vm_file);

	inode_lock(inode);
	inode->i_size = 0;
	inode_unlock(inode);
	return VM_FAULT_LOCKED;
}

static vm_fault_t fs_fault(struct vm_fault *vmf)
{
	struct super_block *sb = file_inode(vmf->vma->vm_file)->i_sb;

	sb_start_pagefault(sb);
	sb_end_pagefault(sb);
	return 0;
}

static const struct vm_operations_struct fs_vm_ops = {
	.fault = fs_fault,
	.page_mkwrite = fs_page_mkwrite,
};
