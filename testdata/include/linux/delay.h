/* Mock of the kernel's <linux/delay.h> for lockcheck testdata. */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

extern void msleep(unsigned int msecs);

#endif
