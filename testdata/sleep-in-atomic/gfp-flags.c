// An allocation sleeps when its gfp flags allow direct reclaim: GFP_KERNEL and GFP_NOFS
// do, GFP_ATOMIC and GFP_NOWAIT never do, whatever the allocator's body would do with
// other flags (the mock kmalloc() calls might_sleep() for reclaiming flags).
#include <linux/slab.h>
#include <linux/spinlock.h>

struct dev {
	spinlock_t lock;
	void *buf;
};

void bad_gfp_kernel_under_spinlock(struct dev *d) // expected-note{{entry point 'bad_gfp_kernel_under_spinlock'}}
{
	spin_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	d->buf = kmalloc(64, GFP_KERNEL); // expected-warning{{'kmalloc' may sleep while 'dev.lock' is held (atomic context)}}
	spin_unlock(&d->lock);
}

void ok_gfp_atomic_under_spinlock(struct dev *d)
{
	spin_lock(&d->lock);
	d->buf = kmalloc(64, GFP_ATOMIC);
	spin_unlock(&d->lock);
}

static void *dev_alloc_nofs(void)
{
	return kmalloc(128, GFP_NOFS); // expected-warning{{'kmalloc' may sleep while 'dev.lock' is held (atomic context)}}
}

void bad_nofs_wrapper_under_spinlock(struct dev *d) // expected-note{{entry point 'bad_nofs_wrapper_under_spinlock'}}
{
	spin_lock(&d->lock); // expected-note{{'dev.lock' acquired here}}
	d->buf = dev_alloc_nofs(); // expected-note{{calling 'dev_alloc_nofs'}}
	spin_unlock(&d->lock);
}

static void *dev_alloc_nowait(void)
{
	return kmalloc(128, GFP_NOWAIT);
}

void ok_nowait_wrapper_under_spinlock(struct dev *d)
{
	spin_lock(&d->lock);
	d->buf = dev_alloc_nowait();
	spin_unlock(&d->lock);
}
