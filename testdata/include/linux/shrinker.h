/*
 * Mock of the kernel's <linux/shrinker.h> for lockcheck testdata: reclaim calls a
 * shrinker's methods holding lockdep's fs_reclaim (rules/reclaim.yaml).
 */
#ifndef _LINUX_SHRINKER_H
#define _LINUX_SHRINKER_H

#include <linux/gfp.h>

struct shrink_control {
	gfp_t gfp_mask;
	unsigned long nr_to_scan;
};

struct shrinker {
	unsigned long (*count_objects)(struct shrinker *, struct shrink_control *sc);
	unsigned long (*scan_objects)(struct shrinker *, struct shrink_control *sc);
	int seeks;
};

#define SHRINK_STOP (~0UL)

extern int register_shrinker(struct shrinker *shrinker, const char *fmt, ...);

#endif
