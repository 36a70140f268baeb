//===- support/AtomicFile.h - Write a file so no reader sees half of it ----===//
#ifndef LOCKCHECK_SUPPORT_ATOMICFILE_H
#define LOCKCHECK_SUPPORT_ATOMICFILE_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace lockcheck::support {

/// Makes an interrupted run (SIGINT, SIGTERM) remove the temporaries the
/// functions below make, also those other threads are making at that moment;
/// called once, early in main().
void removeTemporariesOnInterrupt();

/// Creates a new file named after Model (each `%` a random hex digit), open
/// for writing in FD, that an interrupted run removes. The name is recorded
/// for removal before the file exists: a signal between creating it and
/// recording it would leave it behind. The caller calls forgetTemporary once
/// the file is renamed or removed.
llvm::Error createFileRemovedOnSignal(llvm::StringRef Model, int &FD,
                                      llvm::SmallVectorImpl<char> &Path);

/// Stops removing Name on an interrupt.
void forgetTemporary(llvm::StringRef Name);

/// Writes Contents to a temporary file beside Path and renames it into place,
/// so an interrupted run leaves either the old file or the new one.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents);

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_ATOMICFILE_H
