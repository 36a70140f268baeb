//===- unittests/analysis/LockListFilterTest.cpp --------------------------===//
//
// The filter a join or a callee's releases ask before scanning a lock list:
// it may say a lock is there when it is not, never the other way round, and
// releases made through it leave the state as releases made without it.
//
//===----------------------------------------------------------------------===//
#include "analysis/LockListFilter.h"
#include "analysis/SummaryEngine.h"

#include <gtest/gtest.h>

#include <vector>

using namespace lockcheck;
using namespace lockcheck::analysis;

namespace {

LockRef resolved(ClassId Class) {
  LockRef L;
  L.Class = Class;
  return L;
}

/// A lock known only as a parameter's field (inside a lock wrapper).
LockRef relative(int Param, const std::vector<facts::FieldStep> &Steps) {
  LockRef L;
  L.Param = Param;
  L.Steps = Steps;
  return L;
}

TEST(LockListFilterTest, NeverRulesOutALockTheListHolds) {
  std::vector<facts::FieldStep> Steps(1);
  Steps[0].Field = "lock";
  std::vector<LockRef> List;
  for (ClassId C = 1; C <= 40; ++C)
    List.push_back(resolved(C * 7));
  List.push_back(relative(0, Steps));
  LockListFilter Filter;
  for (const LockRef &L : List)
    EXPECT_TRUE(Filter.contains(List, L));
  // A lock appended after the first question is found too.
  List.push_back(resolved(1000));
  Filter.added(List.back());
  EXPECT_TRUE(Filter.contains(List, resolved(1000)));
  // Absent locks are absent, whatever the filter says of them.
  for (ClassId C = 2000; C < 2100; ++C)
    EXPECT_FALSE(Filter.contains(List, resolved(C)));
}

TEST(LockListFilterTest, AnEmptyListHoldsNothing) {
  LockListFilter Filter;
  std::vector<LockRef> Empty;
  for (ClassId C = 1; C < 100; ++C)
    EXPECT_FALSE(Filter.mayContain(Empty, resolved(C)));
}

TEST(LockListFilterTest, ReleasesThroughFiltersLeaveTheStateAsWithout) {
  // A state that released some locks and holds one, then a callee's releases
  // applied one after another, with and without filters.
  SummaryEngine::State Plain;
  Plain.Released.push_back(resolved(3));
  Plain.Released.push_back(resolved(5));
  Plain.Dropped.push_back(resolved(5));
  HeldLock H;
  H.Lock = resolved(9);
  Plain.Held.push_back(H);
  SummaryEngine::State Filtered = Plain;
  ReleaseFilters Filters;
  for (ClassId C : {5u, 9u, 11u, 3u, 11u, 13u}) {
    const bool Untouched = releaseLock(Plain, resolved(C));
    EXPECT_EQ(releaseLock(Filtered, resolved(C), &Filters), Untouched) << C;
  }
  EXPECT_EQ(Filtered.Released, Plain.Released);
  EXPECT_EQ(Filtered.Dropped, Plain.Dropped);
  EXPECT_EQ(Filtered.ReleasedOnAll, Plain.ReleasedOnAll);
  EXPECT_TRUE(Filtered.Held.empty());
  // 11 and 13 were released anew; 9, taken in the function, is no release
  // of its caller's lock.
  EXPECT_EQ(Plain.Released.size(), 4u);
}

} // namespace
