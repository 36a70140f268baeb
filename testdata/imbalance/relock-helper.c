// lockcheck-args: --checkers=imbalance
// A relock helper: linux 6.1's swap_info_get_cont() (mm/swapfile.c:1166-1182) is given
// the device whose lock its caller holds, or NULL, and returns the entry's device
// locked: it drops the old lock and takes the new one when they differ.
// swapcache_free_entries() (1403-1427) calls it in a loop and releases the last one
// `if (p)`. The helper takes the lock on the path where it was given NULL without
// releasing anything first, so the lock is its own (and its caller's) where the paths
// joined, and the final release is not of a lock its caller held. Reported before in
// swapcache_free_entries() (docs/triage-linux-6.1.md, lock-held-flag-local); mm/swap.c's
// folio_lruvec_relock_irqsave() is the same shape. bad_switch_info() releases the old
// lock on every path before it takes the new one, and returns early without it.
#include <linux/spinlock.h>
#include <linux/types.h>

struct swap_info {
	spinlock_t lock;
	int inuse;
	int dead;
};

struct swap_info *swap_info_of(int entry);

static struct swap_info *swap_info_get_cont(int entry, struct swap_info *q)
{
	struct swap_info *p = swap_info_of(entry);

	if (p != q) {
		if (q != NULL)
			spin_unlock(&q->lock);
		if (p != NULL)
			spin_lock(&p->lock);
	}
	return p;
}

void swapcache_free_entries(int *entries, int n)
{
	struct swap_info *p, *prev;
	int i;

	if (n <= 0)
		return;
	prev = NULL;
	p = NULL;
	for (i = 0; i < n; ++i) {
		p = swap_info_get_cont(entries[i], prev);
		if (p)
			p->inuse--;
		prev = p;
	}
	if (p)
		spin_unlock(&p->lock);
}

void bad_switch_info(struct swap_info *q, struct swap_info *p) // expected-warning{{'bad_switch_info' returns with 'swap_info.lock' held on some paths and not on others}}
{ // expected-note@-1{{entry point 'bad_switch_info'}}
	spin_unlock(&q->lock);
	if (p->dead)
		return;
	spin_lock(&p->lock); // expected-note{{'swap_info.lock' acquired here}}
}
