/* Mock of the kernel's <linux/compiler.h> for lockcheck testdata. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* sparse's context annotations (compiler_types.h): nothing unless sparse checks. */
#ifdef __CHECKER__
#define __must_hold(x) __attribute__((context(x, 1, 1)))
#define __acquires(x) __attribute__((context(x, 0, 1)))
#define __cond_acquires(x) __attribute__((context(x, 0, -1)))
#define __releases(x) __attribute__((context(x, 1, 0)))
#else
#define __must_hold(x)
#define __acquires(x)
#define __cond_acquires(x)
#define __releases(x)
#endif

#endif /* _LINUX_COMPILER_H */
