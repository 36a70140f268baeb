// lockcheck-args: --checkers=imbalance
// A helper that releases what a field of its argument says is held: linux 6.1's
// page_vma_mapped_walk_done() (include/linux/rmap.h:404-410) unlocks `if
// (pvmw->ptl)`, and free_bprm() (fs/exec.c:1524-1531) releases cred_guard_mutex `if
// (bprm->cred)`. The caller's object decides, as a parameter would. A field the
// helper stores into before its test is no longer what the caller passed:
// bad_walk_done_reset() clears walk->locked by a callee's result first, and is
// reported.
#include <linux/spinlock.h>
#include <linux/types.h>

struct walk {
	spinlock_t *ptl;
	int locked;
	spinlock_t lock;
};

extern int walk_expired(struct walk *w);

void walk_done(struct walk *w)
{
	if (w->ptl)
		spin_unlock(w->ptl);
}

void walk_finish(struct walk *w)
{
	if (w->locked)
		spin_unlock(&w->lock);
}

void bad_walk_done_reset(struct walk *w) // expected-warning{{'bad_walk_done_reset' returns with 'walk.lock' held on some paths and not on others}} expected-note{{entry point 'bad_walk_done_reset'}}
{
	if (walk_expired(w))
		w->locked = 0;
	if (w->locked)
		spin_unlock(&w->lock);
}
