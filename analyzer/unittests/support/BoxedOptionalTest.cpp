#include "support/BoxedOptional.h"

#include <gtest/gtest.h>

#include <string>

using lockcheck::support::BoxedOptional;

namespace {

TEST(BoxedOptionalTest, IsEmptyUntilGivenAValueAndCostsOnlyAPointer) {
  BoxedOptional<std::string> Box;
  EXPECT_FALSE(Box);
  EXPECT_FALSE(Box.has_value());
  static_assert(sizeof(BoxedOptional<std::string>) == sizeof(void *));
  Box.emplace("i_rwsem");
  ASSERT_TRUE(Box);
  EXPECT_EQ(*Box, "i_rwsem");
  EXPECT_EQ(Box->size(), 7u);
  Box.reset();
  EXPECT_FALSE(Box);
}

TEST(BoxedOptionalTest, CopiesCopyTheValue) {
  BoxedOptional<std::string> A(std::string("inode"));
  BoxedOptional<std::string> B = A;
  *B += ".i_rwsem";
  EXPECT_EQ(*A, "inode");
  EXPECT_EQ(*B, "inode.i_rwsem");
  A = B;
  EXPECT_EQ(*A, "inode.i_rwsem");
  A = BoxedOptional<std::string>();
  EXPECT_FALSE(A);
  EXPECT_TRUE(B);
}

TEST(BoxedOptionalTest, TakesAStdOptionalAsItIs) {
  std::optional<int> None;
  BoxedOptional<int> FromNone = None;
  EXPECT_FALSE(FromNone);
  BoxedOptional<int> FromSome = std::optional<int>(4);
  ASSERT_TRUE(FromSome);
  EXPECT_EQ(*FromSome, 4);
  FromSome = std::nullopt;
  EXPECT_FALSE(FromSome);
}

TEST(BoxedOptionalTest, ComparesByValue) {
  EXPECT_EQ(BoxedOptional<int>(3), BoxedOptional<int>(3));
  EXPECT_NE(BoxedOptional<int>(3), BoxedOptional<int>(4));
  EXPECT_NE(BoxedOptional<int>(3), BoxedOptional<int>());
  EXPECT_EQ(BoxedOptional<int>(), BoxedOptional<int>());
}

TEST(BoxedOptionalTest, MovingLeavesTheSourceEmpty) {
  BoxedOptional<std::string> A(std::string("s_umount"));
  BoxedOptional<std::string> B = std::move(A);
  EXPECT_EQ(*B, "s_umount");
  EXPECT_FALSE(A); // NOLINT(bugprone-use-after-move): the moved-from state is specified
}

} // namespace
