//===- tool/ExtractionWorkers.h - TUs parsed in worker processes ----------===//
//
// A Clang crash (an assertion, a signal, running out of memory) in one TU must
// not end a run over thousands, as clang-tidy's and CodeChecker's runs go on
// past one. lockcheck re-executes itself as a worker (a hidden first argument)
// for a batch of TUs at a time: the worker parses each and writes its facts to
// its stdout, the parent reads them back once the worker exits. A worker that
// dies leaves the records of the TUs it finished; the TU it was parsing is
// failed with what killed it, and the rest of its batch goes to a new worker.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_TOOL_EXTRACTIONWORKERS_H
#define LOCKCHECK_TOOL_EXTRACTIONWORKERS_H

#include "facts/FactsCache.h"
#include "frontend/TUExtractor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>
#include <vector>

namespace lockcheck::tool {

/// The first argument that makes lockcheck a worker. Not an option: users
/// never give it, and llvm::cl never sees it.
inline constexpr const char *WorkerArgument = "__extract-worker";

/// How extraction runs: at most Jobs workers at a time (0: one per core), and
/// a TU still parsing after TUTimeout seconds (0: no limit) is failed as timed
/// out, so that one TU that makes Clang loop cannot hold up a CI run.
struct ExtractionLimits {
  unsigned Jobs = 0;
  unsigned TUTimeout = 0;
};

/// The worker's main(): reads a batch of compile commands on stdin, parses
/// them in order and writes one record per TU on stdout. ParentPid is the pid
/// of the lockcheck that started it: the worker exits when that one is gone.
/// TUTimeout, when given and not 0, is ExtractionLimits::TUTimeout.
int runExtractionWorker(llvm::StringRef ParentPid, llvm::StringRef TUTimeout = "");

/// What a worker made of one TU.
struct WorkerOutcome {
  /// The main file, as the facts name it; empty when the TU failed.
  std::string MainFile;
  /// Empty when the TU failed.
  std::string FactsJson;
  /// The files the TU read; empty when one could not be read (not cached).
  std::vector<facts::FileDigest> Dependencies;
  /// Why the TU failed: its first compiler error, or how its worker died.
  std::string Error;
};

/// Parses the commands Indices select from Commands in worker processes, as
/// Limits say, and hands each TU's outcome to OnOutcome as soon as its
/// worker exits (from the thread that waited for it, so concurrently).
void extractInWorkers(const std::vector<frontend::TUCommand> &Commands,
                      llvm::ArrayRef<size_t> Indices, const ExtractionLimits &Limits,
                      llvm::function_ref<void(size_t, WorkerOutcome)> OnOutcome);

} // namespace lockcheck::tool

#endif // LOCKCHECK_TOOL_EXTRACTIONWORKERS_H
