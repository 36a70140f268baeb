//===- checkers/CheckerRegistry.cpp - The list of checkers ----------------===//
#include "checkers/Checker.h"
#include "checkers/ImbalanceChecker.h"
#include "checkers/LockOrderChecker.h"
#include "checkers/RecursiveLockChecker.h"
#include "checkers/SleepInAtomicChecker.h"

namespace lockcheck::checkers {

template <typename T> static std::unique_ptr<Checker> create(report::FindingSink &Sink) {
  return std::make_unique<T>(Sink);
}

// Alphabetical by name.
static const CheckerInfo Checkers[] = {
    {"imbalance", "returns that leave a lock held on some paths and not on others",
     &create<ImbalanceChecker>,
     "Documentation/dev-tools/sparse.rst, 'Using sparse for lock checking' (a function must "
     "leave the lock context as its annotations say, on every path)",
     "https://docs.kernel.org/dev-tools/sparse.html#using-sparse-for-lock-checking"},
    {"lock-order", "two locks taken in opposite orders on different paths (a lock-order cycle)",
     &create<LockOrderChecker>,
     "Documentation/locking/lockdep-design.rst, 'Lock-class' and 'Rules' (a lock-order cycle "
     "between lock classes is a possible deadlock)",
     "https://docs.kernel.org/locking/lockdep-design.html"},
    {"recursive-lock", "acquiring a lock that is already held on the path",
     &create<RecursiveLockChecker>,
     "Documentation/locking/mutex-design.rst (recursive locking is not permitted); "
     "Documentation/locking/lockdep-design.rst, 'Recursive read locks' (a second down_read() "
     "waits behind a queued writer)",
     "https://docs.kernel.org/locking/lockdep-design.html#recursive-read-locks"},
    {"sleep-in-atomic",
     "something that may sleep reached while a spinlock is held or in an atomic region",
     &create<SleepInAtomicChecker>,
     "Documentation/locking/locktypes.rst, 'spinlock_t and rwlock_t' (spinning locks disable "
     "preemption: the critical section must not sleep); Documentation/RCU/whatisRCU.rst, "
     "'rcu_read_lock()' (a reader may not block)",
     "https://docs.kernel.org/locking/locktypes.html"},
};

llvm::ArrayRef<CheckerInfo> registeredCheckers() { return Checkers; }

} // namespace lockcheck::checkers
