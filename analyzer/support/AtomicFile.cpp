//===- support/AtomicFile.cpp ----------------------------------------------===//
#include "support/AtomicFile.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

namespace lockcheck::support {

llvm::Error createFileRemovedOnSignal(llvm::StringRef Model, int &FD,
                                      llvm::SmallVectorImpl<char> &Path) {
  std::error_code EC;
  // As createUniqueFile, which tries as often when a name is taken.
  for (int Attempt = 0; Attempt < 128; ++Attempt) {
    llvm::sys::fs::createUniquePath(Model, Path, /*MakeAbsolute=*/false);
    llvm::StringRef Name(Path.data(), Path.size());
    llvm::sys::RemoveFileOnSignal(Name);
    EC = llvm::sys::fs::openFileForWrite(Name, FD, llvm::sys::fs::CD_CreateNew);
    if (!EC)
      return llvm::Error::success();
    llvm::sys::DontRemoveFileOnSignal(Name);
    if (EC != std::errc::file_exists)
      break;
  }
  return llvm::createFileError(Model, EC);
}

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
  // An interrupted run (SIGINT, SIGTERM) leaves no temporary file behind; after
  // SIGKILL one may stay, under a name no reader of lockcheck's files takes.
  if (llvm::Error E = createFileRemovedOnSignal(Model, FD, TempPath))
    return llvm::createFileError(Path, llvm::errorToErrorCode(std::move(E)));
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
