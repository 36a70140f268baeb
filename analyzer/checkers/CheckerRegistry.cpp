//===- checkers/CheckerRegistry.cpp - The list of checkers ----------------===//
#include "checkers/Checker.h"
#include "checkers/ContractChecker.h"
#include "checkers/RecursiveLockChecker.h"

namespace lockcheck::checkers {

template <typename T> static std::unique_ptr<Checker> create(report::FindingSink &Sink) {
  return std::make_unique<T>(Sink);
}

// Alphabetical by name.
static const CheckerInfo Checkers[] = {
    {"contract", "breaking a documented locking contract (rules/) or a lockdep assertion",
     &create<ContractChecker>,
     "rules/ (Documentation/filesystems/locking.rst and commits, each rule citing its source); "
     "include/linux/lockdep.h (lockdep_assert_held() and kin)",
     "https://docs.kernel.org/filesystems/locking.html"},
    {"recursive-lock", "acquiring a lock that is already held on the path",
     &create<RecursiveLockChecker>,
     "Documentation/locking/mutex-design.rst (recursive locking is not permitted); "
     "Documentation/locking/lockdep-design.rst, 'Recursive read locks' (a second down_read() "
     "waits behind a queued writer)",
     "https://docs.kernel.org/locking/lockdep-design.html#recursive-read-locks"},
};

llvm::ArrayRef<CheckerInfo> registeredCheckers() { return Checkers; }

} // namespace lockcheck::checkers
