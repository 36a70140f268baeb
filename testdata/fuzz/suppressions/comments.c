static void f(struct inode *inode)
{
	/* lockcheck: ignore recursive-lock: journal_info makes ->fsync skip the inode lock */
	btrfs_inode_lock(inode, 0);
	// lockcheck: ignore recursive-lock: a line comment
	/*
	 * lockcheck: ignore recursive-lock: inside a block comment
	 */
}
