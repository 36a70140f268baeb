// do_swap_page() (linux 6.1 mm/memory.c:3965) takes the page table lock with
// pte_offset_map_lock(..., &vmf->ptl) and calls do_wp_page(), whose wp_pfn_shared()
// drops it as pte_unmap_unlock(vmf->pte, vmf->ptl) and takes it again after
// ->pfn_mkwrite (memory.c:3336, 3310): the release through `vmf->ptl` is of the lock the
// caller took. bad_swap_page()'s callee takes it again without dropping it first.
#include <linux/mm.h>

extern int pfn_mkwrite(struct vm_fault *vmf);

static void wp_pfn_shared(struct vm_fault *vmf, struct mm_struct *mm)
{
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	pfn_mkwrite(vmf);
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
}

void ok_swap_page(struct vm_fault *vmf, struct mm_struct *mm)
{
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	wp_pfn_shared(vmf, mm);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
}

static void wp_pfn_locked(struct vm_fault *vmf, struct mm_struct *mm)
{
	pfn_mkwrite(vmf);
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl); // expected-warning{{acquiring 'page.ptl' that is already held}}
	pte_unmap_unlock(vmf->pte, vmf->ptl);
}

void bad_swap_page(struct vm_fault *vmf, struct mm_struct *mm) // expected-note{{entry point 'bad_swap_page'}}
{
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl); // expected-note{{'page.ptl' acquired here}}
	wp_pfn_locked(vmf, mm); // expected-note{{calling 'wp_pfn_locked'}}
	pte_unmap_unlock(vmf->pte, vmf->ptl);
}
