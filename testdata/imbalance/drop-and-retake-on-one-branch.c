// lockcheck-args: --checkers=imbalance
// A function entered holding its caller's lock that drops it to wait on one branch
// only and takes it back: linux 6.1's nfs4_match_client() (fs/nfs/nfs4client.c:529-571)
// unlocks nn->nfs_client_lock, waits for the client to be ready and locks it again
// before every return. Where that branch joins the one that never released the lock,
// no path holds it in the analysis's sense (it is the caller's) and one path released
// it: released and taken back there, not released, as on the branch itself. Reported
// before (docs/triage-linux-6.1.md, drop-and-retake-callers-lock).
// bad_match_client() does not take the lock back when the wait fails, and goes on to a
// return shared with the paths that kept it.
#include <linux/errno.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct client_net {
	spinlock_t client_lock;
};

struct client {
	int ops;
	int state;
	int clientid;
};

int wait_client_ready(struct client *pos);

int match_client(struct client *pos, struct client *new, struct client_net *nn)
{
	int status;

	if (pos->ops != new->ops)
		return 1;
	if (pos->state > 1) {
		spin_unlock(&nn->client_lock);
		status = wait_client_ready(pos);
		spin_lock(&nn->client_lock);
		if (status < 0)
			return status;
	}
	if (pos->state != 1)
		return 1;
	if (pos->clientid != new->clientid)
		return 1;
	return 0;
}

int bad_match_client(struct client *pos, struct client *new, struct client_net *nn) // expected-warning{{'bad_match_client' returns with 'client_net.client_lock' held on some paths and not on others}}
{ // expected-note@-1{{entry point 'bad_match_client'}}
	if (pos->ops != new->ops)
		return 1;
	if (pos->state > 1) {
		spin_unlock(&nn->client_lock);
		if (wait_client_ready(pos) >= 0)
			spin_lock(&nn->client_lock);
	}
	if (pos->state != 1)
		return 1;
	return 0;
}
