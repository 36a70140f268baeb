/*
 * Mock of the kernel's <linux/gfp_types.h> for lockcheck testdata: the bits of linux
 * 6.1 that the GFP_* masks the cases use are made of. Only ___GFP_DIRECT_RECLAIM
 * (annotations/sleep.yaml's gfp-direct-reclaim) decides whether an allocation sleeps.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

typedef unsigned int gfp_t;

#define ___GFP_HIGH		0x20u
#define ___GFP_IO		0x40u
#define ___GFP_FS		0x80u
#define ___GFP_DIRECT_RECLAIM	0x400u
#define ___GFP_KSWAPD_RECLAIM	0x800u

#define __GFP_DIRECT_RECLAIM	((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_RECLAIM		((gfp_t)(___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM))

#define GFP_ATOMIC	((gfp_t)(___GFP_HIGH | ___GFP_KSWAPD_RECLAIM))
#define GFP_NOWAIT	((gfp_t)___GFP_KSWAPD_RECLAIM)
#define GFP_NOFS	(__GFP_RECLAIM | ___GFP_IO)
#define GFP_KERNEL	(__GFP_RECLAIM | ___GFP_IO | ___GFP_FS)

#endif
