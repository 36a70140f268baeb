/* Mock of the kernel's <linux/uaccess.h> for lockcheck testdata. */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

extern unsigned long _copy_from_user(void *to, const void *from, unsigned long n);

static inline unsigned long copy_from_user(void *to, const void *from, unsigned long n)
{
	return _copy_from_user(to, from, n);
}

#endif
