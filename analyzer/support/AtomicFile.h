//===- support/AtomicFile.h - Write a file so no reader sees half of it ----===//
#ifndef LOCKCHECK_SUPPORT_ATOMICFILE_H
#define LOCKCHECK_SUPPORT_ATOMICFILE_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace lockcheck::support {

/// Creates a new file named after Model (each `%` a random hex digit), open
/// for writing in FD, that an interrupted run (SIGINT, SIGTERM) removes. The
/// name is registered for removal before the file exists: a signal between
/// creating it and registering it would leave it behind. The caller stops
/// the removal (llvm::sys::DontRemoveFileOnSignal) once the file is renamed
/// or removed.
llvm::Error createFileRemovedOnSignal(llvm::StringRef Model, int &FD,
                                      llvm::SmallVectorImpl<char> &Path);

/// Writes Contents to a temporary file beside Path and renames it into place,
/// so an interrupted run leaves either the old file or the new one.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents);

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_ATOMICFILE_H
