//===- support/AtomicFile.cpp ----------------------------------------------===//
#include "support/AtomicFile.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

#ifdef __linux__
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace lockcheck::support {

/// Calls Create on fresh names made from Model (each `%` a random hex digit)
/// until one is not taken, each registered for removal on SIGINT and SIGTERM
/// before Create makes it exist. The name that worked is left in Path, still
/// registered; the error is Create's last.
static std::error_code createUnderFreshName(
    llvm::StringRef Model, llvm::SmallVectorImpl<char> &Path,
    llvm::function_ref<std::error_code(llvm::StringRef)> Create) {
  std::error_code EC;
  // As createUniqueFile, which tries as often when a name is taken.
  for (int Attempt = 0; Attempt < 128; ++Attempt) {
    llvm::sys::fs::createUniquePath(Model, Path, /*MakeAbsolute=*/false);
    llvm::StringRef Name(Path.data(), Path.size());
    llvm::sys::RemoveFileOnSignal(Name);
    EC = Create(Name);
    if (!EC)
      return EC;
    llvm::sys::DontRemoveFileOnSignal(Name);
    if (EC != std::errc::file_exists)
      break;
  }
  return EC;
}

llvm::Error createFileRemovedOnSignal(llvm::StringRef Model, int &FD,
                                      llvm::SmallVectorImpl<char> &Path) {
  if (std::error_code EC = createUnderFreshName(Model, Path, [&](llvm::StringRef Name) {
        return llvm::sys::fs::openFileForWrite(Name, FD, llvm::sys::fs::CD_CreateNew);
      }))
    return llvm::createFileError(Model, EC);
  return llvm::Error::success();
}

#ifdef __linux__
/// Writes Contents to a file with no name (O_TMPFILE) in Dir, then gives it
/// Path's name: no temporary name exists while the contents are written, so
/// a run interrupted then leaves nothing behind, whichever thread the signal
/// lands on and however long the cleanup takes. Only replacing an existing
/// file needs a temporary name, for the moment between link and rename.
/// Returns std::nullopt when the file system or /proc cannot do it.
static std::optional<llvm::Error> writeUnnamedThenName(llvm::StringRef Dir, llvm::StringRef Path,
                                                       llvm::StringRef Contents) {
  std::string DirName = Dir.empty() ? "." : Dir.str();
  int FD = ::open(DirName.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (FD < 0)
    return std::nullopt;
  auto Close = llvm::make_scope_exit([&] { ::close(FD); });
  for (llvm::StringRef Left = Contents; !Left.empty();) {
    ssize_t N = ::write(FD, Left.data(), Left.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0)
      return llvm::createFileError(Path, std::error_code(errno, std::generic_category()));
    Left = Left.drop_front(N);
  }
  std::string Unnamed = "/proc/self/fd/" + std::to_string(FD);
  std::string Name = Path.str();
  if (::linkat(AT_FDCWD, Unnamed.c_str(), AT_FDCWD, Name.c_str(), AT_SYMLINK_FOLLOW) == 0)
    return llvm::Error::success();
  if (errno != EEXIST)
    return std::nullopt;
  llvm::SmallString<256> Model = Path;
  Model += ".tmp-%%%%%%%%";
  llvm::SmallString<256> TempPath;
  if (std::error_code EC = createUnderFreshName(Model, TempPath, [&](llvm::StringRef Temp) {
        if (::linkat(AT_FDCWD, Unnamed.c_str(), AT_FDCWD, Temp.str().c_str(),
                     AT_SYMLINK_FOLLOW) == 0)
          return std::error_code();
        return std::error_code(errno, std::generic_category());
      }))
    return llvm::createFileError(Path, EC);
  auto Forget = llvm::make_scope_exit([&] { llvm::sys::DontRemoveFileOnSignal(TempPath); });
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Path)) {
    llvm::sys::fs::remove(TempPath);
    return llvm::createFileError(Path, EC);
  }
  return llvm::Error::success();
}
#endif

llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents) {
  llvm::SmallString<256> Dir = Path;
  llvm::sys::path::remove_filename(Dir);
  if (!Dir.empty())
    if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
      return llvm::createFileError(Dir, EC);
#ifdef __linux__
  if (std::optional<llvm::Error> Written = writeUnnamedThenName(Dir, Path, Contents))
    return std::move(*Written);
#endif
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
