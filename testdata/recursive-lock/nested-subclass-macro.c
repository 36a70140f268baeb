// Without CONFIG_DEBUG_LOCK_ALLOC, include/linux/rwsem.h defines the _nested forms as
// macros over the plain primitives: `#define down_write_nested(sem, subclass)
// down_write(sem)`. The subclass survives only in the macro's arguments, which lockcheck
// reads from the source at the invocation, so fs/namei.c's lock_two_directories() and
// inode_lock_nested(inode, I_MUTEX_PARENT) keep their subclasses as under lockdep.
struct rw_semaphore {
	int count;
};
extern void down_write(struct rw_semaphore *sem);
extern void up_write(struct rw_semaphore *sem);
#define down_write_nested(sem, subclass) down_write(sem)
#define SINGLE_DEPTH_NESTING 1

enum obj_lock_class { OBJ_NORMAL, OBJ_PARENT, OBJ_CHILD };

struct obj;
/* Another obj of the same class, whose identity lockcheck cannot follow. */
extern struct obj *obj_child(struct obj *obj);

struct obj {
	struct rw_semaphore lock;
};

static inline void obj_lock_nested(struct obj *o, unsigned int subclass)
{
	down_write_nested(&o->lock, subclass); // expected-note 2 {{calling 'down_write'}}
}

void ok_parent_then_child(struct obj *dir)
{
	struct obj *child = obj_child(dir);
	obj_lock_nested(dir, OBJ_PARENT);
	obj_lock_nested(child, OBJ_CHILD);
	up_write(&child->lock);
	up_write(&dir->lock);
}

void ok_single_depth(struct obj *a)
{
	struct obj *b = obj_child(a);
	down_write(&a->lock);
	down_write_nested(&b->lock, SINGLE_DEPTH_NESTING);
	up_write(&b->lock);
	up_write(&a->lock);
}

void bad_same_subclass(struct obj *a) // expected-note{{entry point 'bad_same_subclass'}}
{
	struct obj *b = obj_child(a);
	obj_lock_nested(a, OBJ_PARENT); // expected-note{{'obj.lock' acquired here}}
	obj_lock_nested(b, OBJ_PARENT); // expected-warning{{acquiring 'obj.lock' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&b->lock);
	up_write(&a->lock);
}

void bad_plain_then_subclass_zero(struct obj *a) // expected-note{{entry point 'bad_plain_then_subclass_zero'}}
{
	struct obj *b = obj_child(a);
	down_write(&a->lock); // expected-note{{'obj.lock' acquired here}}
	down_write_nested(&b->lock, 0); // expected-warning{{acquiring 'obj.lock' that is already held}} expected-note{{could not prove that both acquisitions lock the same object}}
	up_write(&b->lock);
	up_write(&a->lock);
}
