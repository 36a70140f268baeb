// lockcheck-args: --checkers=imbalance
// A function that takes its own lock inside a loop and releases it where paths the
// analysis cannot tell apart joined: linux 6.1's free_unref_page_list()
// (mm/page_alloc.c:3540-3628) keeps `pcp` and `locked_zone` NULL together and takes the
// per-cpu lock only `if (zone != locked_zone)`, a comparison of two locals the facts do
// not follow; on the path that skips it with `pcp` NULL, `pcp_spin_unlock(pcp)` after a
// full batch releases a lock nothing holds (pcp_spin_trylock() is written out here;
// trylock-result-in-pointer.c has the statement expression). That is the function's
// own lock, which it took on the loop's first iteration: the release seen through the
// loop's back edge must not make every acquisition look like a retake of the caller's
// lock. Reported
// before in every caller of the page allocator with a return of its own
// (docs/triage-linux-6.1.md, trylock-result-in-pointer): free_pages() here.
// bad_wait_all() drops its caller's lock in a loop and returns without it on one
// path: the retake in the loop is of the caller's lock, and the return is reported.
#include <linux/errno.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct pcp {
	spinlock_t lock;
	int count;
};

struct zone {
	struct pcp *pageset;
	int busy;
};

static void free_page_list(struct zone **zones, int nr)
{
	struct pcp *pcp = NULL;
	struct zone *locked_zone = NULL;
	int batch_count = 0;
	int i;

	for (i = 0; i < nr; i++) {
		struct zone *zone = zones[i];

		if (zone != locked_zone) {
			if (pcp)
				spin_unlock(&pcp->lock);
			pcp = zone->pageset;
			if (!spin_trylock(&pcp->lock)) {
				pcp = NULL;
				locked_zone = NULL;
				continue;
			}
			locked_zone = zone;
			batch_count = 0;
		}
		pcp->count++;
		if (++batch_count == 32) {
			spin_unlock(&pcp->lock);
			batch_count = 0;
			pcp = NULL;
			locked_zone = NULL;
		}
	}
	if (pcp)
		spin_unlock(&pcp->lock);
}

void free_pages(struct zone **zones, int nr)
{
	if (!nr)
		return;
	free_page_list(zones, nr);
}

int bad_wait_all(struct zone **zones, int nr, struct pcp *pcp) // expected-warning{{'bad_wait_all' returns with 'pcp.lock' held on some paths and not on others}}
{ // expected-note@-1{{entry point 'bad_wait_all'}}
	int i;

	if (!nr)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		spin_unlock(&pcp->lock);
		if (zones[i]->busy)
			return -EIO;
		spin_lock(&pcp->lock);
	}
	return 0;
}
