/*
 * Mock of the kernel's <linux/bug.h> for lockcheck testdata. BUG() never returns (x86:
 * ud2 then unreachable(), arch/x86/include/asm/bug.h); BUILD_BUG_ON_MSG() is, as
 * include/linux/compiler_types.h's __compiletime_assert(), a call under a condition of a
 * __noreturn function that is never defined. The warnings are those of
 * include/asm-generic/bug.h: a statement expression that reports when its condition holds
 * and evaluates to it.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>

#define BUG() __builtin_unreachable()
#define BUG_ON(condition) do { if (condition) BUG(); } while (0)

extern void __warn_printk(const char *fmt, ...);
#define __WARN() __warn_printk("")

#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))				\
		__WARN();						\
	unlikely(__ret_warn_on);				\
})
#define WARN_ON_ONCE(condition) ({					\
	static int __warned;						\
	int __ret_warn_once = !!(condition);				\
	if (unlikely(__ret_warn_once && !__warned)) {	\
		__warned = 1;						\
		__WARN();						\
	}								\
	unlikely(__ret_warn_once);				\
})
#define WARN(condition, format...) ({					\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))				\
		__warn_printk(format);					\
	unlikely(__ret_warn_on);				\
})
/* include/linux/once_lite.h: WARN_ONCE() passes its warning on through it. */
#define DO_ONCE_LITE_IF(condition, func, ...) ({			\
	static int __already_done;					\
	int __ret_do_once = !!(condition);				\
	if (unlikely(__ret_do_once && !__already_done)) {		\
		__already_done = 1;					\
		func(1, ##__VA_ARGS__);					\
	}								\
	unlikely(__ret_do_once);					\
})
#define WARN_ONCE(condition, format...) DO_ONCE_LITE_IF(condition, WARN, format)

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
