/*
 * Mock of the kernel's <linux/mm.h> and <linux/mm_types.h> for lockcheck testdata: only
 * what cases use. The fault handler that calls vm_operations_struct's methods with
 * mmap_lock held is arch code (arch/x86/mm/fault.c), not here: that the lock is held on
 * entry comes from the rules (Documentation/filesystems/locking.rst, vm_operations_struct).
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/rwsem.h>

struct file;

struct mm_struct {
	struct rw_semaphore mmap_lock;
};

struct vm_area_struct {
	struct mm_struct *vm_mm;
	struct file *vm_file;
	const struct vm_operations_struct *vm_ops;
};

struct vm_fault {
	struct vm_area_struct *vma;
};

typedef unsigned int vm_fault_t;

#define VM_FAULT_LOCKED 0x000200

struct vm_operations_struct {
	vm_fault_t (*fault)(struct vm_fault *vmf);
	vm_fault_t (*page_mkwrite)(struct vm_fault *vmf);
};

#endif /* _LINUX_MM_H */
