// lockcheck-args: --checkers=imbalance
// expected-no-diagnostics
// An assertion between a lock and its unlock: BUG_ON() (rbio_is_full(), fs/btrfs/raid56.c:475-479
// in linux 6.1) or the BUILD_BUG_ON_MSG() inside min() and clamp() of 6.1.192's
// include/linux/minmax.h (btrfs_discard_calc_delay(), fs/btrfs/discard.c:586-619). The failing
// branch calls a noreturn function, which Clang's CFG links to the function's exit; it is no
// return, and holds the lock only because it never gets further. Reported as returning with
// the lock held on some paths before the facts stopped linking such blocks to the exit.
#include <linux/bug.h>
#include <linux/spinlock.h>

struct stripe {
	spinlock_t lock;
	unsigned long size;
	unsigned long limit;
	unsigned long delay;
};

int stripe_is_full(struct stripe *s)
{
	int full = 1;

	spin_lock(&s->lock);
	if (s->size != s->limit)
		full = 0;
	BUG_ON(s->size > s->limit);
	spin_unlock(&s->lock);
	return full;
}

void stripe_set_delay(struct stripe *s, unsigned long delay)
{
	spin_lock(&s->lock);
	/* Always false, as minmax.h's type checks are, but not folded by the CFG. */
	BUILD_BUG_ON_MSG((delay & 0) != 0, "never");
	s->delay = delay;
	spin_unlock(&s->lock);
}
