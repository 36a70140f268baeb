//===- tool/ExtractionWorkers.cpp - TUs parsed in worker processes --------===//
//
// The parent writes a batch's commands to a file the worker reads as stdin;
// the worker's stdout and stderr go to files too. Its stdout is a sequence of
// records, one per TU in batch order, each flushed as soon as the TU is done:
//
//   {"main_file": F, "facts_size": N, "dependencies": [["/abs/file.h", DIGEST], ...]}\n
//   N bytes of facts JSON\n
//
// or `{"error": "file:line:col: message"}\n` for a TU that does not parse.
// The header is compact JSON, which never holds a raw newline. A worker that
// dies mid-record leaves a record the parent does not accept: that TU is the
// one that crashed.
//
//===----------------------------------------------------------------------===//
#include "tool/ExtractionWorkers.h"

#include "facts/FactsJson.h"
#include "support/AtomicFile.h"
#include "support/ErrorMessage.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>

#ifdef __linux__
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#endif

using nlohmann::json;

namespace lockcheck::tool {

/// The most TUs one worker parses.
static constexpr size_t MaxBatch = 16;

/// A worker's exit status when a TU ran out of time (as timeout(1)'s).
static constexpr int TimedOutStatus = 124;

#ifdef __linux__
/// SIGALRM ends the worker at once: the TU it was parsing is the one that
/// timed out, and its parent says so from the exit status.
extern "C" void exitOnAlarm(int) { _exit(TimedOutStatus); }
#endif

static std::string requestOf(const std::vector<frontend::TUCommand> &Commands,
                             llvm::ArrayRef<size_t> Batch) {
  json Request = json::array();
  for (size_t I : Batch)
    Request.push_back({{"file", Commands[I].File},
                       {"directory", Commands[I].Directory},
                       {"arguments", Commands[I].Args}});
  // A name that is not UTF-8 is written with replacement characters rather
  // than throwing; that TU then fails to open in the worker, and says so.
  return Request.dump(-1, ' ', false, json::error_handler_t::replace);
}

static llvm::Expected<std::vector<frontend::TUCommand>> parseRequest(llvm::StringRef Text) {
  json Request = json::parse(Text.begin(), Text.end(), nullptr, /*allow_exceptions=*/false);
  if (Request.is_discarded() || !Request.is_array())
    return llvm::createStringError("worker: the request is not a JSON array");
  std::vector<frontend::TUCommand> Out;
  for (const json &Entry : Request) {
    if (!Entry.is_object() || !Entry.contains("file") || !Entry["file"].is_string() ||
        !Entry.contains("directory") || !Entry["directory"].is_string() ||
        !Entry.contains("arguments") || !Entry["arguments"].is_array())
      return llvm::createStringError("worker: malformed command in the request");
    frontend::TUCommand C;
    C.File = Entry["file"].get<std::string>();
    C.Directory = Entry["directory"].get<std::string>();
    for (const json &A : Entry["arguments"]) {
      if (!A.is_string())
        return llvm::createStringError("worker: malformed argument in the request");
      C.Args.push_back(A.get<std::string>());
    }
    Out.push_back(std::move(C));
  }
  return Out;
}

int runExtractionWorker(llvm::StringRef ParentPid, llvm::StringRef TUTimeout) {
  unsigned Timeout = 0;
  if (!TUTimeout.empty() && !llvm::to_integer(TUTimeout, Timeout)) {
    llvm::errs() << "worker: bad timeout '" << TUTimeout << "'\n";
    return 2;
  }
#ifdef __linux__
  // A parent killed outright (SIGKILL) cannot stop its workers: have the
  // kernel do it, and give up if the parent is already gone.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  int Parent = 0;
  if (llvm::to_integer(ParentPid, Parent) && getppid() != Parent)
    return 1;
  if (Timeout)
    signal(SIGALRM, exitOnAlarm);
#endif
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Input = llvm::MemoryBuffer::getSTDIN();
  if (!Input) {
    llvm::errs() << "worker: cannot read the request: " << Input.getError().message() << "\n";
    return 2;
  }
  llvm::Expected<std::vector<frontend::TUCommand>> Commands =
      parseRequest((*Input)->getBuffer());
  if (!Commands) {
    llvm::errs() << llvm::toString(Commands.takeError()) << "\n";
    return 2;
  }
  llvm::raw_fd_ostream &Out = llvm::outs();
  for (const frontend::TUCommand &Cmd : *Commands) {
#ifdef __linux__
    // Wall-clock time, as a CI job's limit counts it: a TU blocked reading a
    // FIFO it includes uses no CPU and must end too.
    alarm(Timeout);
#endif
    llvm::Expected<frontend::ExtractedTU> TU = frontend::extractTU(Cmd);
#ifdef __linux__
    alarm(0);
#endif
    json Header;
    std::string Facts;
    if (!TU) {
      Header["error"] = support::errorMessage(TU.takeError());
    } else {
      Facts = facts::writeFactsJson(TU->Facts);
      json Deps = json::array();
      for (const facts::FileDigest &D : TU->Dependencies)
        Deps.push_back(json::array({D.Path, D.Hash}));
      Header["main_file"] = TU->Facts.MainFile;
      Header["facts_size"] = Facts.size();
      Header["dependencies"] = std::move(Deps);
    }
    Out << Header.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    if (TU)
      Out << Facts << "\n";
    Out.flush();
    if (Out.has_error())
      return 2;
  }
  return 0;
}

/// Reads the records a worker wrote, in order, until the end or the first one
/// that is incomplete.
static std::vector<WorkerOutcome> readRecords(llvm::StringRef Text) {
  std::vector<WorkerOutcome> Out;
  while (!Text.empty()) {
    size_t End = Text.find('\n');
    if (End == llvm::StringRef::npos)
      break;
    llvm::StringRef Line = Text.take_front(End);
    json Header = json::parse(Line.begin(), Line.end(), nullptr, /*allow_exceptions=*/false);
    if (Header.is_discarded() || !Header.is_object())
      break;
    Text = Text.drop_front(End + 1);
    WorkerOutcome O;
    if (auto It = Header.find("error"); It != Header.end() && It->is_string()) {
      O.Error = It->get<std::string>();
      Out.push_back(std::move(O));
      continue;
    }
    auto Main = Header.find("main_file");
    auto Size = Header.find("facts_size");
    auto Deps = Header.find("dependencies");
    if (Main == Header.end() || !Main->is_string() || Size == Header.end() ||
        !Size->is_number_unsigned() || Deps == Header.end() || !Deps->is_array())
      break;
    O.MainFile = Main->get<std::string>();
    uint64_t N = Size->get<uint64_t>();
    if (Text.size() < N + 1 || Text[N] != '\n')
      break;
    O.FactsJson = Text.take_front(N).str();
    Text = Text.drop_front(N + 1);
    for (const json &D : *Deps)
      if (D.is_array() && D.size() == 2 && D[0].is_string() && D[1].is_number_unsigned())
        O.Dependencies.push_back({D[0].get<std::string>(), D[1].get<uint64_t>()});
    if (O.Dependencies.size() != Deps->size())
      O.Dependencies.clear(); // an entry that cannot vouch for every file is not cached
    Out.push_back(std::move(O));
  }
  return Out;
}

/// The first line of a dead worker's stderr that says something: not a
/// sanitizer's rule of '=' signs, nor LLVM's request for a bug report.
static std::string firstErrorLine(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return "";
  llvm::SmallVector<llvm::StringRef, 8> Lines;
  (*Buffer)->getBuffer().split(Lines, '\n', /*MaxSplit=*/64, /*KeepEmpty=*/false);
  for (llvm::StringRef L : Lines) {
    L = L.trim();
    if (L.empty() || L.find_first_not_of('=') == llvm::StringRef::npos ||
        L.starts_with("PLEASE submit a bug report") || L == "Stack dump:")
      continue;
    return L.str();
  }
  return "";
}

namespace {

/// The three files a worker reads and writes, removed when the batch is done
/// or the parent is interrupted.
class BatchFiles {
public:
  llvm::Error create() {
    llvm::SmallString<128> Temp;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Temp);
    for (auto [Path, Suffix] : {std::pair{&Request, "json"}, {&Output, "out"}, {&Errors, "err"}}) {
      llvm::SmallString<128> Model = Temp;
      llvm::sys::path::append(Model, llvm::Twine("lockcheck-batch-%%%%%%.") + Suffix);
      int FD = -1;
      if (llvm::Error E = support::createFileRemovedOnSignal(Model, FD, *Path))
        return E;
      llvm::sys::Process::SafelyCloseFileDescriptor(FD);
    }
    return llvm::Error::success();
  }
  ~BatchFiles() {
    for (const llvm::SmallString<128> *Path : {&Request, &Output, &Errors})
      if (!Path->empty()) {
        llvm::sys::fs::remove(*Path);
        support::forgetTemporary(*Path);
      }
  }
  llvm::SmallString<128> Request, Output, Errors;
};

} // namespace

