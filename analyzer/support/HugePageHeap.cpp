//===- support/HugePageHeap.cpp - Back the malloc heap with huge pages ----===//

#include "support/HugePageHeap.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstdlib>
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

void restartWithHugePageHeap(char **Argv) {
#ifdef __GLIBC__
  auto Mode = llvm::MemoryBuffer::getFileAsStream("/sys/kernel/mm/transparent_hugepage/enabled");
  if (!Mode)
    return;
  std::optional<std::string> Tunables =
      tunablesForHugePageHeap(std::getenv("GLIBC_TUNABLES"), (*Mode)->getBuffer());
  if (!Tunables)
    return;
  // The restarted process finds the tunable set and goes on: no loop.
  if (setenv("GLIBC_TUNABLES", Tunables->c_str(), 1) != 0)
    return;
  execv("/proc/self/exe", Argv);
#else
  (void)Argv;
#endif
}

} // namespace lockcheck::support
