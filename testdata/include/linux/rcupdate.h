/* Mock of the kernel's <linux/rcupdate.h> for lockcheck testdata: inline wrappers. */
#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H

extern void __rcu_read_lock(void);
extern void __rcu_read_unlock(void);

static inline void rcu_read_lock(void)
{
	__rcu_read_lock();
}

static inline void rcu_read_unlock(void)
{
	__rcu_read_unlock();
}

#endif
