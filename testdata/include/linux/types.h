/* Mock of the kernel's <linux/types.h> for lockcheck testdata: only what cases use. */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

typedef _Bool bool;
#define true 1
#define false 0

#define NULL ((void *)0)

typedef unsigned long size_t;
typedef long ssize_t;
typedef long long loff_t;
typedef unsigned int gfp_t;

#endif /* _LINUX_TYPES_H */
