/*
 * Mock of the kernel's <linux/bug.h> for lockcheck testdata. BUG() never returns (x86:
 * ud2 then unreachable(), arch/x86/include/asm/bug.h); BUILD_BUG_ON_MSG() is, as
 * include/linux/compiler_types.h's __compiletime_assert(), a call under a condition of a
 * __noreturn function that is never defined.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#define BUG() __builtin_unreachable()
#define BUG_ON(condition) do { if (condition) BUG(); } while (0)

#define __compiletime_assert(condition, msg, prefix, suffix)			\
	do {									\
		__attribute__((__noreturn__)) extern void prefix ## suffix(void);	\
		if (!(condition))						\
			prefix ## suffix();					\
	} while (0)
#define _compiletime_assert(condition, msg, prefix, suffix) \
	__compiletime_assert(condition, msg, prefix, suffix)
#define BUILD_BUG_ON_MSG(cond, msg) \
	_compiletime_assert(!(cond), msg, __compiletime_assert_, __COUNTER__)

#endif /* _LINUX_BUG_H */
