// A layered file system (coda, overlayfs, ecryptfs) holds its own inode's i_rwsem and
// calls into the file it stacks on, which takes *that* file's inode lock: one class,
// two objects, no recursion. lockcheck follows which object a lock belongs to through
// parameters, fields, single-assignment locals and accessors such as file_inode(), so
// it tells the host file's inode from the coda file's. Reduced from fs/coda/file.c
// (coda_file_write_iter) in linux 6.1.
struct rw_semaphore {
	int count;
};
extern void down_write(struct rw_semaphore *sem);
extern void up_write(struct rw_semaphore *sem);

struct inode {
	struct rw_semaphore i_rwsem;
};
struct file {
	struct inode *f_inode;
	void *private_data;
};
struct coda_file_info {
	struct file *cfi_container;
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}
static inline void inode_lock(struct inode *inode)
{
	down_write(&inode->i_rwsem); // expected-note 2 {{calling 'down_write'}}
}
static inline void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}

static void host_write(struct file *host)
{
	inode_lock(file_inode(host)); // expected-warning{{acquiring 'inode.i_rwsem' that is already held}}
	inode_unlock(file_inode(host));
}

void ok_coda_write(struct file *coda_file)
{
	struct coda_file_info *cfi = coda_file->private_data;
	struct file *host_file = cfi->cfi_container;
	struct inode *coda_inode = file_inode(coda_file);

	inode_lock(coda_inode);
	host_write(host_file);
	inode_unlock(coda_inode);
}

// Look-alike of ok_coda_write: the helper is handed the coda file itself, so it locks
// the very inode already held, and the finding says it is the same object.
void bad_same_file(struct file *coda_file) // expected-note{{entry point 'bad_same_file'}}
{
	struct inode *coda_inode = file_inode(coda_file);

	inode_lock(coda_inode); // expected-note{{'inode.i_rwsem' acquired here}}
	host_write(coda_file); // expected-note{{calling 'host_write'}}
	inode_unlock(coda_inode);
}
