// Driver self-test, not a lockcheck case: it exists to prove that verify.py fails when a
// case's expectations are wrong. Run it with `verify.py --expect-failure`; never fix it.
//
// lockcheck does warn about bad_twice(), but the warning below names the wrong lock
// ('obj.other' instead of the lock taken twice) and the note on the first down_write()
// is deliberately missing, so the driver must report one warning expected but not seen,
// one warning seen but not expected and one note seen but not expected.
//
// The declarations are inline so that this file does not depend on testdata/include.

struct rw_semaphore { int c; };
extern void down_write(struct rw_semaphore *);
extern void up_write(struct rw_semaphore *);
struct obj { struct rw_semaphore lock; };

void bad_twice(struct obj *o)
{
	down_write(&o->lock);
	down_write(&o->lock); // expected-warning{{acquiring 'obj.other' that is already held}}
}
