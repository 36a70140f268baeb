/* Mock of the kernel's <linux/container_of.h> for lockcheck testdata. */
#ifndef _LINUX_CONTAINER_OF_H
#define _LINUX_CONTAINER_OF_H

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#endif /* _LINUX_CONTAINER_OF_H */
