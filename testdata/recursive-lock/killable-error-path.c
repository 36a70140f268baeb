// mutex_lock_killable() and mutex_lock_interruptible() return 0 when they took the
// lock and an error when a signal ended the wait; the lock is held only on the
// success path. The result is tested directly or through a variable.
#include <linux/errno.h>
#include <linux/mutex.h>

struct tty_port {
	struct mutex mutex;
	int count;
};

static DEFINE_MUTEX(tty_mutex);

int bad_relock_after_killable(struct tty_port *port) // expected-note{{entry point 'bad_relock_after_killable'}}
{
	int ret;

	ret = mutex_lock_killable(&port->mutex); // expected-note{{'tty_port.mutex' acquired here}}
	if (ret)
		return ret;
	port->count++;
	mutex_lock(&port->mutex); // expected-warning{{acquiring 'tty_port.mutex' that is already held}}
	mutex_unlock(&port->mutex);
	mutex_unlock(&port->mutex);
	return 0;
}

// Look-alike of bad_relock_after_killable: the blocking lock is on the error path,
// where the killable lock was not taken.
int ok_lock_on_killed_path(struct tty_port *port)
{
	int ret;

	ret = mutex_lock_killable(&port->mutex);
	if (ret)
		mutex_lock(&port->mutex);
	port->count++;
	mutex_unlock(&port->mutex);
	return 0;
}

// A global mutex: its class is the variable's name.
int bad_relock_after_interruptible(void) // expected-note{{entry point 'bad_relock_after_interruptible'}}
{
	if (mutex_lock_interruptible(&tty_mutex)) // expected-note{{'tty_mutex' acquired here}}
		return -ERESTARTSYS;
	mutex_lock(&tty_mutex); // expected-warning{{acquiring 'tty_mutex' that is already held}}
	mutex_unlock(&tty_mutex);
	mutex_unlock(&tty_mutex);
	return 0;
}

// Look-alike of bad_relock_after_interruptible: the blocking lock is on the
// interrupted branch only, and that branch returns after it.
int ok_lock_when_interrupted(void)
{
	if (mutex_lock_interruptible(&tty_mutex)) {
		mutex_lock(&tty_mutex);
		mutex_unlock(&tty_mutex);
		return -EINTR;
	}
	mutex_unlock(&tty_mutex);
	return 0;
}
