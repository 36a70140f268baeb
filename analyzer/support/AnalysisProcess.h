//===- support/AnalysisProcess.h - What analyze wants of its process ------===//
//
// analyze builds a gigabyte and a half of graph and summaries in small blocks
// and walks them for seconds, demanding summaries depth-first along call
// chains. Two things of the process matter, and both are fixed when a program
// starts, so lockcheck restarts itself once to get them:
//   - the heap on huge pages: with 4 KiB pages that is 400,000 page faults
//     and a TLB miss on most pointer chases (on a 2-core EPYC VM, 2.7 s of
//     system and 2.5 s of user time out of 9 s). glibc backs its heap with
//     transparent huge pages when the kernel gives them only on advice
//     ("madvise", the common default) if its tunable glibc.malloc.hugetlb=1
//     is set, and glibc reads tunables only from the environment at startup;
//   - a main thread whose stack may grow to AnalysisStackBytes, so that the
//     summary run can be on the main thread, whose allocations come from
//     glibc's main heap, the one a HeapPrefaulter follows (another thread's
//     arena is mapped elsewhere). The kernel places the other mappings below
//     the stack by the limit the program was started with, so raising it
//     later does not give the room.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_SUPPORT_ANALYSISPROCESS_H
#define LOCKCHECK_SUPPORT_ANALYSISPROCESS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace lockcheck::support {

/// The stack the summary run is given: deep kernel call chains, with room to
/// spare (linux 6.1's fs/ and mm/ need less than 4 MiB).
constexpr uint64_t AnalysisStackBytes = uint64_t(512) << 20;

/// The stack of every other thread: glibc's usual default.
constexpr uint64_t ThreadStackBytes = uint64_t(8) << 20;

/// glibc sizes a new thread's stack by RLIMIT_STACK, which the restart raises
/// for the main thread alone: threads created from here on get
/// ThreadStackBytes, so that the facts readers do not each reserve half a
/// gigabyte of address space. restartForAnalysis() calls it in the restarted
/// process.
void keepThreadStacks();

/// The GLIBC_TUNABLES value to restart with, given its current value (null
/// when unset) and the kernel's transparent huge page mode (the contents of
/// /sys/kernel/mm/transparent_hugepage/enabled, `always [madvise] never`);
/// nullopt when a restart would change nothing: huge pages are given without
/// advice or never, or glibc.malloc.hugetlb is already set, to any value.
std::optional<std::string> tunablesForHugePageHeap(const char *CurrentTunables,
                                                   llvm::StringRef ThpMode);

/// The soft stack limit to restart with, given the current soft and hard
/// limits (UINT64_MAX for unlimited): AnalysisStackBytes when the current one
/// is smaller and the hard one allows it, else nullopt.
std::optional<uint64_t> stackLimitToRaise(uint64_t Soft, uint64_t Hard);

/// Re-executes the running program with what the two functions above ask for,
/// when either asks for something; returns when neither does, or when the
/// restart fails (the run goes on as it is). Call it first thing in main(),
/// before any thread or file is opened.
void restartForAnalysis(char **Argv);

/// Runs Work with AnalysisStackBytes of stack: on the calling thread when it is
/// the main thread and its stack may grow that far, else on a thread of its
/// own, which it waits for.
void runWithAnalysisStack(llvm::function_ref<void()> Work);

} // namespace lockcheck::support

#endif
