//===- report/TextReport.cpp - Clang-style text output ---------------------===//
#include "report/TextReport.h"

namespace lockcheck::report {

/// The first line (severity as given), a note per witness step, and the
/// fingerprint last, so clang-style readers of the first line are undisturbed.
static void writeFinding(llvm::raw_ostream &OS, const Finding &F, llvm::StringRef Severity) {
  auto At = [&OS](const std::string &File, unsigned Line, unsigned Column) -> llvm::raw_ostream & {
    return OS << File << ":" << Line << ":" << Column << ": ";
  };
  At(F.File, F.Line, F.Column) << Severity << ": " << F.Message << " [" << F.Checker << "]\n";
  for (const TraceStep &S : F.Trace) {
    // The finding's own step: already printed as the warning.
    if (S.isFindingStep())
      continue;
    At(S.File, S.Line, S.Column) << "note: " << S.Detail << "\n";
  }
  if (!F.Fingerprint.empty())
    At(F.File, F.Line, F.Column) << "note: fingerprint " << F.Fingerprint << "\n";
}

void writeText(llvm::raw_ostream &OS, const std::vector<Finding> &Findings,
               const std::vector<SuppressedFinding> &Suppressed) {
  for (const Finding &F : Findings)
    writeFinding(OS, F, F.Severity);
  // A remark, not a warning: tools that count warnings must not count these.
  for (const SuppressedFinding &S : Suppressed) {
    writeFinding(OS, S.Found, "remark");
    OS << S.By.File << ":" << S.By.Line << ": note: suppressed: " << S.By.Reason << "\n";
  }
}

void writeSummary(llvm::raw_ostream &OS, const RunStats &S, size_t FindingCount) {
  OS << "lockcheck: " << S.TUsAnalyzed << " TUs analyzed, " << S.FailedTUs.size()
     << " failed; " << S.Functions << " functions, " << S.CallSites << " call sites, "
     << S.IndirectResolved << " indirect call sites resolved, " << S.IndirectUnresolved
     << " unresolved; " << S.OpsTables << " ops tables, " << S.LockClasses
     << " lock classes; " << FindingCount << " findings\n";
  writeCacheSummary(OS, S);
  if (S.Suppressed)
    OS << "lockcheck: " << S.Suppressed << " findings suppressed\n";
  if (S.BaselineUsed)
    OS << "lockcheck: baseline: " << FindingCount << " new findings, " << S.BaselineKnown
       << " known, " << S.BaselineAbsent << " no longer found\n";
  for (const auto &[Reason, Count] : S.SetAside)
    OS << "lockcheck: set aside " << Count << " (" << Reason << ")\n";
  for (const auto &[File, Error] : S.FailedTUs)
    OS << "lockcheck: skipped " << File << ": " << Error << "\n";
}

void writeCacheSummary(llvm::raw_ostream &OS, const RunStats &S) {
  if (S.CacheHits + S.CacheMisses == 0)
    return;
  OS << "lockcheck: " << S.CacheHits << " cache hits, " << S.CacheMisses << " cache misses, "
     << S.CacheRejected << " cache entries rejected\n";
  if (S.CacheWriteFailures)
    OS << "lockcheck: warning: " << S.CacheWriteFailures
       << " cache entries not written: " << S.FirstCacheWriteError << "\n";
}

} // namespace lockcheck::report
