//===- support/HeapPrefault.cpp - Fault the heap in on another core -------===//

#include "support/HeapPrefault.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>

namespace lockcheck::support {

HeapPrefaulter::HeapPrefaulter() {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  Worker = std::thread([this] { run(); });
#endif
}

HeapPrefaulter::~HeapPrefaulter() {
  Stop.store(true, std::memory_order_relaxed);
  if (Worker.joinable())
    Worker.join();
}

void HeapPrefaulter::run() {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  const uintptr_t Page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  // In steps, so that a step the allocating thread has already reached costs
  // little and the thread sees the heap's end move soon.
  const uintptr_t Step = 4 << 20;
  // sbrk(0) only reads glibc's record of where the heap ends.
  uintptr_t Done = reinterpret_cast<uintptr_t>(sbrk(0)) & ~(Page - 1);
  while (!Stop.load(std::memory_order_relaxed)) {
    uintptr_t End = reinterpret_cast<uintptr_t>(sbrk(0)) & ~(Page - 1);
    // glibc gives memory back at the top too (M_TRIM_THRESHOLD).
    Done = std::min(Done, End);
    if (Done == End) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    uintptr_t Until = std::min(End, Done + Step);
    if (madvise(reinterpret_cast<void *>(Done), Until - Done, MADV_POPULATE_WRITE) == 0)
      FaultedIn.fetch_add(Until - Done, std::memory_order_relaxed);
    else if (errno == EINVAL)
      return; // An older kernel: nothing to do.
    // Any other failure (ENOMEM: the heap shrank under us) goes on from the
    // new end.
    Done = Until;
  }
#endif
}

} // namespace lockcheck::support
