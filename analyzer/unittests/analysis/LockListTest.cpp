//===- unittests/analysis/LockListTest.cpp --------------------------------===//
//
// A state's released-lock lists answer membership from the classes their
// shared buffer holds: the answers must be those of a scan, for resolved,
// parameter-relative and unknown locks, after appends and erasures, and
// copies must not see each other's changes.
//
//===----------------------------------------------------------------------===//
#include "analysis/LockList.h"
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/STLExtras.h"

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

/// Whether List's answers for every lock of Probes are a scan's.
void expectScanAnswers(const LockList &List, llvm::ArrayRef<LockRef> Probes) {
  for (const LockRef &P : Probes) {
    const bool Scanned = llvm::is_contained(llvm::ArrayRef<LockRef>(List), P);
    EXPECT_EQ(List.contains(P), Scanned) << P.Class << " " << P.Param;
    const size_t Index = static_cast<size_t>(llvm::find(List, P) - List.begin());
    EXPECT_EQ(List.indexOf(P), Index);
  }
}

TEST(LockListTest, MembershipIsAScansAnswer) {
  std::vector<facts::FieldStep> Lock(1), Other(1);
  Lock[0].Field = "lock";
  Other[0].Field = "other";
  std::vector<LockRef> Probes;
  for (ClassId C : {0u, 1u, 63u, 64u, 700u, 1023u, 1024u, 5000u})
    Probes.push_back(resolved(C));
  Probes.push_back(relative(0, Lock));
  Probes.push_back(relative(1, Lock));
  Probes.push_back(relative(0, Other));
  Probes.push_back(LockRef()); // unknown

  LockList List;
  expectScanAnswers(List, Probes);
  EXPECT_FALSE(List.anyKnown());
  List.push_back(LockRef());
  EXPECT_FALSE(List.anyKnown());
  expectScanAnswers(List, Probes);
  for (ClassId C : {63u, 700u, 5000u})
    List.push_back(resolved(C));
  List.push_back(relative(0, Lock));
  EXPECT_TRUE(List.anyKnown());
  expectScanAnswers(List, Probes);

  // Erasing forgets the class, and a copy keeps what it had.
  LockList Copy = List;
  EXPECT_TRUE(Copy.sharesStorageWith(List));
  List.erase(resolved(700));
  List.erase(resolved(5000));
  List.erase(relative(0, Lock));
  EXPECT_FALSE(Copy.sharesStorageWith(List));
  expectScanAnswers(List, Probes);
  expectScanAnswers(Copy, Probes);
  EXPECT_TRUE(Copy.contains(resolved(700)));
  EXPECT_FALSE(List.contains(resolved(700)));
  EXPECT_EQ(List.size(), 2u);

  // A list made from a vector knows its classes too.
  LockList Made(std::vector<LockRef>(Copy.begin(), Copy.end()));
  EXPECT_EQ(Made, Copy);
  expectScanAnswers(Made, Probes);
}

TEST(LockListTest, EraseOfAnAbsentLockKeepsTheBufferShared) {
  LockList A(std::vector<LockRef>{resolved(1), resolved(2)});
  LockList B = A;
  B.erase(resolved(3));
  EXPECT_TRUE(B.sharesStorageWith(A));
  B.erase(resolved(1));
  EXPECT_FALSE(B.sharesStorageWith(A));
  EXPECT_EQ(A.size(), 2u);
  EXPECT_EQ(B.size(), 1u);
}

