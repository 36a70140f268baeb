// lockcheck-args: --checkers=imbalance
// expected-no-diagnostics
// A reference drop that takes the list lock only when the count reaches zero, as
// nfs_put_client() does (fs/nfs/client.c:275 in linux 6.1): refcount_dec_and_lock() returns
// true holding the lock, and the caller releases it on that branch only. Both returns leave
// the caller's locks as they were. Reported as releasing the caller's 'obj_list.lock' on
// some paths while refcount_dec_and_lock(), whose body is in lib/, was not annotated.
#include <linux/refcount.h>
#include <linux/spinlock.h>

struct obj_list {
	spinlock_t lock;
	int count;
};

struct obj {
	refcount_t ref;
	struct obj_list *list;
};

extern void obj_free(struct obj *o);

void obj_put(struct obj *o)
{
	struct obj_list *list = o->list;

	if (refcount_dec_and_lock(&o->ref, &list->lock)) {
		list->count--;
		spin_unlock(&list->lock);
		obj_free(o);
	}
}
