/* SRCU read-side sections as linux 6.1 declares them (include/linux/srcu.h:60-193). */
#ifndef _LINUX_SRCU_H
#define _LINUX_SRCU_H

#include <linux/compiler.h>

struct srcu_struct {
	int per_cpu_ref;
};

int __srcu_read_lock(struct srcu_struct *ssp) __acquires(ssp);
void __srcu_read_unlock(struct srcu_struct *ssp, int idx) __releases(ssp);
void synchronize_srcu(struct srcu_struct *ssp);

static inline int srcu_read_lock(struct srcu_struct *ssp) __acquires(ssp)
{
	int retval;

	retval = __srcu_read_lock(ssp);
	return retval;
}

static inline void srcu_read_unlock(struct srcu_struct *ssp, int idx) __releases(ssp)
{
	__srcu_read_unlock(ssp, idx);
}

#endif
