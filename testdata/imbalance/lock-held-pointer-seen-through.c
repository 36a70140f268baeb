// lockcheck-args: --checkers=imbalance
// lockcheck-xfail: the frontend names `&n->list_lock` by what n's single assignment copies (`n2`, then `slab->node`), so the lock taken does not say n is non-NULL and `if (n)` splits
// As __slab_free() in lock-held-flag-local.c, but with the node pointer assigned
// only once after its NULL initialiser: linux 6.1's __unfreeze_partials()
// (mm/slub.c:2558-2606, `n = n2; spin_lock_irqsave(&n->list_lock, flags);`).
// expected-no-diagnostics
#include <linux/spinlock.h>
#include <linux/types.h>

struct cache_node {
	spinlock_t list_lock;
	int nr_partial;
};

struct slab {
	struct cache_node *node;
	struct slab *next;
};

void unfreeze_partials(struct slab *partial)
{
	struct cache_node *n = NULL, *n2 = NULL;

	while (partial) {
		struct slab *slab = partial;

		partial = slab->next;
		n2 = slab->node;
		if (n != n2) {
			if (n)
				spin_unlock(&n->list_lock);
			n = n2;
			spin_lock(&n->list_lock);
		}
		n->nr_partial++;
	}
	if (n)
		spin_unlock(&n->list_lock);
}
