// A finding needs one certainty: either both locks are provably the same object, or
// every call on the way from the first lock to the second resolves to a known function.
// When the second lock's object comes back from a function (an inode looked up by
// number) *and* a call on the way falls back to every table's slot (nothing bound the
// struct type), the pair is counted in the summary's set-aside stats, not reported.
#include <linux/rwsem.h>

struct inode {
	struct rw_semaphore i_rwsem;
};
struct notifier_ops {
	void (*notify)(struct inode *dir);
};
struct notifier {
	const struct notifier_ops *ops;
};
extern struct inode *lookup_inode(int ino);

static void quota_notify(struct inode *dir)
{
	struct inode *quota_inode = lookup_inode(3);

	down_write(&quota_inode->i_rwsem); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&quota_inode->i_rwsem);
}

const struct notifier_ops quota_notifier_ops = {
	.notify = quota_notify,
};

void ok_through_an_unbound_table(struct inode *dir, struct notifier *n)
{
	down_write(&dir->i_rwsem);
	n->ops->notify(dir);
	up_write(&dir->i_rwsem);
}

void bad_direct_call(struct inode *dir) // expected-note{{entry point 'bad_direct_call'}}
{
	down_write(&dir->i_rwsem); // expected-note{{'inode.i_rwsem' acquired here}}
	quota_notify(dir); // expected-note{{calling 'quota_notify'}}
	up_write(&dir->i_rwsem);
}
