// lockcheck-args: --checkers=lock-order
// lockdep's "possible circular locking dependency ... fs_reclaim": a cache's mutex is held
// around a GFP_KERNEL allocation, which may enter direct reclaim (cache.lock -> fs_reclaim,
// annotations/reclaim.yaml), and the cache's own shrinker, which reclaim calls holding
// fs_reclaim (rules/reclaim.yaml), takes that mutex (fs_reclaim -> cache.lock). Reclaim
// can then wait on the mutex that the allocating task holds. The fix lockdep asks for is
// GFP_NOFS or a trylock in the shrinker; the safe look-alikes are fs-reclaim-inversion-safe.c.
#include <linux/container_of.h>
#include <linux/mutex.h>
#include <linux/shrinker.h>
#include <linux/slab.h>

struct cache {
	struct mutex lock;
	void *slot;
	unsigned long count;
	struct shrinker shrinker;
};

void cache_fill(struct cache *c) // expected-note{{entry point 'cache_fill'}}
{
	mutex_lock(&c->lock); // expected-note{{'cache.lock' acquired here}}
	c->slot = kmalloc(64, GFP_KERNEL); // expected-note{{existing dependency 'cache.lock' -> 'fs_reclaim': 'fs_reclaim' acquired while 'cache.lock' is held}}
	c->count++;
	mutex_unlock(&c->lock);
}

static unsigned long cache_scan(struct shrinker *s, struct shrink_control *sc) // expected-note{{entry point 'cache_scan' via 'cache_shrinker_ops.scan_objects'}}
// expected-note@-1{{'fs_reclaim' is held on entry to 'shrinker.scan_objects' (mm/vmscan.c:853, do_shrink_slab())}}
{
	struct cache *c = container_of(s, struct cache, shrinker);
	unsigned long freed;

	mutex_lock(&c->lock); // expected-warning{{possible circular locking dependency: acquiring 'cache.lock' while holding 'fs_reclaim'}}
	freed = c->count;
	kfree(c->slot);
	c->count = 0;
	mutex_unlock(&c->lock);
	return freed;
}

static struct shrinker cache_shrinker_ops = {
	.scan_objects = cache_scan,
};
