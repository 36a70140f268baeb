// lockcheck-args: --checkers=sleep-in-atomic
// A flag stored through a local pointer to a field of a heap object reaches the
// callee's test of it. fuse_send_writepage(), called with fuse_inode.lock held, sets
// `args->force = true` with `args = &wpa->ia.ap.args` (linux 6.1, fs/fuse/file.c:1738,
// 1753) before fuse_simple_background(), which then allocates its request with the
// caller's GFP_ATOMIC instead of calling fuse_get_req(), which may sleep
// (fs/fuse/dev.c:555-563). Its look-alikes do not set the flag, or hand the object to
// a call (through another pointer to it) between the store and the call.
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct fuse_conn {
	spinlock_t lock;
	struct mutex req_mutex;
	int waiting;
};

struct fuse_args {
	bool force:1;
	bool nocreds:1;
	int opcode;
};

struct fuse_args_pages {
	struct fuse_args args;
	unsigned int num_pages;
};

struct writepage_args {
	struct fuse_conn *fc;
	struct fuse_args_pages ap;
};

static void get_req(struct fuse_conn *fc)
{
	mutex_lock(&fc->req_mutex); // expected-warning 3{{acquiring mutex 'fuse_conn.req_mutex', which may sleep, while 'fuse_conn.lock' is held (atomic context)}}
	fc->waiting++;
	mutex_unlock(&fc->req_mutex);
}

static int simple_background(struct fuse_conn *fc, struct fuse_args *args)
{
	if (!args->force)
		get_req(fc); // expected-note 3{{calling 'get_req'}}
	return 0;
}

static void account_pages(struct writepage_args *wpa)
{
	wpa->ap.num_pages = 0;
}

void ok_send_writepage(struct writepage_args *wpa)
{
	struct fuse_conn *fc = wpa->fc;
	struct fuse_args *args = &wpa->ap.args;

	spin_lock(&fc->lock);
	args->opcode = 16;
	args->force = true;
	args->nocreds = true;
	simple_background(fc, args);
	spin_unlock(&fc->lock);
}

void bad_send_unforced(struct writepage_args *wpa) // expected-note{{entry point 'bad_send_unforced'}}
{
	struct fuse_conn *fc = wpa->fc;
	struct fuse_args *args = &wpa->ap.args;

	spin_lock(&fc->lock); // expected-note{{'fuse_conn.lock' acquired here}}
	args->opcode = 16;
	args->nocreds = true;
	simple_background(fc, args); // expected-note{{calling 'simple_background'}}
	spin_unlock(&fc->lock);
}

void bad_send_after_account(struct writepage_args *wpa) // expected-note{{entry point 'bad_send_after_account'}}
{
	struct fuse_conn *fc = wpa->fc;
	struct fuse_args *args = &wpa->ap.args;

	spin_lock(&fc->lock); // expected-note{{'fuse_conn.lock' acquired here}}
	args->force = true;
	account_pages(wpa);
	simple_background(fc, args); // expected-note{{calling 'simple_background'}}
	spin_unlock(&fc->lock);
}

void bad_send_forced_on_one_branch(struct writepage_args *wpa, int reserved) // expected-note{{entry point 'bad_send_forced_on_one_branch'}}
{
	struct fuse_conn *fc = wpa->fc;
	struct fuse_args *args = &wpa->ap.args;

	spin_lock(&fc->lock); // expected-note{{'fuse_conn.lock' acquired here}}
	if (reserved)
		args->force = true;
	simple_background(fc, args); // expected-note{{calling 'simple_background'}}
	spin_unlock(&fc->lock);
}
