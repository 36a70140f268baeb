/* Mock of include/linux/iomap.h: an iterator's flags reach ->iomap_end. */
#ifndef _LINUX_IOMAP_H
#define _LINUX_IOMAP_H

#include <linux/fs.h>

#define IOMAP_WRITE		(1 << 0)
#define IOMAP_ZERO		(1 << 1)
#define IOMAP_REPORT		(1 << 2)
#define IOMAP_DIRECT		(1 << 4)
#define IOMAP_NOWAIT		(1 << 5)
#define IOMAP_OVERWRITE_ONLY	(1 << 6)

struct iomap_iter {
	struct inode *inode;
	loff_t pos;
	unsigned int flags;
};

struct iomap_ops {
	int (*iomap_end)(struct inode *inode, loff_t pos, unsigned int flags);
};

#endif
