// lockcheck-args: --checkers=imbalance
// Lock helpers whose test is a pure expression of one parameter, of no shape the
// facts name otherwise:
// - file_start_write() and file_end_write() (include/linux/fs.h:3022-3041) do
//   nothing `if (!S_ISREG(file_inode(file)->i_mode))`: a masked comparison of a
//   field read through an accessor;
// - read_seqbegin_or_lock() (include/linux/seqlock.h:1184) takes the lock only on an
//   odd `*seq`;
// - unlock_rename() (fs/namei.c:3136) releases the rename mutex only `if (p1 != p2)`,
//   whether its caller passed one parent twice.
// Each returns with the held set its argument chose. The same test of a value the
// helper read from a callee, or of a parameter it assigned first, is no input:
// both are reported.
#include <linux/mutex.h>
#include <linux/spinlock.h>

#define S_IFMT 00170000
#define S_IFREG 0100000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)

struct super {
	struct mutex writers;
};

struct node {
	unsigned short i_mode;
	struct super *i_sb;
};

struct open_file {
	struct node *f_inode;
};

static inline struct node *file_node(const struct open_file *f)
{
	return f->f_inode;
}

void start_write(struct open_file *file)
{
	if (!S_ISREG(file_node(file)->i_mode))
		return;
	mutex_lock(&file_node(file)->i_sb->writers);
}

void end_write(struct open_file *file)
{
	if (!S_ISREG(file_node(file)->i_mode))
		return;
	mutex_unlock(&file_node(file)->i_sb->writers);
}

struct seqlock {
	spinlock_t lock;
	unsigned sequence;
};

void seq_begin_or_lock(struct seqlock *sl, int *seq)
{
	if (!(*seq & 1))
		*seq = sl->sequence;
	else
		spin_lock(&sl->lock);
}

struct parent {
	struct mutex i_rwsem;
	struct super *sb;
};

void unlock_parents(struct parent *p1, struct parent *p2)
{
	mutex_unlock(&p1->i_rwsem);
	if (p1 != p2) {
		mutex_unlock(&p2->i_rwsem);
		mutex_unlock(&p1->sb->writers);
	}
}

void bad_unlock_parents_moved(struct parent *p1, struct parent *p2, struct parent *other) // expected-warning{{'bad_unlock_parents_moved' returns with 'super.writers' held on some paths and not on others}} expected-note{{entry point 'bad_unlock_parents_moved'}}
{
	mutex_unlock(&p1->i_rwsem);
	if (other)
		p2 = other;
	if (p1 != p2)
		mutex_unlock(&p1->sb->writers);
}

extern struct open_file *current_file(void);

void bad_start_write_current(struct open_file *file) // expected-warning{{'bad_start_write_current' returns with 'super.writers' held on some paths and not on others}} expected-note{{entry point 'bad_start_write_current'}}
{
	struct open_file *f = current_file();

	if (!S_ISREG(file_node(f)->i_mode))
		return;
	mutex_lock(&file_node(file)->i_sb->writers); // expected-note{{'super.writers' acquired here}}
}

void bad_seq_lock_reread(struct seqlock *sl, int *seq) // expected-warning{{'bad_seq_lock_reread' returns with 'seqlock.lock' held on some paths and not on others}} expected-note{{entry point 'bad_seq_lock_reread'}}
{
	seq = &sl->sequence;
	if (*seq & 1)
		spin_lock(&sl->lock); // expected-note{{'seqlock.lock' acquired here}}
}
