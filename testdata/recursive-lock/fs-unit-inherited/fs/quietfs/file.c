// A file system whose ->fsync takes no lock: swapon's path through it, by way of
// generic code and an mm/ table, is silent.
#include <linux/fs.h>

static int quietfs_fsync(struct file *file)
{
	return 0;
}

static int quietfs_swap_activate(struct file *file)
{
	return generic_activate(file);
}

const struct file_operations quietfs_file_operations = {
	.fsync = quietfs_fsync,
};
const struct address_space_operations quietfs_aops = {
	.swap_activate = quietfs_swap_activate,
};
static int quietfs_init_fs_context(void *fc)
{
	return 0;
}

struct file_system_type quietfs_fs_type = {
	.name = "quietfs",
	.init_fs_context = quietfs_init_fs_context,
};
