// No two locks are taken in both orders, yet 'ring.a' -> 'ring.b' -> 'ring.c' -> 'ring.a'
// is a cycle: three tasks, each in one of these functions, can each hold one lock and
// wait for the next. Lockdep finds it as a chain of existing dependencies closed by a
// new one; the notes give the chain from the new lock back to the held one, then the
// new dependency. ok_c_alone() takes 'ring.c' on its own and orders nothing.
#include <linux/mutex.h>

struct ring {
	struct mutex a;
	struct mutex b;
	struct mutex c;
	int head;
};

void take_ab(struct ring *r) // expected-note{{entry point 'take_ab'}}
{
	mutex_lock(&r->a); // expected-note{{'ring.a' acquired here}}
	mutex_lock(&r->b); // expected-note{{existing dependency 'ring.a' -> 'ring.b': 'ring.b' acquired while 'ring.a' is held}}
	r->head++;
	mutex_unlock(&r->b);
	mutex_unlock(&r->a);
}

void take_bc(struct ring *r) // expected-note{{entry point 'take_bc'}}
{
	mutex_lock(&r->b); // expected-note{{'ring.b' acquired here}}
	mutex_lock(&r->c); // expected-note{{existing dependency 'ring.b' -> 'ring.c': 'ring.c' acquired while 'ring.b' is held}}
	r->head++;
	mutex_unlock(&r->c);
	mutex_unlock(&r->b);
}

void ok_c_alone(struct ring *r)
{
	mutex_lock(&r->c);
	r->head--;
	mutex_unlock(&r->c);
}

void take_ca(struct ring *r) // expected-note{{entry point 'take_ca'}}
{
	mutex_lock(&r->c); // expected-note{{'ring.c' acquired here}}
	mutex_lock(&r->a); // expected-warning{{possible circular locking dependency: acquiring 'ring.a' while holding 'ring.c'}}
	r->head++;
	mutex_unlock(&r->a);
	mutex_unlock(&r->c);
}
