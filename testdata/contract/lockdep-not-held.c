// lockdep_assert_not_held() and might_lock() reached with the lock held, on the path
// through a caller: each function on the way says what it holds there.
#include "vfs.h"

struct cache {
	struct mutex lock;
	int entries;
};

/* Takes c->lock when the cache is over its limit; its body is not analyzed. */
extern void cache_evict(struct cache *c);

static void cache_shrink(struct cache *c)
{
	might_lock(&c->lock); // expected-warning{{might_lock() of 'cache.lock' is reached with it held}}
	cache_evict(c);
}

static void cache_flush(struct cache *c)
{
	lockdep_assert_not_held(&c->lock); // expected-warning{{lockdep_assert_not_held() of 'cache.lock' is reached with it held}}
	cache_shrink(c); // expected-note{{calling 'cache_shrink'}}
}

void bad_flush_locked(struct cache *c) // expected-note 2 {{entry point 'bad_flush_locked'}}
{
	mutex_lock(&c->lock); // expected-note 2 {{'cache.lock' acquired here}}
	cache_flush(c); // expected-note 2 {{calling 'cache_flush'}}
	mutex_unlock(&c->lock);
}

void ok_flush_unlocked(struct cache *c)
{
	mutex_lock(&c->lock);
	c->entries++;
	mutex_unlock(&c->lock);
	cache_flush(c);
}
