//===- checkers/CheckerRegistry.cpp - The list of checkers ----------------===//
#include "checkers/Checker.h"
#include "checkers/ImbalanceChecker.h"
#include "checkers/LockOrderChecker.h"
#include "checkers/RecursiveLockChecker.h"

namespace lockcheck::checkers {

template <typename T> static std::unique_ptr<Checker> create(report::FindingSink &Sink) {
  return std::make_unique<T>(Sink);
}

// Alphabetical by name.
static const CheckerInfo Checkers[] = {
    {"imbalance", "returns that leave a lock held on some paths and not on others",
     &create<ImbalanceChecker>},
    {"lock-order", "two locks taken in opposite orders on different paths (a lock-order cycle)",
     &create<LockOrderChecker>},
    {"recursive-lock", "acquiring a lock that is already held on the path",
     &create<RecursiveLockChecker>},
};

llvm::ArrayRef<CheckerInfo> registeredCheckers() { return Checkers; }

} // namespace lockcheck::checkers
