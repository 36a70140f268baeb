// A checkpoint reached only where a WARN*() fired is set aside and counted, as the
// other checkers' findings are: ok_flush_locked() reaches cache_flush()'s
// lockdep_assert_not_held() with the lock held only when its own invariant is broken
// (`if (WARN_ON(c->entries < 0))`). bad_flush_locked() reaches it on a plain test.
#include <linux/bug.h>
#include "vfs.h"

struct cache {
	struct mutex lock;
	int entries;
};

static void cache_flush(struct cache *c)
{
	lockdep_assert_not_held(&c->lock); // expected-warning{{lockdep_assert_not_held() of 'cache.lock' is reached with it held}}
	c->entries = 0;
}

void ok_flush_locked(struct cache *c)
{
	mutex_lock(&c->lock);
	if (WARN_ON(c->entries < 0))
		cache_flush(c);
	mutex_unlock(&c->lock);
}

void bad_flush_locked(struct cache *c) // expected-note{{entry point 'bad_flush_locked'}}
{
	mutex_lock(&c->lock); // expected-note{{'cache.lock' acquired here}}
	if (c->entries < 0)
		cache_flush(c); // expected-note{{calling 'cache_flush'}}
	mutex_unlock(&c->lock);
}
