// lockcheck-args: --checkers=imbalance
// A trylock whose result is a pointer: linux 6.1's pcp_spin_trylock()
// (mm/page_alloc.c:173-183) is a statement expression that returns the per-cpu
// pageset with its lock held, or NULL when spin_trylock() failed; callers test the
// pointer (`if (!pcp) return NULL;`, `if (pcp) pcp_spin_unlock(pcp);`) and
// free_unref_page_list() resets it to NULL after unlocking. The pointer is set to
// NULL on the failure path and is the lock's owner on the other: the analysis keeps
// the two apart, so no return holds the lock and no release is of a caller's lock.
// Reported before in every function up to the page allocator's callers
// (docs/triage-linux-6.1.md, trylock-result-in-pointer). bad_pcp_drain() forgets the
// unlock on one of its returns.
#include <linux/errno.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct pcp {
	spinlock_t lock;
	int count;
};

struct zone {
	struct pcp *pageset;
};

#define pcp_spin_trylock(ptr)                                                          \
	({                                                                             \
		struct pcp *_ret;                                                      \
		_ret = (ptr);                                                          \
		if (!spin_trylock(&_ret->lock)) {                                      \
			_ret = NULL;                                                   \
		}                                                                      \
		_ret;                                                                  \
	})

#define pcp_spin_unlock(ptr) spin_unlock(&(ptr)->lock)

static int rmqueue_pcplist(struct zone *zone)
{
	struct pcp *pcp;
	int count;

	pcp = pcp_spin_trylock(zone->pageset);
	if (!pcp)
		return 0;
	count = pcp->count--;
	pcp_spin_unlock(pcp);
	return count;
}

static void free_unref_page(struct zone *zone)
{
	struct pcp *pcp = pcp_spin_trylock(zone->pageset);

	if (pcp) {
		pcp->count++;
		pcp_spin_unlock(pcp);
	}
}

static void free_unref_page_list(struct zone *zone, int nr)
{
	struct pcp *pcp = NULL;
	int i;

	for (i = 0; i < nr; i++) {
		if (!pcp) {
			pcp = pcp_spin_trylock(zone->pageset);
			if (!pcp)
				continue;
		}
		if (++pcp->count == 32) {
			pcp_spin_unlock(pcp);
			pcp = NULL;
		}
	}
	if (pcp)
		pcp_spin_unlock(pcp);
}

int page_cycle(struct zone *zone, int nr)
{
	int got = rmqueue_pcplist(zone);

	free_unref_page(zone);
	free_unref_page_list(zone, nr);
	return got;
}

int bad_pcp_drain(struct zone *zone) // expected-warning{{'bad_pcp_drain' returns with 'pcp.lock' held on some paths and not on others}}
{ // expected-note@-1{{entry point 'bad_pcp_drain'}}
	struct pcp *pcp = pcp_spin_trylock(zone->pageset); // expected-note{{'pcp.lock' acquired here}}

	if (!pcp)
		return 0;
	if (pcp->count < 0)
		return -EIO;
	pcp->count = 0;
	pcp_spin_unlock(pcp);
	return 1;
}
