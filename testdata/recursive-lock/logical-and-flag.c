// A lock taken only when a flag parameter is set, behind `&&`, as in f2fs's
// `if (test_opt(sbi, DATA_FLUSH) && from_bg) mutex_lock(&sbi->flush_lock);`:
// Clang's CFG evaluates each operand of `&&` in a block of its own, and the
// constant argument prunes the branch on the one that names the parameter.
#include <linux/mutex.h>

struct sb_info {
	struct mutex flush_lock;
	int opts;
};

static void balance_bg(struct sb_info *sbi, int from_bg)
{
	if (sbi->opts && from_bg)
		mutex_lock(&sbi->flush_lock); // expected-warning{{acquiring 'sb_info.flush_lock' that is already held}}
	if (sbi->opts && from_bg)
		mutex_unlock(&sbi->flush_lock);
}

void ok_flush_then_balance(struct sb_info *sbi)
{
	mutex_lock(&sbi->flush_lock);
	balance_bg(sbi, 0);
	mutex_unlock(&sbi->flush_lock);
}

void bad_flush_then_balance_bg(struct sb_info *sbi) // expected-note{{entry point 'bad_flush_then_balance_bg'}}
{
	mutex_lock(&sbi->flush_lock); // expected-note{{'sb_info.flush_lock' acquired here}}
	balance_bg(sbi, 1); // expected-note{{calling 'balance_bg'}}
	mutex_unlock(&sbi->flush_lock);
}
