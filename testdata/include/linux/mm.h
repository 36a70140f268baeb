/*
 * Mock of the kernel's <linux/mm.h> and <linux/mm_types.h> for lockcheck testdata: only
 * what cases use. The fault handler that calls vm_operations_struct's methods with
 * mmap_lock held is arch code (arch/x86/mm/fault.c), not here: that the lock is held on
 * entry comes from the rules (Documentation/filesystems/locking.rst, vm_operations_struct).
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/rwsem.h>
#include <linux/spinlock.h>

struct file;
struct mm_struct;

typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;

/* One page table page; its lock is the page table lock (USE_SPLIT_PTE_PTLOCKS). */
struct page {
	unsigned long flags;
	spinlock_t ptl;
};

/* A macro, as x86's pfn_to_page(pmd_pfn(pmd)): the page a pmd entry points to. */
#define pmd_page(entry) ((struct page *)(entry).pmd)
extern pte_t *pte_offset_map(pmd_t *pmd, unsigned long address);

static inline spinlock_t *ptlock_ptr(struct page *page)
{
	return &page->ptl;
}

static inline spinlock_t *pte_lockptr(struct mm_struct *mm, pmd_t *pmd)
{
	return ptlock_ptr(pmd_page(*pmd));
}

/* As in 6.1: the lock goes back to the caller through ptlp, which releases it with
 * pte_unmap_unlock(pte, ptl). */
#define pte_offset_map_lock(mm, pmd, address, ptlp)	\
({							\
	spinlock_t *__ptl = pte_lockptr(mm, pmd);	\
	pte_t *__pte = pte_offset_map(pmd, address);	\
	*(ptlp) = __ptl;				\
	spin_lock(__ptl);				\
	__pte;						\
})

#define pte_unmap(pte) ((void)(pte))

#define pte_unmap_unlock(pte, ptl)	do {		\
	spin_unlock(ptl);				\
	pte_unmap(pte);					\
} while (0)

struct mm_struct {
	struct rw_semaphore mmap_lock;
	spinlock_t page_table_lock;
};

/* As in 6.1 without split PUD locks: the lock is returned to the caller. */
static inline spinlock_t *pud_lock(struct mm_struct *mm, pmd_t *pud)
{
	spinlock_t *ptl = &mm->page_table_lock;

	spin_lock(ptl);
	return ptl;
}

struct vm_area_struct {
	struct mm_struct *vm_mm;
	struct file *vm_file;
	const struct vm_operations_struct *vm_ops;
};

struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;
	pmd_t *pmd;
	pte_t *pte;
	spinlock_t *ptl;
};

typedef unsigned int vm_fault_t;

#define VM_FAULT_LOCKED 0x000200

struct vm_operations_struct {
	vm_fault_t (*fault)(struct vm_fault *vmf);
	vm_fault_t (*page_mkwrite)(struct vm_fault *vmf);
};

#endif /* _LINUX_MM_H */
