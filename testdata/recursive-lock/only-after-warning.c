// btrfs_discard_workfn() puts a block group under discard_ctl->lock, and the last put
// (linux 6.1 fs/btrfs/block-group.c:163-165) takes that lock again only inside
// `if (WARN_ON(!list_empty(&cache->discard_list)))`, which a block group on the list,
// holding a reference for it, never reaches. What is reached only where a WARN*() fired
// is set aside and counted; bad_put_unchecked() takes the lock again on a plain test.
#include <linux/bug.h>
#include <linux/spinlock.h>

struct discard_ctl {
	spinlock_t lock;
};

struct block_group {
	int on_discard_list;
	struct discard_ctl *ctl;
};

static void remove_from_discard_list(struct discard_ctl *ctl, struct block_group *bg)
{
	spin_lock(&ctl->lock); // expected-warning{{acquiring 'discard_ctl.lock' that is already held}}
	bg->on_discard_list = 0;
	spin_unlock(&ctl->lock);
}

static void put_block_group(struct block_group *bg)
{
	if (WARN_ON(bg->on_discard_list))
		remove_from_discard_list(bg->ctl, bg);
}

static void put_block_group_unchecked(struct block_group *bg)
{
	if (bg->on_discard_list)
		remove_from_discard_list(bg->ctl, bg); // expected-note{{calling 'remove_from_discard_list'}}
}

void ok_discard_work(struct block_group *bg)
{
	spin_lock(&bg->ctl->lock);
	put_block_group(bg);
	spin_unlock(&bg->ctl->lock);
}

void bad_put_unchecked(struct block_group *bg) // expected-note{{entry point 'bad_put_unchecked'}}
{
	spin_lock(&bg->ctl->lock); // expected-note{{'discard_ctl.lock' acquired here}}
	put_block_group_unchecked(bg); // expected-note{{calling 'put_block_group_unchecked'}}
	spin_unlock(&bg->ctl->lock);
}
