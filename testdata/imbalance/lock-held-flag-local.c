// lockcheck-args: --checkers=imbalance
// Locals that say whether a lock is held: slub in linux 6.1 (mm/slub.c).
// deactivate_slab() (2495-2535) takes n->list_lock when `mode` becomes M_PARTIAL or
// M_FULL and releases it on `mode == M_PARTIAL` and `mode == M_FULL`;
// __slab_free() (3510-3591) keeps the node it locked in `n`, NULL when it locked
// none, and releases `if (n)`. The analysis keeps paths apart by the value of such a
// local (a constant assigned or compared equal, NULL, or non-NULL once a lock was
// taken through it), so no return holds the lock and no release is of a caller's.
// Reported before in these functions and their callers (docs/triage-linux-6.1.md,
// lock-held-flag-local). bad_deactivate() forgets to release on M_FULL, which the
// joined states hid.
#include <linux/spinlock.h>
#include <linux/types.h>

enum slab_modes { M_NONE, M_PARTIAL, M_FULL, M_FREE };

struct cache_node {
	spinlock_t list_lock;
	int nr_partial;
	int nr_full;
};

struct slab {
	int inuse;
	int objects;
	struct cache_node *node;
	struct slab *next;
};

static void deactivate_slab(struct slab *slab)
{
	struct cache_node *n = slab->node;
	enum slab_modes mode = M_NONE;

	if (!slab->inuse) {
		mode = M_FREE;
	} else if (slab->inuse < slab->objects) {
		mode = M_PARTIAL;
		spin_lock(&n->list_lock);
	} else {
		mode = M_FULL;
		spin_lock(&n->list_lock);
	}
	if (mode == M_PARTIAL) {
		n->nr_partial++;
		spin_unlock(&n->list_lock);
	} else if (mode == M_FULL) {
		n->nr_full++;
		spin_unlock(&n->list_lock);
	}
}

static void slab_free(struct slab *slab, int again)
{
	struct cache_node *n = NULL;

	do {
		if (n) {
			spin_unlock(&n->list_lock);
			n = NULL;
		}
		if (!slab->inuse) {
			n = slab->node;
			spin_lock(&n->list_lock);
		}
	} while (again--);
	if (!n)
		return;
	n->nr_partial++;
	spin_unlock(&n->list_lock);
}

void flush_slabs(struct slab *slab)
{
	deactivate_slab(slab);
	slab_free(slab->next, 1);
}

void bad_deactivate(struct slab *slab) // expected-warning{{'bad_deactivate' returns with 'cache_node.list_lock' held on some paths and not on others}}
{ // expected-note@-1{{entry point 'bad_deactivate'}}
	struct cache_node *n = slab->node;
	enum slab_modes mode = M_FREE;

	if (slab->inuse < slab->objects) {
		mode = M_PARTIAL;
		spin_lock(&n->list_lock);
	} else if (slab->inuse) {
		mode = M_FULL;
		spin_lock(&n->list_lock); // expected-note{{'cache_node.list_lock' acquired here}}
	}
	if (mode == M_PARTIAL) {
		n->nr_partial++;
		spin_unlock(&n->list_lock);
	}
}
