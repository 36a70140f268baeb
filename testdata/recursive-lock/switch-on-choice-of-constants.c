// An argument chosen between constants carries the bits they agree on: f2fs's
// __add_dirty_inode() (linux 6.1 fs/f2fs/checkpoint.c:1030) passes
// `flag = (type == DIR_INODE) ? FI_DIRTY_DIR : FI_DIRTY_FILE` (3 or 19) down to
// __mark_inode_dirty_flag()'s `switch (flag)` (fs/f2fs/f2fs.h:3027), which dirties the
// inode, taking sbi->inode_lock[DIRTY_META], only for other flags. bad_mark_choice()
// may pass FI_DATA_EXIST (16), which its case takes; bad_mark_changed() passes a local
// assigned again before the call, which says nothing of its value.
#include <linux/spinlock.h>

enum { FI_NEW_INODE, FI_DIRTY_INODE, FI_AUTO_RECOVER, FI_DIRTY_DIR, FI_INLINE_DATA = 10,
       FI_DATA_EXIST = 16, FI_DIRTY_FILE = 19, FI_PIN_FILE = 24 };

struct sb_info {
	spinlock_t inode_lock;
};

static void mark_inode_dirty_sync(struct sb_info *sbi)
{
	spin_lock(&sbi->inode_lock); // expected-warning 2 {{acquiring 'sb_info.inode_lock' that is already held}}
	spin_unlock(&sbi->inode_lock);
}

static void mark_inode_dirty_flag(struct sb_info *sbi, int flag)
{
	switch (flag) {
	case FI_INLINE_DATA:
	case FI_DATA_EXIST:
	case FI_PIN_FILE:
		mark_inode_dirty_sync(sbi); // expected-note 2 {{calling 'mark_inode_dirty_sync'}}
	}
}

static void set_inode_flag(struct sb_info *sbi, int flag)
{
	mark_inode_dirty_flag(sbi, flag); // expected-note 2 {{calling 'mark_inode_dirty_flag'}}
}

void ok_add_dirty_inode(struct sb_info *sbi, int dir)
{
	int flag = dir ? FI_DIRTY_DIR : FI_DIRTY_FILE;

	spin_lock(&sbi->inode_lock);
	set_inode_flag(sbi, flag);
	spin_unlock(&sbi->inode_lock);
}

void bad_mark_choice(struct sb_info *sbi, int dir) // expected-note{{entry point 'bad_mark_choice'}}
{
	spin_lock(&sbi->inode_lock); // expected-note{{'sb_info.inode_lock' acquired here}}
	set_inode_flag(sbi, dir ? FI_DIRTY_DIR : FI_DATA_EXIST); // expected-note{{calling 'set_inode_flag'}}
	spin_unlock(&sbi->inode_lock);
}

void bad_mark_changed(struct sb_info *sbi, int dir, int other) // expected-note{{entry point 'bad_mark_changed'}}
{
	int flag = dir ? FI_DIRTY_DIR : FI_DIRTY_FILE;

	if (other)
		flag = other;
	spin_lock(&sbi->inode_lock); // expected-note{{'sb_info.inode_lock' acquired here}}
	set_inode_flag(sbi, flag); // expected-note{{calling 'set_inode_flag'}}
	spin_unlock(&sbi->inode_lock);
}
