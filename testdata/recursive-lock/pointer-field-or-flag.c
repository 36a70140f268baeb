// A flag ORed into a parameter's field before a call reaches the callee's test of it.
// jbd2_journal_abort() takes j_abort_mutex, ORs JBD2_ABORT into `journal->j_flags`
// (linux 6.1, fs/jbd2/journal.c:2626, 2651) and records the error in the superblock,
// where jbd2_write_superblock() aborts the journal again, taking the mutex, only `if
// (!is_journal_aborted(journal))` (journal.c:1669-1670). Reduced here to a second
// function taking the same mutex. The look-alike ORs in another flag.
#include <linux/mutex.h>

#define JOURNAL_ABORT 0x002
#define JOURNAL_FLUSHED 0x008

struct journal {
	struct mutex j_abort_mutex;
	unsigned long j_flags;
};

static int is_journal_aborted(struct journal *journal)
{
	return journal->j_flags & JOURNAL_ABORT;
}

static void abort_on_error(struct journal *journal)
{
	mutex_lock(&journal->j_abort_mutex); // expected-warning{{acquiring 'journal.j_abort_mutex' that is already held}}
	journal->j_flags |= JOURNAL_ABORT;
	mutex_unlock(&journal->j_abort_mutex);
}

static void write_superblock(struct journal *journal)
{
	if (!is_journal_aborted(journal))
		abort_on_error(journal); // expected-note{{calling 'abort_on_error'}}
}

void ok_journal_abort(struct journal *journal)
{
	mutex_lock(&journal->j_abort_mutex);
	journal->j_flags |= JOURNAL_ABORT;
	write_superblock(journal);
	mutex_unlock(&journal->j_abort_mutex);
}

void bad_journal_flush(struct journal *journal) // expected-note{{entry point 'bad_journal_flush'}}
{
	mutex_lock(&journal->j_abort_mutex); // expected-note{{'journal.j_abort_mutex' acquired here}}
	journal->j_flags |= JOURNAL_FLUSHED;
	write_superblock(journal); // expected-note{{calling 'write_superblock'}}
	mutex_unlock(&journal->j_abort_mutex);
}