/// Runs one worker over Batch; calls OnOutcome for each TU it finished and
/// returns how many that was. A worker that died is reported in Death.
static size_t runWorker(const std::string &Executable,
                        const std::vector<frontend::TUCommand> &Commands,
                        llvm::ArrayRef<size_t> Batch, unsigned TUTimeout,
                        llvm::function_ref<void(size_t, WorkerOutcome)> OnOutcome,
                        std::string &Death) {
  BatchFiles Files;
  if (llvm::Error E = Files.create()) {
    Death = llvm::toString(std::move(E));
    return 0;
  }
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Files.Request, EC);
    if (!EC) {
      OS << requestOf(Commands, Batch);
      OS.close();
      EC = OS.error();
      OS.clear_error();
    }
    if (EC) {
      Death = "cannot write " + std::string(Files.Request) + ": " + EC.message();
      return 0;
    }
  }
  std::string Pid = std::to_string(llvm::sys::Process::getProcessId());
  std::string Timeout = std::to_string(TUTimeout);
  llvm::StringRef Args[] = {Executable, WorkerArgument, Pid, Timeout};
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(Files.Request),
                                                llvm::StringRef(Files.Output),
                                                llvm::StringRef(Files.Errors)};
  std::string ErrMsg;
  bool ExecutionFailed = false;
  int Status = llvm::sys::ExecuteAndWait(Executable, Args, std::nullopt, Redirects,
                                         /*SecondsToWait=*/0, /*MemoryLimit=*/0, &ErrMsg,
                                         &ExecutionFailed);
  if (ExecutionFailed) {
    Death = "cannot start a worker: " + ErrMsg;
    return 0;
  }
  std::vector<WorkerOutcome> Done;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Files.Output, /*IsText=*/false,
                                                /*RequiresNullTerminator=*/false))
    Done = readRecords((*Buffer)->getBuffer());
  size_t N = std::min(Done.size(), Batch.size());
  for (size_t K = 0; K < N; ++K)
    OnOutcome(Batch[K], std::move(Done[K]));
  if (N < Batch.size()) {
    if (Status == TimedOutStatus) {
      Death = "timed out after " + std::to_string(TUTimeout) + " s (--tu-timeout)";
      return N;
    }
    std::string How = Status == -2 ? "crashed (" + ErrMsg + ")"
                                   : "worker exited with status " + std::to_string(Status);
    std::string Line = firstErrorLine(Files.Errors);
    Death = Line.empty() ? How : How + ": " + Line;
  }
  return N;
}

