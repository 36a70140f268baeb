//===- support/AtomicDirectory.cpp -----------------------------------------===//
#include "support/AtomicDirectory.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdio>
#if defined(__linux__)
#include <fcntl.h>
#endif

namespace lockcheck::support {

namespace fs = llvm::sys::fs;

llvm::Error AtomicDirectory::checkReplaceable(llvm::StringRef Path, llvm::StringRef Marker) {
  fs::file_status Status;
  if (fs::status(Path, Status) == std::errc::no_such_file_or_directory)
    return llvm::Error::success();
  if (!fs::is_directory(Status))
    return llvm::createStringError(Path + ": exists and is not a folder");
  llvm::SmallString<256> MarkerPath = Path;
  llvm::sys::path::append(MarkerPath, Marker);
  if (fs::exists(MarkerPath))
    return llvm::Error::success();
  std::error_code EC;
  fs::directory_iterator It(Path, EC);
  if (EC)
    return llvm::createFileError(Path, EC);
  if (It != fs::directory_iterator())
    return llvm::createStringError(Path + ": folder exists and is not a lockcheck report; "
                                          "not replacing it");
  return llvm::Error::success();
}

llvm::Expected<AtomicDirectory> AtomicDirectory::create(llvm::StringRef Path,
                                                        llvm::StringRef Marker) {
  if (llvm::Error E = checkReplaceable(Path, Marker))
    return E;
  llvm::SmallString<256> Parent = Path;
  llvm::sys::path::remove_filename(Parent);
  if (!Parent.empty())
    if (std::error_code EC = fs::create_directories(Parent))
      return llvm::createFileError(Parent, EC);
  // A sibling, so the final rename stays within one file system.
  // createUniqueDirectory makes PREFIX-XXXXXX.
  llvm::SmallString<256> Temp;
  if (std::error_code EC = fs::createUniqueDirectory(Path.rtrim('/') + ".tmp", Temp))
    return llvm::createFileError(Path, EC);
  // A private name, but the folder is published: mkdir's usual permissions.
  if (std::error_code EC = fs::setPermissions(
          Temp, static_cast<fs::perms>(fs::all_all & ~fs::getUmask())))
    return llvm::createFileError(Temp, EC);
  AtomicDirectory Dir(Path.rtrim('/').str(), std::move(Temp));
  if (llvm::Error E = Dir.writeFile(Marker, "lockcheck report folder: replaced on every run\n"))
    return E;
  return Dir;
}

AtomicDirectory::AtomicDirectory(AtomicDirectory &&Other)
    : Path(std::move(Other.Path)), Temp(std::move(Other.Temp)), Committed(Other.Committed) {
  Other.Committed = true;
}

AtomicDirectory::~AtomicDirectory() {
  if (!Committed && !Temp.empty())
    fs::remove_directories(Temp, /*IgnoreErrors=*/true);
}

llvm::Error AtomicDirectory::writeFile(llvm::StringRef Name, llvm::StringRef Contents) {
  assert(!Committed && "written after commit");
  llvm::SmallString<256> File = Temp;
  llvm::sys::path::append(File, Name);
  if (std::error_code EC = fs::create_directories(llvm::sys::path::parent_path(File)))
    return llvm::createFileError(File, EC);
  std::error_code EC;
  llvm::raw_fd_ostream OS(File, EC);
  if (EC)
    return llvm::createFileError(File, EC);
  OS << Contents;
  OS.close();
  if (OS.has_error()) {
    EC = OS.error();
    OS.clear_error();
    return llvm::createFileError(File, EC);
  }
  return llvm::Error::success();
}

llvm::Error AtomicDirectory::commit() {
  assert(!Committed && "committed twice");
  if (!fs::exists(Path)) {
    if (std::error_code EC = fs::rename(Temp, Path))
      return llvm::createFileError(Path, EC);
    Committed = true;
    return llvm::Error::success();
  }
#if defined(__linux__)
  if (::renameat2(AT_FDCWD, Temp.c_str(), AT_FDCWD, Path.c_str(), RENAME_EXCHANGE) == 0) {
    // Temp now holds the previous report.
    Committed = true;
    fs::remove_directories(Temp, /*IgnoreErrors=*/true);
    return llvm::Error::success();
  }
  // A file system without RENAME_EXCHANGE: the portable way below.
#endif
  llvm::SmallString<256> Old;
  if (std::error_code EC = fs::createUniqueDirectory(Path + ".old", Old))
    return llvm::createFileError(Path, EC);
  fs::remove(Old);
  if (std::error_code EC = fs::rename(Path, Old))
    return llvm::createFileError(Path, EC);
  if (std::error_code EC = fs::rename(Temp, Path)) {
    fs::rename(Old, Path);
    return llvm::createFileError(Path, EC);
  }
  Committed = true;
  fs::remove_directories(Old, /*IgnoreErrors=*/true);
  return llvm::Error::success();
}

} // namespace lockcheck::support
