//===- support/AtomicFile.cpp ----------------------------------------------===//
#include "support/AtomicFile.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

namespace lockcheck::support {

llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents) {
  llvm::SmallString<256> Dir = Path;
  llvm::sys::path::remove_filename(Dir);
  if (!Dir.empty())
    if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
      return llvm::createFileError(Dir, EC);
  llvm::SmallString<256> Model = Path;
  Model += ".tmp-%%%%%%%%";
  int FD = -1;
  llvm::SmallString<256> TempPath;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, TempPath))
    return llvm::createFileError(Path, EC);
  // An interrupted run (SIGINT, SIGTERM) leaves no temporary file behind; after
  // SIGKILL one may stay, under a name no reader of lockcheck's files takes.
  llvm::sys::RemoveFileOnSignal(TempPath);
  auto Forget = llvm::make_scope_exit([&] { llvm::sys::DontRemoveFileOnSignal(TempPath); });
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Contents;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      llvm::sys::fs::remove(TempPath);
      return llvm::createFileError(Path, EC);
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Path)) {
    llvm::sys::fs::remove(TempPath);
    return llvm::createFileError(Path, EC);
  }
  return llvm::Error::success();
}

} // namespace lockcheck::support
