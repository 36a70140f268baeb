//===- report/Fingerprint.cpp ----------------------------------------------===//
#include "report/Fingerprint.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/xxhash.h"

namespace lockcheck::report {

static std::string hexDigest(llvm::StringRef Text) {
  std::string Hex = llvm::utohexstr(llvm::xxh3_64bits(Text), /*LowerCase=*/true);
  return std::string(16 - Hex.size(), '0') + Hex;
}

std::string pathFingerprint(const Finding &F) {
  // NUL separates fields: no function or lock name contains one.
  std::string Key = FingerprintScheme;
  for (const std::string *Part : {&F.Checker, &F.Rule, &F.Lock})
    Key += '\0' + *Part;
  for (const TraceStep &S : F.Trace) {
    // Whether both acquisitions are proven to lock one object is the
    // analysis' knowledge, not the bug's: a better analysis must not rename it.
    if (S.Kind == "identity")
      continue;
    Key += '\0' + S.Kind + '\0' + S.Function;
  }
  return hexDigest(Key);
}

void assignFingerprints(std::vector<Finding> &Findings) {
  llvm::StringMap<unsigned> Seen;
  for (Finding &F : Findings) {
    std::string Path = pathFingerprint(F);
    unsigned Rank = ++Seen[Path];
    // The first keeps the plain path fingerprint, so adding a twin later
    // leaves the existing finding's id alone.
    F.Fingerprint = Rank == 1 ? Path : hexDigest(Path + "#" + std::to_string(Rank));
  }
}

} // namespace lockcheck::report
