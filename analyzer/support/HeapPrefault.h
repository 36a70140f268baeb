//===- support/HeapPrefault.h - Fault the heap in on another core ---------===//
//
// analyze touches a gigabyte and a half of fresh heap from one thread, and on
// the VMs it runs on, the first write to a page is the expensive part: the
// kernel zeroes it and the hypervisor backs it (perf on a 2-core EPYC VM: 40%
// of analyze's samples in clear_page_erms, under malloc). The other core is
// idle while the summaries are computed. A HeapPrefaulter keeps a thread that
// watches the end of glibc's main heap (sbrk(0), which glibc moves 64 MiB at a
// time, M_TOP_PAD) and faults in what it was extended by with
// madvise(MADV_POPULATE_WRITE), which maps pages as a write would without
// writing to them, so the allocating thread finds them mapped. Where the
// kernel lacks MADV_POPULATE_WRITE (before Linux 5.14) the thread stops and
// nothing else changes.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_SUPPORT_HEAPPREFAULT_H
#define LOCKCHECK_SUPPORT_HEAPPREFAULT_H

#include <atomic>
#include <cstddef>
#include <thread>

namespace lockcheck::support {

class HeapPrefaulter {
public:
  /// Starts the thread; the heap from here on is faulted in ahead.
  HeapPrefaulter();
  /// Stops the thread and waits for it.
  ~HeapPrefaulter();
  HeapPrefaulter(const HeapPrefaulter &) = delete;
  HeapPrefaulter &operator=(const HeapPrefaulter &) = delete;

  /// Bytes faulted in so far, for tests.
  size_t faultedIn() const { return FaultedIn.load(std::memory_order_relaxed); }

private:
  void run();

  std::atomic<bool> Stop{false};
  std::atomic<size_t> FaultedIn{0};
  std::thread Worker;
};

} // namespace lockcheck::support

#endif
