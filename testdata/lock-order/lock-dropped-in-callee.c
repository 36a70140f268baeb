// btrfs_delayed_ref_lock() (linux 6.1 fs/btrfs/delayed-ref.c:412) waits for a head's
// mutex after dropping its caller's spinlock, then takes the spinlock back: the mutex is
// not acquired under the spinlock, so with the spinlock taken under the mutex there is
// no cycle. bad_wait_under_spinlock() keeps the spinlock over the wait.
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct ref_root {
	spinlock_t lock;
};

struct ref_head {
	struct mutex mutex;
	int refs;
};

static void ref_head_lock(struct ref_root *root, struct ref_head *head)
{
	if (mutex_trylock(&head->mutex))
		return;
	head->refs++;
	spin_unlock(&root->lock);
	mutex_lock(&head->mutex); // expected-note{{'ref_head.mutex' acquired here}}
	spin_lock(&root->lock); // expected-note{{existing dependency 'ref_head.mutex' -> 'ref_root.lock': 'ref_root.lock' acquired while 'ref_head.mutex' is held}}
}

// Its wait is the first half of bad_wait_under_spinlock()'s cycle, not one of its own.
void ok_run_ref(struct ref_root *root, struct ref_head *head) // expected-note{{entry point 'ok_run_ref'}}
{
	spin_lock(&root->lock);
	ref_head_lock(root, head); // expected-note{{calling 'ref_head_lock'}}
	spin_unlock(&root->lock);
	mutex_unlock(&head->mutex);
}

void bad_wait_under_spinlock(struct ref_root *root, struct ref_head *head) // expected-note 2 {{entry point}}
{
	spin_lock(&root->lock); // expected-note 2 {{'ref_root.lock' acquired here}}
	mutex_lock(&head->mutex); // expected-warning{{possible circular locking dependency: acquiring 'ref_head.mutex' while holding 'ref_root.lock'}} expected-warning{{acquiring mutex 'ref_head.mutex', which may sleep, while 'ref_root.lock' is held (atomic context)}}
	spin_unlock(&root->lock);
	mutex_unlock(&head->mutex);
}