TEST(LockListTest, AppendMissingAddsWhatIsNotThereInOrder) {
  LockList Into(std::vector<LockRef>{resolved(1), resolved(2)});
  const LockList Shared = Into;
  LockList From(std::vector<LockRef>{resolved(2), resolved(7), resolved(1), resolved(3),
                                     resolved(7)});
  Into.appendMissing(From);
  EXPECT_EQ(Into, LockList({resolved(1), resolved(2), resolved(7), resolved(3)}));
  EXPECT_TRUE(Into.contains(resolved(3)));
  // The copy it shared its buffer with is left as it was.
  EXPECT_EQ(Shared, LockList({resolved(1), resolved(2)}));
  EXPECT_FALSE(Shared.contains(resolved(7)));
  // Nothing missing: the buffer stays shared.
  LockList Again = Into;
  Again.appendMissing(From);
  EXPECT_TRUE(Again.sharesStorageWith(Into));
}

TEST(LockListTest, AppendsGrowTheBufferAsAVectorWouldOrByTheRoomAnnounced) {
  LockList List;
  List.push_back(resolved(1));
  // Every append announces room for ten more, as a callee's releases do one
  // after another: the buffer grows only when full, and then at least
  // doubles, so that n appends make O(log n) buffers, not one per append.
  size_t Last = List.capacity(), Growths = 0;
  for (ClassId C = 2; C <= 200; ++C) {
    List.push_back(resolved(C), 10);
    if (List.capacity() != Last) {
      EXPECT_GE(List.capacity(), 2 * Last);
      Last = List.capacity();
      ++Growths;
    }
  }
  EXPECT_EQ(List.size(), 200u);
  EXPECT_LE(Growths, 6u);
  EXPECT_LE(List.capacity(), 2 * (List.size() + 10));
  expectScanAnswers(List, {resolved(1), resolved(100), resolved(200), resolved(201)});
}

TEST(LockListTest, AChangedCopyHasItsOwnBufferWithTheRoomAnnounced) {
  LockList A({resolved(1), resolved(2), resolved(3)});
  EXPECT_EQ(A.capacity(), 3u);
  LockList B = A;
  B.push_back(resolved(4), 5);
  EXPECT_FALSE(B.sharesStorageWith(A));
  EXPECT_EQ(A, LockList({resolved(1), resolved(2), resolved(3)}));
  EXPECT_FALSE(A.contains(resolved(4)));
  // The other four appends announced fit in the copy's buffer.
  const LockRef *Buffer = B.begin();
  for (ClassId C : {5u, 6u, 7u, 8u})
    B.push_back(resolved(C));
  EXPECT_EQ(B.begin(), Buffer);
  EXPECT_EQ(B, LockList({resolved(1), resolved(2), resolved(3), resolved(4), resolved(5),
                         resolved(6), resolved(7), resolved(8)}));
  // Erasing from a copy copies without room to spare.
  LockList C = B;
  C.erase(resolved(8));
  EXPECT_EQ(C.capacity(), 8u);
  EXPECT_EQ(C.size(), 7u);
  EXPECT_EQ(B.size(), 8u);
}

TEST(LockListTest, ReleasesRecordWhatWasReleasedAndDropped) {
  // A state that released some locks and holds one, then a callee's releases
  // applied one after another.
  SummaryEngine::State St;
  St.Released.push_back(resolved(3));
  St.Released.push_back(resolved(5));
  St.Dropped.push_back(resolved(5));
  HeldLock H;
  H.Lock = resolved(9);
  St.Held.push_back(H);
  std::vector<bool> Untouched;
  for (ClassId C : {5u, 9u, 11u, 3u, 11u, 13u})
    Untouched.push_back(releaseLock(St, resolved(C)));
  EXPECT_EQ(Untouched, (std::vector<bool>{false, false, true, false, false, true}));
  // 11 and 13 were released anew; 9, taken in the function, is no release
  // of its caller's lock.
  EXPECT_EQ(St.Released, LockList({resolved(3), resolved(5), resolved(11), resolved(13)}));
  EXPECT_EQ(St.Dropped, LockList({resolved(5), resolved(11), resolved(3), resolved(13)}));
  EXPECT_EQ(St.ReleasedOnAll, 0b1111u);
  EXPECT_TRUE(St.Held.empty());
}

} // namespace
