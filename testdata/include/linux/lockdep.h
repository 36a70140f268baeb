/*
 * Mock of the kernel's <linux/lockdep.h> for lockcheck testdata: subclass constants and
 * the lockdep annotations, in both of the kernel's shapes. With CONFIG_PROVE_LOCKING they
 * are real checks (calls of lockdep's internals, a branch on debug_locks); without it
 * they expand to `do { (void)(l); } while (0)` or to nothing at all, as in 6.1.
 */
#ifndef _LINUX_LOCKDEP_H
#define _LINUX_LOCKDEP_H

/* A second lock of one class nested inside the first (lockdep_types.h). */
#define SINGLE_DEPTH_NESTING 1

/* What every lock embeds with CONFIG_DEBUG_LOCK_ALLOC. */
struct lockdep_map {
	const char *name;
};

/* A lockdep class of its own, named by the key's address (lockdep_types.h). */
struct lock_class_key {
	int subkeys;
};

#ifdef CONFIG_PROVE_LOCKING
extern int debug_locks;
extern void lockdep_init_map_type(struct lockdep_map *lock, const char *name,
				  struct lock_class_key *key, int subclass);
#define lockdep_set_class(lock, key) lockdep_init_map_type(&(lock)->dep_map, #key, key, 0)
#define lockdep_set_class_and_name(lock, key, name)			\
	lockdep_init_map_type(&(lock)->dep_map, name, key, 0)
extern int lock_is_held_type(const struct lockdep_map *lock, int read);
extern void lock_acquire(struct lockdep_map *lock, unsigned int subclass, int trylock, int read,
			 int check, struct lockdep_map *nest_lock, unsigned long ip);
extern void lock_release(struct lockdep_map *lock, unsigned long ip);
/* WARN_ON()'s report. */
extern void lockdep_warn(void);

#define lockdep_is_held(lock) lock_is_held_type(&(lock)->dep_map, -1)
#define lockdep_assert(cond) do { if (debug_locks && !(cond)) lockdep_warn(); } while (0)
#define lockdep_assert_held(l) lockdep_assert(lockdep_is_held(l) != 0)
#define lockdep_assert_not_held(l) lockdep_assert(lockdep_is_held(l) != 1)
#define lockdep_assert_held_write(l) lockdep_assert(lock_is_held_type(&(l)->dep_map, 0))
#define lockdep_assert_held_read(l) lockdep_assert(lock_is_held_type(&(l)->dep_map, 1))
#define might_lock(lock)						\
do {									\
	lock_acquire(&(lock)->dep_map, 0, 0, 0, 1, 0, 0);		\
	lock_release(&(lock)->dep_map, 0);				\
} while (0)
#define might_lock_nested(lock, subclass)				\
do {									\
	lock_acquire(&(lock)->dep_map, subclass, 0, 1, 1, 0, 0);	\
	lock_release(&(lock)->dep_map, 0);				\
} while (0)
#else
#define lockdep_set_class(lock, key) do { (void)(key); } while (0)
#define lockdep_set_class_and_name(lock, key, name) do { (void)(key); (void)(name); } while (0)
#define lockdep_assert_held(l) do { (void)(l); } while (0)
#define lockdep_assert_not_held(l) do { (void)(l); } while (0)
#define lockdep_assert_held_write(l) do { (void)(l); } while (0)
#define lockdep_assert_held_read(l) do { (void)(l); } while (0)
#define might_lock(lock) do { } while (0)
#define might_lock_nested(lock, subclass) do { } while (0)
#endif

#endif /* _LINUX_LOCKDEP_H */
