//===- tool/NewFileCommand.h - A compile command for a C file a patch adds -===//
//
// A patch that adds a .c file adds a TU the compile database does not know:
// the tree was built before the patch. Kbuild compiles every object of a
// directory with the same flags, the directory's and its Kbuild unit's, and
// only a few words name the object itself (`-Wp,-MMD,fs/btrfs/.file.o.d`,
// `-DKBUILD_BASENAME='"file"'`, `-o fs/btrfs/file.o`, and for a one-file
// object its module names). So the new file gets the command of a TU of its
// own directory (else of the nearest directory above that has one) with those
// words made its own, as Kbuild would write it.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_NEWFILECOMMAND_H
#define LOCKCHECK_TOOL_NEWFILECOMMAND_H

#include "frontend/TUExtractor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace lockcheck::tool {

/// A command made for a file the compile database lacks, and the TU whose
/// command it was made from.
struct NewFileCommand {
  frontend::TUCommand Command;
  std::string Template;
};

/// The command Kbuild would use for NewFile (absolute), made from the first
/// TU (by file name) of NewFile's directory in Commands, else of the nearest
/// directory above it with one; nullopt when no directory up to the root has
/// a TU. A TU whose module is named after the TU itself (fs/sync.c is module
/// `sync`) is a one-file object: the new file's module is named after it too;
/// otherwise it joins the template's composite module (fs/btrfs/btrfs.o).
std::optional<NewFileCommand> commandForNewFile(llvm::ArrayRef<frontend::TUCommand> Commands,
                                                llvm::StringRef NewFile);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_NEWFILECOMMAND_H
