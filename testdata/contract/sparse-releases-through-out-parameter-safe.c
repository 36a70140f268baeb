// do_wp_page() is declared `__releases(vmf->ptl)` (linux 6.1 mm/memory.c:3404) and is
// called by do_swap_page() holding the page table lock it took with
// pte_offset_map_lock(..., &vmf->ptl) (memory.c:3965, 4098): `vmf->ptl` names that lock,
// so the annotation is met. sparse-releases-through-out-parameter.c calls it without
// taking the lock.
// expected-no-diagnostics
#include <linux/compiler.h>
#include <linux/mm.h>

static void wp_page(struct vm_fault *vmf)
	__releases(vmf->ptl)
{
	pte_unmap_unlock(vmf->pte, vmf->ptl);
}

void ok_swap_page(struct vm_fault *vmf, struct mm_struct *mm)
{
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	wp_page(vmf);
}
