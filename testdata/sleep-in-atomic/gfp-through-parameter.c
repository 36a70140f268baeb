// A gfp mask passed down as a parameter is known where the calling context carries it:
// the allocator tests its flags through gfpflags_allow_blocking(), a trivial predicate
// read as `gfp & __GFP_DIRECT_RECLAIM`, so dev_alloc(GFP_KERNEL) under a spinlock may
// sleep. dev_alloc(GFP_ATOMIC) is the look-alike.
#include <linux/slab.h>
#include <linux/spinlock.h>

struct dev {
	spinlock_t lock;
	void *buf;
};

static void *dev_alloc(gfp_t gfp)
{
	return kmalloc(64, gfp); // expected-warning{{'kmalloc' may sleep while 'dev.lock' is held (atomic context)}}
}

void bad_gfp_kernel_through_a_parameter(struct dev *d) // expected-note{{entry point 'bad_gfp_kernel_through_a_parameter'}}
{
	spin_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	d->buf = dev_alloc(GFP_KERNEL); // expected-note{{calling 'dev_alloc'}}
	spin_unlock(&d->lock);
}

void ok_gfp_atomic_through_a_parameter(struct dev *d)
{
	spin_lock(&d->lock);
	d->buf = dev_alloc(GFP_ATOMIC);
	spin_unlock(&d->lock);
}
