// list_lru's walker (linux 6.1 mm/list_lru.c:224) calls the isolate callback holding
// the node's lock and passes it as `lock`; shadow_lru_isolate() (mm/workingset.c:687)
// drops it through that parameter before it takes other locks, and takes it back. The
// lock the callee takes on the way is not taken twice. bad_add_under_lock() does not
// drop it.
#include <linux/spinlock.h>

struct lru {
	spinlock_t lock;
	int items;
};

static void lru_add(struct lru *lru)
{
	spin_lock(&lru->lock); // expected-warning{{acquiring 'lru.lock' that is already held}}
	lru->items++;
	spin_unlock(&lru->lock);
}

static void isolate_unlocked(struct lru *lru, spinlock_t *lock)
{
	spin_unlock(lock);
	lru_add(lru);
	spin_lock(lock);
}

void ok_walk(struct lru *lru)
{
	spin_lock(&lru->lock);
	isolate_unlocked(lru, &lru->lock);
	spin_unlock(&lru->lock);
}

void bad_add_under_lock(struct lru *lru) // expected-note{{entry point 'bad_add_under_lock'}}
{
	spin_lock(&lru->lock); // expected-note{{'lru.lock' acquired here}}
	lru_add(lru); // expected-note{{calling 'lru_add'}}
	spin_unlock(&lru->lock);
}
