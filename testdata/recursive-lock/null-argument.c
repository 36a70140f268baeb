// A null pointer argument is a constant like any other: the callee's `if (block_group)`
// branch is pruned for it. Reduced from btrfs_truncate_free_space_cache() in linux 6.1,
// which takes cache_write_mutex only for a block group, and is called with NULL by
// cache_save_setup() under that very mutex.
#include <linux/mutex.h>
#include <linux/types.h>

struct transaction {
	struct mutex cache_write_mutex;
};
struct block_group {
	int flags;
};

static void truncate_cache(struct transaction *trans, struct block_group *block_group)
{
	if (block_group)
		mutex_lock(&trans->cache_write_mutex); // expected-warning{{acquiring 'transaction.cache_write_mutex' that is already held}}
	if (block_group)
		mutex_unlock(&trans->cache_write_mutex);
}

void ok_null_block_group(struct transaction *trans)
{
	mutex_lock(&trans->cache_write_mutex);
	truncate_cache(trans, NULL);
	mutex_unlock(&trans->cache_write_mutex);
}

void bad_real_block_group(struct transaction *trans, struct block_group *bg) // expected-note{{entry point 'bad_real_block_group'}}
{
	mutex_lock(&trans->cache_write_mutex); // expected-note{{'transaction.cache_write_mutex' acquired here}}
	truncate_cache(trans, bg); // expected-note{{calling 'truncate_cache'}}
	mutex_unlock(&trans->cache_write_mutex);
}
