// A trivial predicate on a parameter is read as the test it makes: the page
// allocator's node_reclaim() reclaims only `if (gfpflags_allow_blocking(gfp_mask))`,
// which is `!!(gfp_flags & __GFP_DIRECT_RECLAIM)` (linux 6.1, include/linux/gfp.h:
// 215, mm/vmscan.c:7715), so a GFP_NOWAIT allocation under a spinlock that reclaim
// takes does not reach it; a GFP_KERNEL one does.
#include <linux/spinlock.h>
#include <linux/types.h>

#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define GFP_NOWAIT __GFP_KSWAPD_RECLAIM
#define GFP_KERNEL (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

static spinlock_t free_area_lock;

static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

static void purge_lazy(void)
{
	spin_lock(&free_area_lock); // expected-warning{{acquiring 'free_area_lock' that is already held}}
	spin_unlock(&free_area_lock);
}

static int node_reclaim(gfp_t gfp_mask)
{
	if (!gfpflags_allow_blocking(gfp_mask))
		return 0;
	purge_lazy(); // expected-note{{calling 'purge_lazy'}}
	return 1;
}

static void *alloc_area(gfp_t gfp)
{
	node_reclaim(gfp); // expected-note{{calling 'node_reclaim'}}
	return NULL;
}

void *fit_nowait(void)
{
	void *va;

	spin_lock(&free_area_lock);
	va = alloc_area(GFP_NOWAIT);
	spin_unlock(&free_area_lock);
	return va;
}

void *fit_kernel(void) // expected-note{{entry point 'fit_kernel'}}
{
	void *va;

	spin_lock(&free_area_lock); // expected-note{{'free_area_lock' acquired here}}
	va = alloc_area(GFP_KERNEL); // expected-note{{calling 'alloc_area'}}
	spin_unlock(&free_area_lock);
	return va;
}
