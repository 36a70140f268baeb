// Recursion through lock-taking functions: the analysis cuts a call-graph cycle where
// a summary is demanded while it is being computed, and must terminate. The file is silent:
// every function drops its lock before it recurses, and lock_root(), a recursive
// wrapper, returns holding one lock that its caller releases once.
// expected-no-diagnostics
#include <linux/mutex.h>
#include <linux/types.h>

struct node {
	struct mutex lock;
	struct node *parent;
	struct node *child;
	int refs;
	int children;
};

static DEFINE_MUTEX(walk_mutex);

static void put_parent(struct node *p);

// put_node() and put_parent() call each other, one tree level up each time.
static void put_node(struct node *n)
{
	struct node *parent;

	mutex_lock(&n->lock);
	n->refs--;
	parent = n->parent;
	mutex_unlock(&n->lock);
	if (parent)
		put_parent(parent);
}

static void put_parent(struct node *p)
{
	mutex_lock(&p->lock);
	p->children--;
	mutex_unlock(&p->lock);
	put_node(p);
}

void ok_put_node(struct node *n)
{
	put_node(n);
}

// Self-recursion around a global mutex.
static int depth(struct node *n)
{
	int here;

	if (!n)
		return 0;
	mutex_lock(&walk_mutex);
	here = n->refs > 0;
	mutex_unlock(&walk_mutex);
	return here + depth(n->child);
}

int ok_depth(struct node *n)
{
	return depth(n);
}

// A recursive wrapper: every path returns holding the root's lock.
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
