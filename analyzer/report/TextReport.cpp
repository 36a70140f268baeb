//===- report/TextReport.cpp - Clang-style text output ---------------------===//
#include "report/TextReport.h"

namespace lockcheck::report {

void writeText(llvm::raw_ostream &OS, const std::vector<Finding> &Findings) {
  for (const Finding &F : Findings) {
    OS << F.File << ":" << F.Line << ":" << F.Column << ": " << F.Severity << ": " << F.Message
       << " [" << F.Checker << "]\n";
    for (const TraceStep &S : F.Trace) {
      // The finding's own step: already printed as the warning.
      if (S.Kind == "reacquire" || S.Kind == "new-dependency")
        continue;
      OS << S.File << ":" << S.Line << ":" << S.Column << ": note: " << S.Detail << "\n";
    }
  }
}

void writeSummary(llvm::raw_ostream &OS, const RunStats &S, size_t FindingCount) {
  OS << "lockcheck: " << S.TUsAnalyzed << " TUs analyzed, " << S.FailedTUs.size()
     << " failed; " << S.Functions << " functions, " << S.CallSites << " call sites, "
     << S.IndirectResolved << " indirect call sites resolved, " << S.IndirectUnresolved
     << " unresolved; " << S.OpsTables << " ops tables, " << S.LockClasses
     << " lock classes; " << FindingCount << " findings\n";
  writeCacheSummary(OS, S);
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
