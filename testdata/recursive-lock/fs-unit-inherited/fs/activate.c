// Generic code that belongs to no file system: it calls through a table no file system
// fills, so which file system's ->fsync the path reaches is decided below it.
#include <linux/fs.h>

int generic_activate(struct file *file)
{
	return mm_helper->run(file);
}
