#include "support/HeapPrefault.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>
#include <vector>

using lockcheck::support::HeapPrefaulter;

namespace {

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LOCKCHECK_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LOCKCHECK_ASAN 1
#endif

/// Whether this process's small blocks come from glibc's sbrk heap, which
/// AddressSanitizer's allocator replaces, and the kernel can prefault.
bool prefaultingApplies() {
#if defined(MADV_POPULATE_WRITE) && !defined(LOCKCHECK_ASAN)
  long Page = sysconf(_SC_PAGESIZE);
  void *P = mmap(nullptr, Page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (P == MAP_FAILED)
    return false;
  bool Ok = madvise(P, Page, MADV_POPULATE_WRITE) == 0;
  munmap(P, Page);
  return Ok;
#else
  return false;
#endif
}

// Blocks small enough for the main heap (not mmap'ed on their own), filled
// with a pattern the prefaulting must not touch.
TEST(HeapPrefaultTest, FaultsInWhatTheHeapGrowsByAndLeavesItsContents) {
  if (!prefaultingApplies())
    GTEST_SKIP() << "no MADV_POPULATE_WRITE on this kernel, or no glibc heap (sanitizer)";
  HeapPrefaulter Prefault;
  std::vector<std::unique_ptr<char[]>> Blocks;
  constexpr size_t BlockSize = 4096;
  for (size_t I = 0; I < (32u << 20) / BlockSize; ++I) {
    Blocks.emplace_back(new char[BlockSize]);
    std::memset(Blocks.back().get(), static_cast<int>(I & 0x7f), BlockSize);
  }
  for (int Waited = 0; Prefault.faultedIn() == 0 && Waited < 5000; ++Waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_GT(Prefault.faultedIn(), 0u);
  for (size_t I = 0; I < Blocks.size(); ++I)
    for (size_t J = 0; J < BlockSize; J += 512)
      ASSERT_EQ(Blocks[I][J], static_cast<char>(I & 0x7f)) << I;
}

TEST(HeapPrefaultTest, StopsWhenDestroyedWithNothingToDo) {
  auto Start = std::chrono::steady_clock::now();
  { HeapPrefaulter Prefault; }
  EXPECT_LT(std::chrono::steady_clock::now() - Start, std::chrono::seconds(1));
}

} // namespace
