//===- support/AtomicFile.h - Write a file so no reader sees half of it ----===//
#ifndef LOCKCHECK_SUPPORT_ATOMICFILE_H
#define LOCKCHECK_SUPPORT_ATOMICFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace lockcheck::support {

/// Writes Contents to a temporary file beside Path and renames it into place,
/// so an interrupted run leaves either the old file or the new one.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents);

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_ATOMICFILE_H
