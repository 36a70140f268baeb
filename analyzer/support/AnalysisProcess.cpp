//===- support/AnalysisProcess.cpp - What analyze wants of its process ----===//

#include "support/AnalysisProcess.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/thread.h"

#include <cstdlib>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace lockcheck::support {

static constexpr llvm::StringLiteral HugeTlbTunable = "glibc.malloc.hugetlb";

std::optional<std::string> tunablesForHugePageHeap(const char *CurrentTunables,
                                                   llvm::StringRef ThpMode) {
  if (!ThpMode.contains("[madvise]"))
    return std::nullopt;
  llvm::StringRef Current = CurrentTunables ? CurrentTunables : "";
  if (Current.contains(HugeTlbTunable))
    return std::nullopt;
  std::string Wanted = (HugeTlbTunable + "=1").str();
  return Current.empty() ? Wanted : (Current + ":" + Wanted).str();
}

std::optional<uint64_t> stackLimitToRaise(uint64_t Soft, uint64_t Hard) {
  if (Soft >= AnalysisStackBytes || Hard < AnalysisStackBytes)
    return std::nullopt;
  return AnalysisStackBytes;
}

static uint64_t asBytes(rlim_t Limit) {
  return Limit == RLIM_INFINITY ? UINT64_MAX : static_cast<uint64_t>(Limit);
}

void keepThreadStacks() {
#ifdef __GLIBC__
  pthread_attr_t Attr;
  if (pthread_attr_init(&Attr) != 0)
    return;
  if (pthread_attr_setstacksize(&Attr, ThreadStackBytes) == 0)
    pthread_setattr_default_np(&Attr);
  pthread_attr_destroy(&Attr);
#endif
}

void restartForAnalysis(char **Argv) {
#ifdef __linux__
  bool Restart = false;
#ifdef __GLIBC__
  if (auto Mode =
          llvm::MemoryBuffer::getFileAsStream("/sys/kernel/mm/transparent_hugepage/enabled"))
    if (std::optional<std::string> Tunables =
            tunablesForHugePageHeap(std::getenv("GLIBC_TUNABLES"), (*Mode)->getBuffer()))
      Restart |= setenv("GLIBC_TUNABLES", Tunables->c_str(), 1) == 0;
#endif
  struct rlimit Stack = {}, Started = {};
  if (getrlimit(RLIMIT_STACK, &Stack) == 0) {
    Started = Stack;
    if (std::optional<uint64_t> Raised =
            stackLimitToRaise(asBytes(Stack.rlim_cur), asBytes(Stack.rlim_max))) {
      Stack.rlim_cur = static_cast<rlim_t>(*Raised);
      Restart |= setrlimit(RLIMIT_STACK, &Stack) == 0;
    }
  }
  // The restarted process finds both set and goes on: no loop.
  if (!Restart) {
    if (asBytes(Stack.rlim_cur) >= AnalysisStackBytes)
      keepThreadStacks();
    return;
  }
  execv("/proc/self/exe", Argv);
  // Still the same image, its other mappings placed by the limit it started
  // with: the main thread's stack cannot grow to the raised one.
  if (Stack.rlim_cur != Started.rlim_cur)
    setrlimit(RLIMIT_STACK, &Started);
#else
  (void)Argv;
#endif
}

static bool onMainThreadWithAnalysisStack() {
#ifdef __linux__
  struct rlimit Stack;
  return static_cast<pid_t>(syscall(SYS_gettid)) == getpid() &&
         getrlimit(RLIMIT_STACK, &Stack) == 0 &&
         asBytes(Stack.rlim_cur) >= AnalysisStackBytes;
#else
  return false;
#endif
}

void runWithAnalysisStack(llvm::function_ref<void()> Work) {
  if (onMainThreadWithAnalysisStack())
    return Work();
  llvm::thread Worker(std::optional<unsigned>(AnalysisStackBytes), [&] { Work(); });
  Worker.join();
}

} // namespace lockcheck::support
