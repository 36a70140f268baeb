// lockcheck-args: --checkers=contract,recursive-lock,sleep-in-atomic,imbalance
// srcu_read_lock(ssp) is __acquires(ssp) and srcu_read_unlock(ssp, idx) __releases(ssp)
// over the out-of-line __srcu_read_lock()/__srcu_read_unlock() (linux 6.1
// include/linux/srcu.h:60-193), so their promises hold only if the read side is held
// like a lock (fsnotify's mark_srcu, fs/notify/mark.c:451-490). A section nests in
// another, as dquot_srcu's do through calls (fs/quota/dquot.c:1741, 1893), and a reader
// may sleep. bad_leave_on_error() leaves it held on one return.
#include <linux/compiler.h>
#include <linux/delay.h>
#include <linux/srcu.h>

struct srcu_struct mark_srcu;

struct wait_info {
	int srcu_idx;
	int marks;
};

void ok_finish_wait(struct wait_info *info)
	__acquires(&mark_srcu)
{
	info->srcu_idx = srcu_read_lock(&mark_srcu);
}

void ok_prepare_wait(struct wait_info *info)
	__releases(&mark_srcu)
{
	info->marks++;
	srcu_read_unlock(&mark_srcu, info->srcu_idx);
}

void ok_wait(struct wait_info *info)
{
	ok_finish_wait(info);
	ok_prepare_wait(info);
}

static void claim_reader_sleeps(struct wait_info *info)
{
	int idx = srcu_read_lock(&mark_srcu);

	msleep(1);
	info->marks--;
	srcu_read_unlock(&mark_srcu, idx);
}

void ok_nested_reader_sleeps(struct wait_info *info)
{
	int idx = srcu_read_lock(&mark_srcu);

	claim_reader_sleeps(info);
	srcu_read_unlock(&mark_srcu, idx);
}

int bad_leave_on_error(struct wait_info *info) // expected-warning{{'bad_leave_on_error' returns with 'mark_srcu' held on some paths and not on others}} expected-note{{entry point 'bad_leave_on_error'}}
{
	int idx = srcu_read_lock(&mark_srcu); // expected-note{{'mark_srcu' acquired here}}

	if (!info->marks)
		return -1;
	srcu_read_unlock(&mark_srcu, idx);
	return 0;
}
