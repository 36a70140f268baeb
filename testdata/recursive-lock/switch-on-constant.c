// A switch on a parameter keeps only the case a constant argument selects: ceph's
// __ceph_put_cap_refs() (linux 6.1) flushes snapshots, taking mdsc->mutex, only in
// `case PUT_CAP_REFS_SYNC`; ceph_put_cap_refs_no_check_caps() passes
// PUT_CAP_REFS_NO_CHECK precisely so that holders of that mutex can drop references.
#include <linux/mutex.h>

enum put_cap_refs_mode { PUT_SYNC, PUT_ASYNC, PUT_NO_CHECK };

struct mds_client {
	struct mutex mutex;
};

static void flush_snaps(struct mds_client *mdsc)
{
	mutex_lock(&mdsc->mutex); // expected-warning{{acquiring 'mds_client.mutex' that is already held}}
	mutex_unlock(&mdsc->mutex);
}

static void put_cap_refs(struct mds_client *mdsc, int mode)
{
	switch (mode) {
	case PUT_SYNC:
		flush_snaps(mdsc); // expected-note{{calling 'flush_snaps'}}
		break;
	case PUT_ASYNC:
		break;
	default:
		break;
	}
}

void ok_no_check(struct mds_client *mdsc)
{
	mutex_lock(&mdsc->mutex);
	put_cap_refs(mdsc, PUT_NO_CHECK);
	mutex_unlock(&mdsc->mutex);
}

void bad_sync(struct mds_client *mdsc) // expected-note{{entry point 'bad_sync'}}
{
	mutex_lock(&mdsc->mutex); // expected-note{{'mds_client.mutex' acquired here}}
	put_cap_refs(mdsc, PUT_SYNC); // expected-note{{calling 'put_cap_refs'}}
	mutex_unlock(&mdsc->mutex);
}
