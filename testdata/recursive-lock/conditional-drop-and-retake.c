// A helper that drops its caller's lock when told to and takes it again: with the
// caller holding the lock, the way that does not drop it deadlocks. A constant
// argument decides the test in the caller's context, so bad_not_dropped() is
// reported and ok_dropped() is not. Where nothing decides the test, a lock
// released on some way counts as released (README, "Held locks and recursion"),
// and the helper is not reported: a recall the analysis gives up for precision.
#include <linux/mutex.h>

struct obj {
	int n;
	struct mutex m;
};

static void retake(struct obj *o, int drop)
{
	if (drop)
		mutex_unlock(&o->m);
	mutex_lock(&o->m); // expected-note{{calling 'mutex_lock'}}
}

void bad_not_dropped(struct obj *o) // expected-note{{entry point 'bad_not_dropped'}}
{
	mutex_lock(&o->m); // expected-note{{'obj.m' acquired here}}
	retake(o, 0); // expected-warning{{acquiring 'obj.m' that is already held}}
	mutex_unlock(&o->m);
}

void ok_dropped(struct obj *o)
{
	mutex_lock(&o->m);
	retake(o, 1);
	mutex_unlock(&o->m);
}
