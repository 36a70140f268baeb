// An error code tested twice: ext4_convert_inline_data_to_extent() (linux 6.1) takes
// xattr_sem, releases it `if (ret)`, and then `goto retry` only `if (ret == -ENOSPC &&
// ...)`. Where the first test found ret zero the lock is still held, but the second
// cannot be true there, so the retry never re-takes a held lock. The same function
// without the release on error is reported: the flag keeps the first way into the loop
// (sem_held 0, nothing held) apart from the retry (sem_held 1, lock held).
#include <linux/errno.h>
#include <linux/rwsem.h>

struct inode {
	struct rw_semaphore xattr_sem;
};
extern int write_inline(struct inode *inode);
extern int should_retry(struct inode *inode);

void ok_release_before_retry(struct inode *inode)
{
	int ret, sem_held;

retry:
	down_write(&inode->xattr_sem);
	sem_held = 1;
	ret = write_inline(inode);
	if (ret) {
		up_write(&inode->xattr_sem);
		sem_held = 0;
	}
	if (ret == -ENOSPC && should_retry(inode))
		goto retry;
	if (sem_held)
		up_write(&inode->xattr_sem);
}

void bad_retry_while_held(struct inode *inode) // expected-note{{entry point 'bad_retry_while_held'}}
{
	int ret, sem_held = 0;

retry:
	down_write(&inode->xattr_sem); // expected-note{{'inode.xattr_sem' acquired here}} expected-warning{{acquiring 'inode.xattr_sem' that is already held}}
	sem_held = 1;
	ret = write_inline(inode);
	if (ret == -ENOSPC && should_retry(inode))
		goto retry;
	if (sem_held)
		up_write(&inode->xattr_sem);
}
