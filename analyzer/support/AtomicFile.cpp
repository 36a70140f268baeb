//===- support/AtomicFile.cpp ----------------------------------------------===//
#include "support/AtomicFile.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <csignal>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>

#include <unistd.h>

#ifdef __linux__
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace lockcheck::support {

namespace {

/// LLVM's signal handler removes the files registered with
/// llvm::sys::RemoveFileOnSignal while the other threads go on: a name one of
/// them registers or creates meanwhile is never removed (the handler takes the
/// list away while it walks it, and drops a name it cannot stat yet). So
/// lockcheck keeps its temporaries itself: each thread making one counts as
/// in flight until it is renamed or removed, and on SIGINT or SIGTERM the
/// interrupt function below stops new ones, waits for those in flight, and
/// removes whatever names are still recorded.
constexpr size_t MaxTemporaries = 64;
constexpr size_t MaxTemporaryPath = 1024;
struct TemporarySlot {
  /// 0 free, 1 being filled, 2 holds a name.
  std::atomic<int> State{0};
  char Path[MaxTemporaryPath];
};
TemporarySlot Temporaries[MaxTemporaries];
std::atomic<int> TemporariesInFlight{0};
std::atomic<bool> Interrupted{false};

/// A thread making or renaming a temporary; none starts once interrupted.
class InFlight {
public:
  InFlight() {
    TemporariesInFlight.fetch_add(1);
    if (Interrupted.load()) {
      TemporariesInFlight.fetch_sub(1);
      Active = false;
    }
  }
  ~InFlight() {
    if (Active)
      TemporariesInFlight.fetch_sub(1);
  }
  explicit operator bool() const { return Active; }

private:
  bool Active = true;
};

/// Records Name for removal on an interrupt; LLVM's list takes the rare name
/// that does not fit.
void remember(llvm::StringRef Name) {
  if (Name.size() < MaxTemporaryPath)
    for (TemporarySlot &Slot : Temporaries) {
      int Free = 0;
      if (!Slot.State.compare_exchange_strong(Free, 1))
        continue;
      std::memcpy(Slot.Path, Name.data(), Name.size());
      Slot.Path[Name.size()] = '\0';
      Slot.State.store(2);
      return;
    }
  llvm::sys::RemoveFileOnSignal(Name);
}

void onInterrupt() {
  Interrupted.store(true);
  // A write in flight takes microseconds; one on the thread this handler
  // interrupted never ends, hence the bound.
  for (int Waited = 0; Waited < 500 && TemporariesInFlight.load() != 0; ++Waited) {
    struct timespec Millisecond = {0, 1000000};
    nanosleep(&Millisecond, nullptr);
  }
  for (TemporarySlot &Slot : Temporaries)
    if (Slot.State.load() == 2)
      ::unlink(Slot.Path);
  // LLVM's handler unregistered itself before calling this, and does not say
  // which signal came: the default action of SIGINT ends the process, also
  // after a SIGTERM (exit status 130 then, not 143). A shell starts background
  // jobs with SIGINT ignored, so the default action is set first: without it
  // a SIGTERM left the run going on, every later file failing.
  ::signal(SIGINT, SIG_DFL);
  ::raise(SIGINT);
}

} // namespace

void forgetTemporary(llvm::StringRef Name) {
  for (TemporarySlot &Slot : Temporaries)
    if (Slot.State.load() == 2 && Name == Slot.Path) {
      Slot.State.store(0);
      return;
    }
  llvm::sys::DontRemoveFileOnSignal(Name);
}

void removeTemporariesOnInterrupt() { llvm::sys::SetInterruptFunction(onInterrupt); }

/// Calls Create on fresh names made from Model (each `%` a random hex digit)
/// until one is not taken, each recorded for removal on SIGINT and SIGTERM
/// before Create makes it exist. The name that worked is left in Path, still
/// recorded; the error is Create's last.
static std::error_code createUnderFreshName(
    llvm::StringRef Model, llvm::SmallVectorImpl<char> &Path,
    llvm::function_ref<std::error_code(llvm::StringRef)> Create) {
  std::error_code EC;
  // As createUniqueFile, which tries as often when a name is taken.
  for (int Attempt = 0; Attempt < 128; ++Attempt) {
    llvm::sys::fs::createUniquePath(Model, Path, /*MakeAbsolute=*/false);
    llvm::StringRef Name(Path.data(), Path.size());
    remember(Name);
    EC = Create(Name);
    if (!EC)
      return EC;
    forgetTemporary(Name);
    if (EC != std::errc::file_exists)
      break;
  }
  return EC;
}

llvm::Error createFileRemovedOnSignal(llvm::StringRef Model, int &FD,
                                      llvm::SmallVectorImpl<char> &Path) {
  InFlight Writing;
  if (!Writing)
    return llvm::createFileError(Model, std::make_error_code(std::errc::interrupted));
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
  InFlight Writing;
  if (!Writing)
    return llvm::createFileError(Path, std::make_error_code(std::errc::interrupted));
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
  auto Forget = llvm::make_scope_exit([&] { forgetTemporary(TempPath); });
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Path)) {
    llvm::sys::fs::remove(TempPath);
    return llvm::createFileError(Path, EC);
  }
  return llvm::Error::success();
}
#endif

/// Writes Contents through an existing file that is no regular file
/// (`-o /dev/null`, a FIFO): replacing it, as the atomic write does, would put
/// a regular file in place of the device, which as root is /dev/null itself.
static llvm::Error writeInPlace(llvm::StringRef Path, llvm::StringRef Contents) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_None);
  if (EC)
    return llvm::createFileError(Path, EC);
  OS << Contents;
  OS.close();
  if (OS.has_error()) {
    EC = OS.error();
    OS.clear_error();
    return llvm::createFileError(Path, EC);
  }
  return llvm::Error::success();
}

llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents) {
  llvm::sys::fs::file_status Existing;
  if (!llvm::sys::fs::status(Path, Existing) && llvm::sys::fs::exists(Existing) &&
      !llvm::sys::fs::is_regular_file(Existing) && !llvm::sys::fs::is_directory(Existing))
    return writeInPlace(Path, Contents);
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
  InFlight Writing;
  if (!Writing)
    return llvm::createFileError(Path, std::make_error_code(std::errc::interrupted));
  if (llvm::Error E = createFileRemovedOnSignal(Model, FD, TempPath))
    return llvm::createFileError(Path, llvm::errorToErrorCode(std::move(E)));
  auto Forget = llvm::make_scope_exit([&] { forgetTemporary(TempPath); });
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
