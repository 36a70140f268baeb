/* Mock of the kernel's errno values for lockcheck testdata. */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define EINTR 4
#define EIO 5
#define EAGAIN 11
#define ENOMEM 12
#define EINVAL 22
#define ENOSPC 28
#define ESTALE 116
#define ERESTARTSYS 512

#endif /* _LINUX_ERRNO_H */
