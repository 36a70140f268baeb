// lockcheck-args: --checkers=imbalance
// A helper whose caller chooses whether it unlocks, by passing NULL or not: linux
// 6.1's unlock_cluster() (mm/swapfile.c:368-372) is `if (ci) spin_unlock(&ci->lock);`,
// as lock_cluster() returns NULL when the device has no clusters. Its return without
// the release is reached for a NULL ci only, the one with it for any other: the held
// set differs by its input, which is the helper's contract, not a forgotten unlock.
// What a call decides is no contract: bad_unlock_if_ready() unlocks by a callee's
// result, and bad_unlock_reassigned() tests a parameter after assigning it, where the
// test no longer sees what the caller passed.
#include <linux/spinlock.h>
#include <linux/types.h>

struct cluster {
	spinlock_t lock;
	unsigned int flags;
};

extern int cluster_ready(struct cluster *ci);
extern struct cluster *cluster_of(struct cluster *ci);

void unlock_cluster(struct cluster *ci)
{
	if (ci)
		spin_unlock(&ci->lock);
}

void unlock_cluster_or_both(struct cluster *ci, struct cluster *other)
{
	if (!ci) {
		spin_unlock(&other->lock);
		return;
	}
	spin_unlock(&ci->lock);
}

void bad_unlock_if_ready(struct cluster *ci) // expected-warning{{'bad_unlock_if_ready' returns with 'cluster.lock' held on some paths and not on others}} expected-note{{entry point 'bad_unlock_if_ready'}}
{
	if (cluster_ready(ci))
		spin_unlock(&ci->lock);
}

void bad_unlock_reassigned(struct cluster *ci) // expected-warning{{'bad_unlock_reassigned' returns with 'cluster.lock' held on some paths and not on others}} expected-note{{entry point 'bad_unlock_reassigned'}}
{
	ci = cluster_of(ci);
	if (ci)
		spin_unlock(&ci->lock);
}
