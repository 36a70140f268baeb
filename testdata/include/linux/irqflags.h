/*
 * Mock of the kernel's <linux/irqflags.h> for lockcheck testdata: local_irq_save()
 * and local_irq_restore() are macros over the arch's calls, as in linux 6.1;
 * lockcheck knows them by the macros (annotations/atomic.yaml).
 */
#ifndef _LINUX_IRQFLAGS_H
#define _LINUX_IRQFLAGS_H

extern unsigned long arch_local_irq_save(void);
extern void arch_local_irq_restore(unsigned long flags);

#define local_irq_save(flags) do { flags = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags) do { arch_local_irq_restore(flags); } while (0)

#endif
