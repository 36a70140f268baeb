// An ordering test on a parameter is decided by a constant argument: btrfs's
// search_leaf() (linux 6.1, fs/btrfs/ctree.c) splits a leaf, which may allocate and
// take the tree's locks again, only `if (ins_len > 0)`; a read-only search passes 0
// and an update `0, 1`. The decision holds only while the parameter keeps the
// caller's value: a test that a change of the parameter can reach (`ins_len++` in
// the loop around it) is undecided.
#include <linux/mutex.h>

struct tree {
	struct mutex lock;
};

static void split_leaf(struct tree *t)
{
	mutex_lock(&t->lock); // expected-warning 4 {{acquiring 'tree.lock' that is already held}}
	mutex_unlock(&t->lock);
}

static void search_leaf(struct tree *t, int ins_len)
{
	if (ins_len > 0) {
		ins_len -= 8;
		split_leaf(t); // expected-note 2 {{calling 'split_leaf'}}
	}
}

static void search_at_most(struct tree *t, int max_level)
{
	if (0 >= max_level)
		return;
	split_leaf(t); // expected-note{{calling 'split_leaf'}}
}

static void search_retrying(struct tree *t, int ins_len)
{
	for (int i = 0; i < 3; i++) {
		if (ins_len >= 1)
			split_leaf(t); // expected-note{{calling 'split_leaf'}}
		ins_len++;
	}
}

void ok_read_only(struct tree *t)
{
	mutex_lock(&t->lock);
	search_leaf(t, 0);
	mutex_unlock(&t->lock);
}

void ok_error_code(struct tree *t)
{
	mutex_lock(&t->lock);
	search_leaf(t, -22);
	search_at_most(t, 0);
	mutex_unlock(&t->lock);
}

void bad_insert(struct tree *t) // expected-note{{entry point 'bad_insert'}}
{
	mutex_lock(&t->lock); // expected-note{{'tree.lock' acquired here}}
	search_leaf(t, 16); // expected-note{{calling 'search_leaf'}}
	mutex_unlock(&t->lock);
}

void bad_unknown_length(struct tree *t, int len) // expected-note{{entry point 'bad_unknown_length'}}
{
	mutex_lock(&t->lock); // expected-note{{'tree.lock' acquired here}}
	search_leaf(t, len); // expected-note{{calling 'search_leaf'}}
	mutex_unlock(&t->lock);
}

void bad_level(struct tree *t) // expected-note{{entry point 'bad_level'}}
{
	mutex_lock(&t->lock); // expected-note{{'tree.lock' acquired here}}
	search_at_most(t, 2); // expected-note{{calling 'search_at_most'}}
	mutex_unlock(&t->lock);
}

void bad_changed_in_loop(struct tree *t) // expected-note{{entry point 'bad_changed_in_loop'}}
{
	mutex_lock(&t->lock); // expected-note{{'tree.lock' acquired here}}
	search_retrying(t, 0); // expected-note{{calling 'search_retrying'}}
	mutex_unlock(&t->lock);
}
