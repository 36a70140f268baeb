/*
 * Mock of the kernel's <linux/sched/mm.h> for lockcheck testdata: the allocation scopes
 * of the current task, which annotations/reclaim.yaml knows as primitives of kind scope.
 */
#ifndef _LINUX_SCHED_MM_H
#define _LINUX_SCHED_MM_H

extern unsigned int memalloc_nofs_save(void);
extern void memalloc_nofs_restore(unsigned int flags);
extern unsigned int memalloc_noio_save(void);
extern void memalloc_noio_restore(unsigned int flags);

#endif
