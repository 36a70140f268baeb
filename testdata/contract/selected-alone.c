// --checkers selects the contract checker as it selects any other: the lockdep assertion
// is reported, and the re-acquisition on the same path, recursive-lock's, is not.
// lockcheck-args: --checkers=contract
#include "vfs.h"

struct table {
	struct mutex lock;
	int size;
};

static void table_grow(struct table *t)
{
	lockdep_assert_not_held(&t->lock); // expected-warning{{lockdep_assert_not_held() of 'table.lock' is reached with it held}}
	mutex_lock(&t->lock);
	t->size++;
	mutex_unlock(&t->lock);
}

void table_insert(struct table *t) // expected-note{{entry point 'table_insert'}}
{
	mutex_lock(&t->lock); // expected-note{{'table.lock' acquired here}}
	table_grow(t); // expected-note{{calling 'table_grow'}}
	mutex_unlock(&t->lock);
}