void extractInWorkers(const std::vector<frontend::TUCommand> &Commands,
                      llvm::ArrayRef<size_t> Indices, const ExtractionLimits &Limits,
                      llvm::function_ref<void(size_t, WorkerOutcome)> OnOutcome) {
  if (Indices.empty())
    return;
  static int Anchor;
  std::string Executable = llvm::sys::fs::getMainExecutable("lockcheck", &Anchor);
  llvm::ThreadPoolStrategy Strategy = llvm::hardware_concurrency(Limits.Jobs);
  unsigned Threads = std::min<size_t>(Strategy.compute_thread_count(), Indices.size());
  // A worker per batch, not per TU, keeps process start-up (about 20 ms, most
  // of it loading Clang's libraries) out of the cost of extraction. Batches
  // shrink as the work runs out (guided scheduling), so that every thread ends
  // at about the same time and the progress display keeps moving.
  std::mutex QueueLock;
  llvm::ArrayRef<size_t> Queue = Indices;
  auto TakeBatch = [&]() {
    std::lock_guard<std::mutex> Lock(QueueLock);
    size_t Size = std::clamp<size_t>(Queue.size() / (2 * Threads), 1, MaxBatch);
    llvm::ArrayRef<size_t> Batch = Queue.take_front(std::min(Size, Queue.size()));
    Queue = Queue.drop_front(Batch.size());
    return Batch;
  };
  llvm::DefaultThreadPool Pool(Strategy);
  for (unsigned T = 0; T < Threads; ++T)
    Pool.async([&] {
      for (llvm::ArrayRef<size_t> Batch = TakeBatch(); !Batch.empty(); Batch = TakeBatch()) {
        // A worker that dies costs the TU it was parsing; the rest of its
        // batch goes to the next one.
        while (!Batch.empty()) {
          std::string Death;
          size_t Done =
              runWorker(Executable, Commands, Batch, Limits.TUTimeout, OnOutcome, Death);
          Batch = Batch.drop_front(Done);
          if (Batch.empty())
            break;
          if (Death.empty())
            Death = "worker ended without a result";
          // Named like a TU whose file is missing: extract prints the error alone.
          std::string Error = support::errorMessage(llvm::createFileError(
              Commands[Batch.front()].File, llvm::createStringError(Death)));
          OnOutcome(Batch.front(), WorkerOutcome{"", "", {}, std::move(Error)});
          Batch = Batch.drop_front();
        }
      }
    });
  Pool.wait();
}

} // namespace lockcheck::tool
