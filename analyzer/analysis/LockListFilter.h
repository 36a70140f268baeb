//===- analysis/LockListFilter.h - Which classes a lock list may hold -----===//
//
// The released, dropped and lost lists of a dataflow state are long (a
// release deep in the allocator passes up to every caller), and most locks
// looked up in them are not there: each such answer was a scan of the whole
// list. A join, or a callee's releases applied to one state, asks many times
// of the same list, and a filter made at the first question answers most of
// the misses.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_ANALYSIS_LOCKLISTFILTER_H
#define LOCKCHECK_ANALYSIS_LOCKLISTFILTER_H

#include "analysis/LockRef.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"

#include <cstdint>

namespace lockcheck::analysis {

/// Which classes a list of locks may hold, as 256 bits made from the list at
/// the first question. Equal locks have the same class (or are both
/// unresolved), so the same bit: a clear bit says the list does not hold the
/// lock; a set one says nothing.
class LockListFilter {
public:
  bool mayContain(llvm::ArrayRef<LockRef> List, const LockRef &Lock) {
    if (!Built) {
      for (const LockRef &L : List)
        set(L);
      Built = true;
    }
    const unsigned Bit = bitOf(Lock);
    return Words[Bit >> 6] >> (Bit & 63) & 1;
  }
  /// Whether List holds Lock, scanning it only when the filter cannot say.
  bool contains(llvm::ArrayRef<LockRef> List, const LockRef &Lock) {
    return mayContain(List, Lock) && llvm::is_contained(List, Lock);
  }
  /// Lock was appended to the list.
  void added(const LockRef &Lock) {
    if (Built)
      set(Lock);
  }

private:
  static unsigned bitOf(const LockRef &Lock) {
    return static_cast<unsigned>((uint64_t(Lock.Class) * 0x9E3779B97F4A7C15ull) >> 56);
  }
  void set(const LockRef &Lock) {
    const unsigned Bit = bitOf(Lock);
    Words[Bit >> 6] |= uint64_t(1) << (Bit & 63);
  }
  uint64_t Words[4] = {};
  bool Built = false;
};

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_LOCKLISTFILTER_H
