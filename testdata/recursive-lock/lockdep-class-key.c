// lockdep_set_class() gives a lock the class of its key: gfs2 keys the i_rwsem of its quota
// inode, `sdp->sd_quota_inode`, when it stores the pointer (fs/gfs2/ops_fstype.c:905-916 in
// linux 6.1), so lockdep never confuses it with the i_rwsem of the file or directory whose
// write or create ends up syncing quota. lockcheck names locks by the path they are reached
// through: a lock reached through a keyed pointer field is of the key's class, when the
// function that keys it also stores that field and the key is a global. The facts are the
// same with and without CONFIG_PROVE_LOCKING (analyzer/unittests/tool/test_lockdep_facts.py).
#include <linux/lockdep.h>
#include <linux/rwsem.h>

struct node {
	struct rw_semaphore sem;
};

struct fs_info {
	struct node *quota;
	struct node *journal;
	struct node *log;
};

struct node_info {
	struct node vfs_node;
	int blocks;
};

/* A node found through a call lockcheck does not follow: which one, it cannot tell. */
extern struct node *node_lookup(struct fs_info *fs);
extern struct node *node_read(struct fs_info *fs, int which);

static struct lock_class_key quota_key, journal_key, log_key, log_other_key;

void fs_init_quota(struct fs_info *fs)
{
	fs->quota = node_read(fs, 1);
	lockdep_set_class(&fs->quota->sem, &quota_key);
}

static void node_lock(struct node *n)
{
	down_write(&n->sem); // expected-note{{calling 'down_write'}}
}

static void node_unlock(struct node *n)
{
	up_write(&n->sem);
}

#define NODE_INFO(n) ((struct node_info *)(n))

// The quota node's lock under another node's: two lockdep classes, whichever node the
// lookup found, through a wrapper, a local copy of the pointer or a container.
void ok_quota_under_a_node(struct fs_info *fs)
{
	struct node *n = node_lookup(fs);
	struct node *q = fs->quota;

	down_write(&n->sem);
	node_lock(fs->quota);
	node_unlock(fs->quota);
	down_write(&q->sem);
	up_write(&q->sem);
	down_write(&NODE_INFO(fs->quota)->vfs_node.sem);
	up_write(&NODE_INFO(fs->quota)->vfs_node.sem);
	up_write(&n->sem);
}

// The quota node twice: one class, one object.
void bad_quota_twice(struct fs_info *fs) // expected-note{{entry point 'bad_quota_twice'}}
{
	down_write(&fs->quota->sem); // expected-note{{'node.sem(quota_key)' acquired here}}
	node_lock(fs->quota); // expected-warning{{acquiring 'node.sem(quota_key)' that is already held}}
	node_unlock(fs->quota);
	up_write(&fs->quota->sem);
}

// Keyed where the field is not stored: the node behind `journal` may be any node, keyed
// elsewhere or not at all, and keeps its field's class.
void fs_key_journal(struct fs_info *fs)
{
	lockdep_set_class(&fs->journal->sem, &journal_key);
}

void bad_journal_under_a_node(struct fs_info *fs) // expected-note{{entry point 'bad_journal_under_a_node'}}
{
	struct node *n = node_lookup(fs);

	down_write(&n->sem); // expected-note{{'node.sem' acquired here}}
	down_write(&fs->journal->sem); // expected-warning{{acquiring 'node.sem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&fs->journal->sem);
	up_write(&n->sem);
}

// A field keyed with two keys: which class its node's lock has depends on the store, so
// it keeps its field's class.
void fs_init_log(struct fs_info *fs)
{
	fs->log = node_read(fs, 2);
	lockdep_set_class_and_name(&fs->log->sem, &log_key, "log");
}

void fs_reinit_log(struct fs_info *fs)
{
	fs->log = node_read(fs, 3);
	lockdep_set_class(&fs->log->sem, &log_other_key);
}

void bad_log_under_a_node(struct fs_info *fs) // expected-note{{entry point 'bad_log_under_a_node'}}
{
	struct node *n = node_lookup(fs);

	down_write(&n->sem); // expected-note{{'node.sem' acquired here}}
	down_write(&fs->log->sem); // expected-warning{{acquiring 'node.sem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&fs->log->sem);
	up_write(&n->sem);
}
