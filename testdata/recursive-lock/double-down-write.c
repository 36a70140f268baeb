// The simplest recursion: one rwsem class taken twice in one function, with no
// wrapper in between. An rwsem taken in any mode after any mode is reported: a
// second down_read() can deadlock too, behind a writer queued between the two.
#include <linux/rwsem.h>

struct obj {
	struct rw_semaphore sem;
	struct rw_semaphore other_sem;
	int count;
};

void bad_double_down_write(struct obj *o) // expected-note{{entry point 'bad_double_down_write'}}
{
	down_write(&o->sem); // expected-note{{'obj.sem' acquired here}}
	o->count++;
	down_write(&o->sem); // expected-warning{{acquiring 'obj.sem' that is already held}}
	up_write(&o->sem);
	up_write(&o->sem);
}

void bad_down_read_under_down_write(struct obj *o) // expected-note{{entry point 'bad_down_read_under_down_write'}}
{
	down_write(&o->sem); // expected-note{{'obj.sem' acquired here}}
	down_read(&o->sem); // expected-warning{{acquiring 'obj.sem' that is already held}}
	up_read(&o->sem);
	up_write(&o->sem);
}

void bad_down_read_twice(struct obj *o) // expected-note{{entry point 'bad_down_read_twice'}}
{
	down_read(&o->sem); // expected-note{{'obj.sem' acquired here}}
	down_read(&o->sem); // expected-warning{{acquiring 'obj.sem' that is already held}}
	up_read(&o->sem);
	up_read(&o->sem);
}

// Look-alike of bad_double_down_write: the lock is dropped before it is taken again.
void ok_unlock_in_between(struct obj *o)
{
	down_write(&o->sem);
	o->count++;
	up_write(&o->sem);
	down_write(&o->sem);
	o->count--;
	up_write(&o->sem);
}

// Look-alike of bad_double_down_write: two rwsem fields of one struct are two classes.
void ok_two_fields(struct obj *o)
{
	down_write(&o->sem);
	down_write(&o->other_sem);
	o->count++;
	up_write(&o->other_sem);
	up_write(&o->sem);
}
