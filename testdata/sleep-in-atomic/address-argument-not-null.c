// lockcheck-args: --checkers=sleep-in-atomic
// locks_delete_lock_ctx(fl, dispose) (linux 6.1 fs/locks.c:829) queues the lock on
// its caller's dispose list and frees it in place, which may sleep, only when dispose
// is NULL; every caller under flc_lock passes `&dispose`, the address of a local list
// (fs/locks.c:1039), which is never NULL. The address of a list kept in a struct behind a
// pointer is not NULL either when the list is not the struct's first field: even where the
// pointer is NULL, its address is the field's offset. bad_free_in_place() passes NULL,
// bad_dispose_replaced()'s callee may replace the list it was given before the test, and
// bad_dispose_first_field()'s list is its struct's first field, NULL where the pointer is.
#include <linux/delay.h>
#include <linux/types.h>
#include <linux/spinlock.h>

struct ctx {
	spinlock_t lock;
};

struct item {
	int id;
	struct item *next;
};

struct list {
	struct item *first;
};

struct owner {
	int id;
	struct list dispose;
};

struct list_first {
	struct list dispose;
	int id;
};

// The list is first in the inner struct, which is not first in this one: the
// offsets add up to a nonzero one.
struct nested {
	int id;
	struct list_first inner;
};

static void free_item(struct item *it)
{
	msleep(1); // expected-warning 3 {{'msleep' may sleep while 'ctx.lock' is held (atomic context)}}
}

static void delete_item(struct item *it, struct list *dispose)
{
	if (dispose)
		dispose->first = it;
	else
		free_item(it); // expected-note 2 {{calling 'free_item'}}
}

static void delete_item_or_fallback(struct item *it, struct list *dispose, struct list *fallback)
{
	if (it->id)
		dispose = fallback;
	if (!dispose)
		free_item(it); // expected-note{{calling 'free_item'}}
	else
		dispose->first = it;
}

void ok_dispose_later(struct ctx *c, struct item *it)
{
	struct list dispose;

	spin_lock(&c->lock);
	delete_item(it, &dispose);
	spin_unlock(&c->lock);
}

void bad_free_in_place(struct ctx *c, struct item *it) // expected-note{{entry point 'bad_free_in_place'}}
{
	spin_lock(&c->lock); // expected-note{{'ctx.lock' acquired here}}
	delete_item(it, NULL); // expected-note{{calling 'delete_item'}}
	spin_unlock(&c->lock);
}

void bad_dispose_replaced(struct ctx *c, struct item *it, struct list *fallback) // expected-note{{entry point 'bad_dispose_replaced'}}
{
	struct list dispose;

	spin_lock(&c->lock); // expected-note{{'ctx.lock' acquired here}}
	delete_item_or_fallback(it, &dispose, fallback); // expected-note{{calling 'delete_item_or_fallback'}}
	spin_unlock(&c->lock);
}

void ok_dispose_in_owner(struct ctx *c, struct item *it, struct owner *o)
{
	spin_lock(&c->lock);
	delete_item(it, &o->dispose);
	spin_unlock(&c->lock);
}

void ok_dispose_nested(struct ctx *c, struct item *it, struct nested *n)
{
	spin_lock(&c->lock);
	delete_item(it, &n->inner.dispose);
	spin_unlock(&c->lock);
}

void bad_dispose_first_field(struct ctx *c, struct item *it, struct list_first *o) // expected-note{{entry point 'bad_dispose_first_field'}}
{
	spin_lock(&c->lock); // expected-note{{'ctx.lock' acquired here}}
	delete_item(it, &o->dispose); // expected-note{{calling 'delete_item'}}
	spin_unlock(&c->lock);
}
