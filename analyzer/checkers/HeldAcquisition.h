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
/// SiteDetail. Returns the index in Out of that step.
size_t renderHeldAcquisition(const analysis::PathRenderer &Paths, const HeldAcquisition &W,
                             llvm::StringRef HeldDetail, llvm::StringRef SiteKind,
                             llvm::StringRef SiteDetail, std::vector<report::TraceStep> &Out);

} // namespace lockcheck::checkers

#endif // LOCKCHECK_CHECKERS_HELDACQUISITION_H
