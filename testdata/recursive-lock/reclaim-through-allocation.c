// lockcheck-args: --checkers=recursive-lock,lock-order,sleep-in-atomic
// An allocation's body is not followed into reclaim (annotations/reclaim.yaml): with a
// body that, as direct reclaim does, reaches a shrinker taking the caller's lock, a lock
// held around the allocation is not reported as re-acquired, whatever the flags. What the
// allocation may do stands as the fs_reclaim it might-acquire (lock-order's
// fs-reclaim-inversion.c) and, for sleep-in-atomic, as its sleep point.
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct page;

struct cache {
	struct mutex lock;
	spinlock_t stats_lock;
	int count;
};

static struct cache global_cache;

static void cache_shrink(void)
{
	mutex_lock(&global_cache.lock);
	global_cache.count = 0;
	mutex_unlock(&global_cache.lock);
}

/* Stands for mm/page_alloc.c: the slow path may reclaim, and reclaim calls shrinkers. */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid, void *nodemask)
{
	if (gfp & __GFP_DIRECT_RECLAIM)
		cache_shrink();
	return (struct page *)0;
}

void ok_alloc_under_cache_lock(struct cache *c)
{
	mutex_lock(&c->lock);
	__alloc_pages(GFP_NOFS, 0, 0, (void *)0);
	c->count++;
	mutex_unlock(&c->lock);
}

void bad_alloc_under_stats_lock(struct cache *c) // expected-note{{entry point 'bad_alloc_under_stats_lock'}}
{
	spin_lock(&c->stats_lock); // expected-note{{'cache.stats_lock' acquired here}}
	__alloc_pages(GFP_KERNEL, 0, 0, (void *)0); // expected-warning{{'__alloc_pages' may sleep while 'cache.stats_lock' is held (atomic context)}}
	c->count++;
	spin_unlock(&c->stats_lock);
}
