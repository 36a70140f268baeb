//===- analysis/HeldSet.h - Small sets of held locks ----------------------===//
//
// Held sets are short vectors: a function rarely holds more than three locks
// at once, so linear scans beat any hashing.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_ANALYSIS_HELDSET_H
#define LOCKCHECK_ANALYSIS_HELDSET_H

#include "analysis/Summary.h"

#include "llvm/ADT/STLExtras.h"

#include <vector>

namespace lockcheck::analysis {

inline bool sameHeld(const HeldLock &A, const HeldLock &B) {
  return A.Lock == B.Lock && A.Subclass == B.Subclass;
}

/// Whether Set holds Lock, in any subclass.
inline bool holds(llvm::ArrayRef<HeldLock> Set, const LockRef &Lock) {
  return llvm::any_of(Set, [&](const HeldLock &H) { return H.Lock == Lock; });
}

inline void addHeld(std::vector<HeldLock> &Set, const HeldLock &H) {
  for (const HeldLock &Existing : Set)
    if (sameHeld(Existing, H))
      return;
  Set.push_back(H);
}

inline std::vector<HeldLock> intersect(const std::vector<HeldLock> &A,
                                       const std::vector<HeldLock> &B) {
  std::vector<HeldLock> Out;
  for (const HeldLock &H : A)
    if (llvm::any_of(B, [&](const HeldLock &O) { return sameHeld(H, O); }))
      Out.push_back(H);
  return Out;
}

/// Releases the most recently taken held lock of a kind: kernel code releases
/// in reverse order, so that is the one a release the analysis cannot name
/// (through a pointer filled in elsewhere) releases.
inline void releaseInnermost(std::vector<HeldLock> &Held, spec::LockKind Kind) {
  for (auto It = Held.rbegin(); It != Held.rend(); ++It)
    if (It->Kind == Kind) {
      Held.erase(std::next(It).base());
      return;
    }
}

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_HELDSET_H
