// A recursive lock helper: every path returns holding the root's lock, the recursive
// call included. The analysis cuts the recursion where the helper's summary is still
// being computed, so the inner call seems to take nothing; the returns of a function
// whose summary rests on such a cut are not compared, rather than reported from what
// the cut hid.
// expected-no-diagnostics
#include <linux/mutex.h>

struct node {
	struct mutex lock;
	struct node *parent;
	int refs;
};

static struct node *lock_root(struct node *n)
{
	if (n->parent)
		return lock_root(n->parent);
	mutex_lock(&n->lock);
	return n;
}

void ok_lock_root(struct node *n)
{
	struct node *root = lock_root(n);

	root->refs++;
	mutex_unlock(&root->lock);
}
