// lockcheck-args: --checkers=imbalance
// A callee that takes its own lock on some paths and releases it under a pointer test
// (slub's __slab_free() in linux 6.1, mm/slub.c:3510-3548: `n = NULL; ... if (...) { n =
// get_node(); spin_lock_irqsave(&n->list_lock, flags); } ... if (n)
// spin_unlock_irqrestore(...)`). Held sets are must-held, so at the release the lock is
// not held; that is the callee's own lock lost where paths joined, not a lock of its
// caller's that it releases. obj_free() returns early on one path and calls the callee
// on the other: both returns leave the caller's locks as they were. Reported
// before, in every caller of the allocator (docs/triage-linux-6.1.md,
// lock-held-flag-local).
// expected-no-diagnostics
#include <linux/spinlock.h>
#include <linux/types.h>

struct cache_node {
	spinlock_t list_lock;
	int nr_partial;
};

struct cache {
	struct cache_node *node;
	int full;
};

static void cache_free(struct cache *c, void *obj)
{
	struct cache_node *n = NULL;

	if (c->full) {
		n = c->node;
		spin_lock(&n->list_lock);
		n->nr_partial++;
	}
	if (n)
		spin_unlock(&n->list_lock);
}

void obj_free(struct cache *c, void *obj)
{
	if (!obj)
		return;
	cache_free(c, obj);
}
