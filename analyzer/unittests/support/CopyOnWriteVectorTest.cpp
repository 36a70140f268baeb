//===- unittests/support/CopyOnWriteVectorTest.cpp ------------------------===//
#include "support/CopyOnWriteVector.h"

#include "gtest/gtest.h"

#include <vector>

using namespace lockcheck::support;

namespace {

std::vector<int> items(const CopyOnWriteVector<int> &V) { return {V.begin(), V.end()}; }

TEST(CopyOnWriteVectorTest, CopiesShareUntilOneChanges) {
  CopyOnWriteVector<int> A(std::vector<int>{1, 2});
  CopyOnWriteVector<int> B = A;
  EXPECT_TRUE(A.sharesStorageWith(B));
  B.push_back(3);
  EXPECT_FALSE(A.sharesStorageWith(B));
  EXPECT_EQ(items(A), (std::vector<int>{1, 2}));
  EXPECT_EQ(items(B), (std::vector<int>{1, 2, 3}));
  // Equal contents made apart are equal, without sharing.
  A.push_back(3);
  EXPECT_EQ(A, B);
  EXPECT_FALSE(A.sharesStorageWith(B));
}

TEST(CopyOnWriteVectorTest, EraseCopiesOnlyWhenItRemovesSomething) {
  CopyOnWriteVector<int> A(std::vector<int>{1, 2, 1});
  CopyOnWriteVector<int> B = A;
  B.erase(7);
  EXPECT_TRUE(A.sharesStorageWith(B));
  B.erase(1);
  EXPECT_EQ(items(B), (std::vector<int>{2}));
  EXPECT_EQ(items(A), (std::vector<int>{1, 2, 1}));
}

TEST(CopyOnWriteVectorTest, EmptyVectorsAreEqualAndShare) {
  CopyOnWriteVector<int> A, B;
  EXPECT_TRUE(A.empty());
  EXPECT_EQ(A.begin(), A.end());
  EXPECT_TRUE(A.sharesStorageWith(B));
  EXPECT_TRUE(CopyOnWriteVector<int>(std::vector<int>{}).sharesStorageWith(A));
  A.push_back(5);
  EXPECT_EQ(items(A), (std::vector<int>{5}));
  EXPECT_NE(A, B);
}

} // namespace
