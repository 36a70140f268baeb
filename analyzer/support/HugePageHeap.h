//===- support/HugePageHeap.h - Back the malloc heap with huge pages ------===//
//
// analyze builds a gigabyte and a half of graph and summaries in small blocks
// and walks them for seconds: with 4 KiB pages that is 400,000 page faults and
// a TLB miss on most pointer chases (on a 2-core EPYC VM, 2.7 s of system and
// 2.5 s of user time out of 9 s). glibc backs its heap with transparent huge
// pages when the kernel gives them only on advice ("madvise", the common
// default) if its tunable glibc.malloc.hugetlb=1 is set, and glibc reads
// tunables only from the environment at startup. So lockcheck restarts itself
// once with the tunable added, unless the user already chose a value.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_SUPPORT_HUGEPAGEHEAP_H
#define LOCKCHECK_SUPPORT_HUGEPAGEHEAP_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace lockcheck::support {

/// The GLIBC_TUNABLES value to restart with, given its current value (null
/// when unset) and the kernel's transparent huge page mode (the contents of
/// /sys/kernel/mm/transparent_hugepage/enabled, `always [madvise] never`);
/// nullopt when a restart would change nothing: huge pages are given without
/// advice or never, or glibc.malloc.hugetlb is already set, to any value.
std::optional<std::string> tunablesForHugePageHeap(const char *CurrentTunables,
                                                   llvm::StringRef ThpMode);

/// Re-executes the running program with glibc.malloc.hugetlb=1 added to
/// GLIBC_TUNABLES when tunablesForHugePageHeap() says so; returns when it does
/// not, or when the restart fails (the run goes on with small pages). Call it
/// first thing in main(), before any thread or file is opened.
void restartWithHugePageHeap(char **Argv);

} // namespace lockcheck::support

#endif
