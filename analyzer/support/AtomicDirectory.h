//===- support/AtomicDirectory.h - Replace a folder so no reader sees half -===//
//
// An HTML report is a folder of pages. It is built in a temporary sibling
// and swapped into place at the end, so an interrupted run leaves the
// previous report whole, and a browser open on it never sees a mix.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_SUPPORT_ATOMICDIRECTORY_H
#define LOCKCHECK_SUPPORT_ATOMICDIRECTORY_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace lockcheck::support {

class AtomicDirectory {
public:
  /// Whether Path may be replaced: it does not exist, or is an empty folder,
  /// or a folder holding the file Marker (one this tool wrote before). Any
  /// other folder is the user's: replacing it would delete their files.
  static llvm::Error checkReplaceable(llvm::StringRef Path, llvm::StringRef Marker);

  /// Starts a folder that will replace Path, and writes Marker in it.
  static llvm::Expected<AtomicDirectory> create(llvm::StringRef Path, llvm::StringRef Marker);

  AtomicDirectory(AtomicDirectory &&Other);
  AtomicDirectory &operator=(AtomicDirectory &&) = delete;
  /// Removes the temporary folder unless committed.
  ~AtomicDirectory();

  /// Writes Contents to Name (relative, folders created as needed).
  llvm::Error writeFile(llvm::StringRef Name, llvm::StringRef Contents);

  /// Puts the new folder in Path's place and removes the old one. On Linux
  /// the two trade places in one rename; elsewhere Path is missing for the
  /// moment between two renames.
  llvm::Error commit();

private:
  AtomicDirectory(std::string Path, llvm::SmallString<256> Temp)
      : Path(std::move(Path)), Temp(std::move(Temp)) {}

  std::string Path;
  llvm::SmallString<256> Temp;
  bool Committed = false;
};

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_ATOMICDIRECTORY_H
