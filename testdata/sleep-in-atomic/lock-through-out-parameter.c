// lockcheck-args: --checkers=sleep-in-atomic
// pte_offset_map_lock(mm, pmd, addr, ptlp) stores the page table lock's pointer through
// ptlp before taking it (linux 6.1 include/linux/mm.h:2521), and its caller releases
// the lock through what ptlp pointed to. In mm/memory.c, do_swap_page() takes it with
// `&vmf->ptl` and calls do_wp_page(), which drops it as `pte_unmap_unlock(vmf->pte,
// vmf->ptl)` before wp_page_shared() calls ->page_mkwrite, which may sleep. follow_pte()
// fills in its caller's `ptl` the same way, and pud_lock() returns the lock it took
// (follow_pud_mask(), mm/gup.c:818). Each ok_* case releases the page table lock
// through the place its pointer was stored in; its bad_* twin still holds a spinlock
// where it sleeps.
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>

struct dev {
	spinlock_t lock;
	struct mutex mutex;
};

// The other spinlock is the innermost one held: only the local `ptl` says which lock
// pte_unmap_unlock() releases.
void ok_unlocked_out_of_order(struct dev *d, struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, 0, &ptl);

	spin_lock(&d->lock);
	pte_unmap_unlock(pte, ptl);
	spin_unlock(&d->lock);
	mutex_lock(&d->mutex);
	mutex_unlock(&d->mutex);
}

void bad_other_lock_still_held(struct dev *d, struct mm_struct *mm, pmd_t *pmd) // expected-note{{entry point 'bad_other_lock_still_held'}}
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, 0, &ptl);

	spin_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	pte_unmap_unlock(pte, ptl);
	mutex_lock(&d->mutex); // expected-warning{{acquiring mutex 'dev.mutex', which may sleep, while 'dev.lock' is held (atomic context)}}
	mutex_unlock(&d->mutex);
	spin_unlock(&d->lock);
}

// follow_pte(): the callee stores the lock's pointer through its parameter.
static pte_t *map_pte_locked(struct mm_struct *mm, pmd_t *pmd, spinlock_t **ptlp)
{
	return pte_offset_map_lock(mm, pmd, 0, ptlp);
}

void ok_unlocked_through_callee_out_parameter(struct dev *d, struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl;
	pte_t *pte = map_pte_locked(mm, pmd, &ptl);

	spin_lock(&d->lock);
	pte_unmap_unlock(pte, ptl);
	spin_unlock(&d->lock);
	mutex_lock(&d->mutex);
	mutex_unlock(&d->mutex);
}

void bad_callee_out_parameter_other_lock_held(struct dev *d, struct mm_struct *mm, pmd_t *pmd) // expected-note{{entry point 'bad_callee_out_parameter_other_lock_held'}}
{
	spinlock_t *ptl;
	pte_t *pte = map_pte_locked(mm, pmd, &ptl);

	spin_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	pte_unmap_unlock(pte, ptl);
	mutex_lock(&d->mutex); // expected-warning{{acquiring mutex 'dev.mutex', which may sleep, while 'dev.lock' is held (atomic context)}}
	mutex_unlock(&d->mutex);
	spin_unlock(&d->lock);
}

// do_wp_page(): the fault's `vmf->ptl` is released in a callee, before it sleeps.
static void wp_page_shared(struct vm_fault *vmf)
{
	pte_unmap_unlock(vmf->pte, vmf->ptl);
	might_sleep();
}

void ok_fault_unlocked_in_callee(struct vm_fault *vmf, struct mm_struct *mm)
{
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
	wp_page_shared(vmf);
}

static void wp_page_sleeps_first(struct vm_fault *vmf)
{
	might_sleep(); // expected-warning{{'might_sleep' may sleep while 'page.ptl' is held (atomic context)}}
	pte_unmap_unlock(vmf->pte, vmf->ptl);
}

void bad_fault_sleeps_before_unlock(struct vm_fault *vmf, struct mm_struct *mm) // expected-note{{entry point 'bad_fault_sleeps_before_unlock'}}
{
	vmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl); // expected-note{{'page.ptl' acquired here}}
	wp_page_sleeps_first(vmf); // expected-note{{calling 'wp_page_sleeps_first'}}
}

// follow_pud_mask(): the lock comes back as pud_lock()'s result.
void ok_returned_lock_released(struct dev *d, struct mm_struct *mm, pmd_t *pud)
{
	spinlock_t *ptl = pud_lock(mm, pud);

	spin_unlock(ptl);
	mutex_lock(&d->mutex);
	mutex_unlock(&d->mutex);
}

void bad_returned_lock_held(struct dev *d, struct mm_struct *mm, pmd_t *pud) // expected-note{{entry point 'bad_returned_lock_held'}}
{
	spinlock_t *ptl = pud_lock(mm, pud); // expected-note{{'mm_struct.page_table_lock' acquired here}}

	mutex_lock(&d->mutex); // expected-warning{{acquiring mutex 'dev.mutex', which may sleep, while 'mm_struct.page_table_lock' is held (atomic context)}}
	mutex_unlock(&d->mutex);
	spin_unlock(ptl);
}
