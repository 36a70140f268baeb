// Driver self-test, not a lockcheck case: it exists to prove that verify.py fails when
// lockcheck reports a finding that no expectation accounts for. Run it with
// `verify.py --expect-failure`; never fix it.
//
// bad_twice() really takes o->lock twice, yet the file claims silence.
//
// The declarations are inline so that this file does not depend on testdata/include.

// expected-no-diagnostics

struct rw_semaphore { int c; };
extern void down_write(struct rw_semaphore *);
extern void up_write(struct rw_semaphore *);
struct obj { struct rw_semaphore lock; };

void bad_twice(struct obj *o)
{
	down_write(&o->lock);
	down_write(&o->lock);
}
