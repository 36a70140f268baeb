// Both sides take the rw_semaphores for reading, and it is still a deadlock: rwsem
// readers are non-recursive under lockdep (down_read() is read=1), because a writer
// queued on a semaphore blocks the readers that come after it. With a writer waiting
// on each semaphore, lookup() holding 'table.index' for reading waits for 'table.data'
// behind its writer, which waits for scan(), which holds 'table.data' and waits for
// 'table.index' behind the other writer. The safe look-alike takes them in one order:
// ok_lookup_in_order().
#include <linux/rwsem.h>

struct table {
	struct rw_semaphore index;
	struct rw_semaphore data;
	int rows;
};

int lookup(struct table *t) // expected-note{{entry point 'lookup'}}
{
	int rows;

	down_read(&t->index); // expected-note{{'table.index' acquired here}}
	down_read(&t->data); // expected-note{{existing dependency 'table.index' -> 'table.data': 'table.data' acquired while 'table.index' is held}}
	rows = t->rows;
	up_read(&t->data);
	up_read(&t->index);
	return rows;
}

int ok_lookup_in_order(struct table *t)
{
	int rows;

	down_read(&t->index);
	down_read(&t->data);
	rows = t->rows;
	up_read(&t->data);
	up_read(&t->index);
	return rows;
}

int scan(struct table *t) // expected-note{{entry point 'scan'}}
{
	int rows;

	down_read(&t->data); // expected-note{{'table.data' acquired here}}
	down_read(&t->index); // expected-warning{{possible circular locking dependency: acquiring 'table.index' while holding 'table.data'}}
	rows = t->rows;
	up_read(&t->index);
	up_read(&t->data);
	return rows;
}
