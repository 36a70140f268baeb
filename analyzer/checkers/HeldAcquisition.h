//===- checkers/HeldAcquisition.h - One acquisition under a held lock -----===//
//
// recursive-lock and lock-order both report an acquisition reached while a
// lock is held, with the same witness: the entry path to the function holding
// the lock, where it was taken, and the path down to the acquisition.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_CHECKERS_HELDACQUISITION_H
#define LOCKCHECK_CHECKERS_HELDACQUISITION_H

#include "analysis/LockEvents.h"
#include "checkers/Checker.h"
#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <string>

#include <vector>

namespace lockcheck::checkers {

/// An AcquireWhileHeld event kept until the entry paths are final (finish):
/// the summaries and witness chains it points to live as long as the engine.
struct HeldAcquisition {
  const analysis::Summary *Frame = nullptr;
  analysis::HeldLock Held;
  analysis::AcquireSite Site;

  static HeldAcquisition from(const analysis::AcquireWhileHeld &E) {
    return {&E.Frame, E.Held, E.Site};
  }
};

/// Appends the witness of W to Out in path order: the entry path of W's frame,
/// where the held lock was taken (kind "acquire", HeldDetail), and the path to
/// the site, whose step a reader sees as the acquisition gets SiteKind and
/// SiteDetail. Returns the index in Out of that step. A lock held on entry by a
/// method's contract was taken by no step of the path: the entry step is
/// repeated in its place (kind "held-on-entry", saying which contract of
/// Rules), and HeldDetail is not used.
size_t renderHeldAcquisition(const analysis::PathRenderer &Paths, const HeldAcquisition &W,
                             llvm::StringRef HeldDetail, llvm::StringRef SiteKind,
                             llvm::StringRef SiteDetail, std::vector<report::TraceStep> &Out,
                             const spec::Rules *Rules = nullptr);

/// The note on a lock held on entry to the method of rule EntryRule:
/// `'mm_struct.mmap_lock' is held on entry to 'vm_operations_struct.fault'
/// (Documentation/filesystems/locking.rst:648)`.
std::string heldOnEntryDetail(llvm::StringRef Lock, const spec::Rule &EntryRule);

} // namespace lockcheck::checkers

#endif // LOCKCHECK_CHECKERS_HELDACQUISITION_H
