/* Mock of the kernel's <linux/lockdep.h> for lockcheck testdata: subclass constants only. */
#ifndef _LINUX_LOCKDEP_H
#define _LINUX_LOCKDEP_H

/* A second lock of one class nested inside the first (lockdep_types.h). */
#define SINGLE_DEPTH_NESTING 1

#endif /* _LINUX_LOCKDEP_H */
