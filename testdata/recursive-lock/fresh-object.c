// A new object is not one already held: ext4 creates its extended-attribute inode with
// __ext4_new_inode() -> new_inode() and sets an ACL on it, taking the *new* inode's
// xattr_sem while the file's own xattr_sem is held (linux 6.1, ext4_xattr_inode_create
// under ext4_prepare_inline_data). annotations/constructors.yaml lists the allocators;
// lockcheck infers the wrappers (a function returning only NULL or a constructor's
// result). An object reached *through* a new one (dio->iocb->ki_filp) is no new object.
#include <linux/rwsem.h>
#include <linux/types.h>

struct inode {
	struct rw_semaphore xattr_sem;
};
struct holder {
	struct inode *inode;
};
extern struct inode *new_inode(int sb);
extern void *kmalloc(size_t size, unsigned int flags);

static void set_acl(struct inode *inode)
{
	down_write(&inode->xattr_sem); // expected-warning{{acquiring 'inode.xattr_sem' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&inode->xattr_sem);
}

static struct inode *create_ea_inode(int sb)
{
	struct inode *ea_inode, *ret;

	ea_inode = new_inode(sb);
	if (!ea_inode)
		return NULL;
	ret = ea_inode;
	return ret;
}

void ok_new_inode_under_the_parent(struct inode *parent)
{
	struct inode *ea_inode = NULL;

	down_write(&parent->xattr_sem);
	ea_inode = create_ea_inode(0);
	set_acl(ea_inode);
	up_write(&parent->xattr_sem);
}

// A wrapper whose local is assigned by two constructor calls is a constructor too.
static struct inode *alloc_either(int sb, int big)
{
	struct inode *inode;

	if (big)
		inode = new_inode(sb);
	else
		inode = new_inode(sb + 1);
	return inode;
}

void ok_local_assigned_by_two_constructors(struct inode *parent, int big)
{
	struct inode *child = alloc_either(0, big);

	down_write(&parent->xattr_sem);
	set_acl(child);
	up_write(&parent->xattr_sem);
}

void bad_through_a_new_holder(struct inode *parent) // expected-note{{entry point 'bad_through_a_new_holder'}}
{
	struct holder *h = kmalloc(sizeof(*h), 0);

	down_write(&parent->xattr_sem); // expected-note{{'inode.xattr_sem' acquired here}}
	set_acl(h->inode); // expected-note{{calling 'set_acl'}}
	up_write(&parent->xattr_sem);
}
