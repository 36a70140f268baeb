// do_wp_page() is declared `__releases(vmf->ptl)` (linux 6.1 mm/memory.c:3404).
// bad_wp_unlocked() calls it without taking the lock that its look-alike,
// sparse-releases-through-out-parameter-safe.c, takes with pte_offset_map_lock(...,
// &vmf->ptl).
#include <linux/compiler.h>
#include <linux/mm.h>

static void wp_page(struct vm_fault *vmf)
	__releases(vmf->ptl) // expected-warning{{__releases() of 'vm_fault.ptl' is reached without it held}}
{
	pte_unmap_unlock(vmf->pte, vmf->ptl);
}

void bad_wp_unlocked(struct vm_fault *vmf) // expected-note{{entry point 'bad_wp_unlocked'}}
{
	wp_page(vmf); // expected-note{{calling 'wp_page'}}
}
