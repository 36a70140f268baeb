// lockcheck-args: --checkers=lock-order,recursive-lock,contract
// Look-alikes of fs-reclaim-inversion.c that lockdep accepts: GFP_NOFS may reclaim but not
// into file systems, so it takes no fs_reclaim (mm/page_alloc.c:4762), and neither does
// GFP_KERNEL in a memalloc_nofs_save() scope (current_gfp_context() clears __GFP_FS, as
// btrfs_csum_one_bio() relies on); GFP_ATOMIC does not reclaim at all; a shrinker that only trylocks waits for nothing; and an allocation inside
// a shrinker does not take fs_reclaim again, as reclaim runs with PF_MEMALLOC set
// (__need_reclaim(), mm/page_alloc.c:4738).
// expected-no-diagnostics
#include <linux/container_of.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/shrinker.h>
#include <linux/slab.h>

struct cache {
	struct mutex lock;
	struct mutex trylock;
	void *slot;
	unsigned long count;
	struct shrinker shrinker;
};

void ok_cache_fill_nofs(struct cache *c)
{
	mutex_lock(&c->lock);
	c->slot = kmalloc(64, GFP_NOFS);
	c->count++;
	mutex_unlock(&c->lock);
}

void ok_cache_fill_in_nofs_scope(struct cache *c)
{
	unsigned int nofs = memalloc_nofs_save();

	mutex_lock(&c->lock);
	c->slot = kmalloc(64, GFP_KERNEL);
	c->count++;
	mutex_unlock(&c->lock);
	memalloc_nofs_restore(nofs);
}

void ok_cache_fill_in_noio_scope(struct cache *c)
{
	unsigned int noio;

	mutex_lock(&c->lock);
	noio = memalloc_noio_save();
	c->slot = kmalloc(64, GFP_KERNEL);
	memalloc_noio_restore(noio);
	c->count++;
	mutex_unlock(&c->lock);
}

void ok_cache_fill_atomic(struct cache *c)
{
	mutex_lock(&c->lock);
	c->slot = kmalloc(64, GFP_ATOMIC);
	c->count++;
	mutex_unlock(&c->lock);
}

void ok_cache_fill_kernel(struct cache *c)
{
	mutex_lock(&c->trylock);
	c->slot = kmalloc(64, GFP_KERNEL);
	c->count++;
	mutex_unlock(&c->trylock);
}

static unsigned long cache_scan(struct shrinker *s, struct shrink_control *sc)
{
	struct cache *c = container_of(s, struct cache, shrinker);
	unsigned long freed;

	mutex_lock(&c->lock);
	freed = c->count;
	kfree(c->slot);
	c->count = 0;
	mutex_unlock(&c->lock);
	if (!mutex_trylock(&c->trylock))
		return SHRINK_STOP;
	c->count = 0;
	mutex_unlock(&c->trylock);
	return freed;
}

static void *cache_spare(void)
{
	return kmalloc(16, GFP_KERNEL);
}

static unsigned long cache_count(struct shrinker *s, struct shrink_control *sc)
{
	struct cache *c = container_of(s, struct cache, shrinker);

	c->slot = cache_spare();
	return c->count;
}

static struct shrinker cache_shrinker_ops = {
	.count_objects = cache_count,
	.scan_objects = cache_scan,
};
