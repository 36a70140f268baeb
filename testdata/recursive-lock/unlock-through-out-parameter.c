// mm/madvise.c: pte_offset_map_lock() hands the page-table lock back through an out
// parameter (`&ptl`), and pte_unmap_unlock(pte, ptl) releases it through that pointer,
// which lockcheck cannot follow to a lock class. The release still releases: the
// innermost held lock of its kind, as kernel code unlocks in reverse order.
struct spinlock {
	int raw;
};
typedef struct spinlock spinlock_t;
extern void _raw_spin_lock(spinlock_t *lock);
extern void _raw_spin_unlock(spinlock_t *lock);

struct page {
	spinlock_t ptl;
};
extern struct page *pmd_page(unsigned long *pmd);

static inline void spin_lock(spinlock_t *lock)
{
	_raw_spin_lock(lock); // expected-note 2 {{calling '_raw_spin_lock'}}
}
static inline void spin_unlock(spinlock_t *lock)
{
	_raw_spin_unlock(lock);
}

static unsigned long *map_lock(unsigned long *pmd, spinlock_t **ptlp)
{
	struct page *page = pmd_page(pmd);
	spin_lock(&page->ptl); // expected-note 2 {{calling 'spin_lock'}}
	*ptlp = &page->ptl;
	return pmd;
}

void ok_unlock_through_pointer(unsigned long *pmd, int again)
{
	spinlock_t *ptl;
	unsigned long *pte = map_lock(pmd, &ptl);

	if (*pte) {
		spin_unlock(ptl);
		pte = map_lock(pmd, &ptl);
	}
	spin_unlock(ptl);
}

// Look-alike of ok_unlock_through_pointer: no unlock before locking again.
void bad_lock_twice(unsigned long *pmd) // expected-note{{entry point 'bad_lock_twice'}}
{
	spinlock_t *ptl;
	unsigned long *pte = map_lock(pmd, &ptl); // expected-note{{'page.ptl' acquired here}}

	pte = map_lock(pmd, &ptl); // expected-warning{{acquiring 'page.ptl' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	spin_unlock(ptl);
	spin_unlock(ptl);
}
