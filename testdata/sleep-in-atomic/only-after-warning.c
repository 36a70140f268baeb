// lockcheck-args: --checkers=sleep-in-atomic
// btrfs_put_block_group() (linux 6.1 fs/btrfs/block-group.c:163-165) cancels the
// discard work, which waits, only inside `if (WARN_ON(!list_empty(&cache->discard_list)))`:
// a block group on the discard list holds a reference for it, so the last put never
// finds it there, and its callers put block groups under spinlocks. A sleep reached only
// where a WARN*() fired is a broken invariant the kernel reports itself: it is set aside
// and counted, not reported: behind WARN_ON(), behind a negated WARN_ON_ONCE() whose
// normal way returns, and behind WARN_ONCE(), recognised through the DO_ONCE_LITE_IF()
// it expands to. The reported twins sleep on a plain test, and after the warning's
// branch has joined the normal path.
#include <linux/bug.h>
#include <linux/delay.h>
#include <linux/spinlock.h>

struct discard_ctl {
	spinlock_t lock;
};

struct block_group {
	int on_discard_list;
	int dirty;
	struct discard_ctl *ctl;
};

static void cancel_discard_work(struct discard_ctl *ctl)
{
	msleep(1); // expected-warning 2 {{'msleep' may sleep while 'discard_ctl.lock' is held (atomic context)}}
}

static void put_block_group(struct block_group *bg)
{
	if (WARN_ON(bg->on_discard_list))
		cancel_discard_work(bg->ctl);
}

static void put_block_group_once(struct block_group *bg)
{
	if (!WARN_ON_ONCE(!bg->dirty))
		return;
	cancel_discard_work(bg->ctl);
}

static void put_block_group_rarely(struct block_group *bg)
{
	if (WARN_ONCE(bg->on_discard_list, "block group %d listed", bg->dirty))
		cancel_discard_work(bg->ctl);
}

static void put_block_group_unchecked(struct block_group *bg)
{
	if (bg->on_discard_list)
		cancel_discard_work(bg->ctl); // expected-note{{calling 'cancel_discard_work'}}
}

static void put_block_group_then_wait(struct block_group *bg)
{
	if (WARN(bg->on_discard_list, "on list"))
		bg->on_discard_list = 0;
	cancel_discard_work(bg->ctl); // expected-note{{calling 'cancel_discard_work'}}
}

void ok_put_under_lock(struct block_group *bg)
{
	spin_lock(&bg->ctl->lock);
	put_block_group(bg);
	spin_unlock(&bg->ctl->lock);
}

void ok_put_once_under_lock(struct block_group *bg)
{
	spin_lock(&bg->ctl->lock);
	put_block_group_once(bg);
	spin_unlock(&bg->ctl->lock);
}

void ok_put_rarely_under_lock(struct block_group *bg)
{
	spin_lock(&bg->ctl->lock);
	put_block_group_rarely(bg);
	spin_unlock(&bg->ctl->lock);
}

void bad_put_unchecked(struct block_group *bg) // expected-note{{entry point 'bad_put_unchecked'}}
{
	spin_lock(&bg->ctl->lock); // expected-note{{'discard_ctl.lock' acquired here}}
	put_block_group_unchecked(bg); // expected-note{{calling 'put_block_group_unchecked'}}
	spin_unlock(&bg->ctl->lock);
}

void bad_wait_after_warning(struct block_group *bg) // expected-note{{entry point 'bad_wait_after_warning'}}
{
	spin_lock(&bg->ctl->lock); // expected-note{{'discard_ctl.lock' acquired here}}
	put_block_group_then_wait(bg); // expected-note{{calling 'put_block_group_then_wait'}}
	spin_unlock(&bg->ctl->lock);
}
