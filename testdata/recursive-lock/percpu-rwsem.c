// A percpu_rw_semaphore read-held and taken again for write by the same task waits for
// itself: ext4 (linux 6.1) write-locks `s_writepages_rwsem` in
// ext4_change_inode_journal_flag() (fs/ext4/inode.c:6246) against the readers in
// ext4_writepages() (2719). Read, release, write is silent.
#include <linux/percpu-rwsem.h>

struct sb_info {
	struct percpu_rw_semaphore writepages_rwsem;
};

static void writepages(struct sb_info *sbi)
{
	percpu_down_read(&sbi->writepages_rwsem); // expected-note{{'sb_info.writepages_rwsem' acquired here}}
	percpu_down_write(&sbi->writepages_rwsem); // expected-warning{{acquiring 'sb_info.writepages_rwsem' that is already held}}
	percpu_up_write(&sbi->writepages_rwsem);
	percpu_up_read(&sbi->writepages_rwsem);
}

void bad_flag_change(struct sb_info *sbi) // expected-note{{entry point 'bad_flag_change'}}
{
	writepages(sbi); // expected-note{{calling 'writepages'}}
}

void change_journal_flag(struct sb_info *sbi)
{
	percpu_down_read(&sbi->writepages_rwsem);
	percpu_up_read(&sbi->writepages_rwsem);
	percpu_down_write(&sbi->writepages_rwsem);
	percpu_up_write(&sbi->writepages_rwsem);
}
