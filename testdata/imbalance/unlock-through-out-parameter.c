// lockcheck-args: --checkers=imbalance
// __wp_page_copy_user() (linux 6.1 mm/memory.c:2880) takes the page table lock only on
// some paths, with pte_offset_map_lock(mm, vmf->pmd, addr, &vmf->ptl), and releases it
// on those paths as pte_unmap_unlock(vmf->pte, vmf->ptl): through the place the macro
// stored the lock's pointer in, which names the lock it took. bad_copy_user() forgets
// the unlock on one of them.
#include <linux/mm.h>

extern int copy_page_from_pte(pte_t *pte);

int ok_copy_user(struct vm_fault *vmf, struct mm_struct *mm, int locked)
{
	if (locked)
		return 0;
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	if (copy_page_from_pte(vmf->pte)) {
		pte_unmap_unlock(vmf->pte, vmf->ptl);
		return -14;
	}
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return 0;
}

int bad_copy_user(struct vm_fault *vmf, struct mm_struct *mm, int locked) // expected-warning{{'bad_copy_user' returns with 'page.ptl' held on some paths and not on others}} expected-note{{entry point 'bad_copy_user'}}
{
	if (locked)
		return 0;
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl); // expected-note{{'page.ptl' acquired here}}
	if (copy_page_from_pte(vmf->pte))
		return -14;
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	return 0;
}
