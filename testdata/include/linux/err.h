/* Mock of the kernel's <linux/err.h> for lockcheck testdata: only what cases use. */
#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H

#include <linux/types.h>

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((unsigned long)ptr);
}

static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	if (IS_ERR_OR_NULL(ptr))
		return (int)(long)ptr;
	return 0;
}

#endif /* _LINUX_ERR_H */
