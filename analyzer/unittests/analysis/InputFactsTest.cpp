//===- unittests/analysis/InputFactsTest.cpp ------------------------------===//
//
// What a path's branches on its inputs tell: later tests of the same input,
// infeasible ways, joins and contradictions between returns.
//
//===----------------------------------------------------------------------===//
#include "analysis/InputFacts.h"

#include <gtest/gtest.h>

using namespace lockcheck;
using namespace lockcheck::analysis;
using Kind = facts::ConditionFact::Kind;

namespace {

facts::ConditionFact test(Kind K, int Param, int64_t Value, const char *Field = "") {
  facts::ConditionFact C;
  C.K = K;
  C.Param = Param;
  C.Value = Value;
  C.Var = Field;
  return C;
}

facts::ConditionFact mask(int Param, int64_t Bits) { return test(Kind::ParamMask, Param, Bits); }
facts::ConditionFact nonNull(int Param) { return mask(Param, -1); }
facts::ConditionFact equals(int Param, int64_t V) { return test(Kind::ParamEquals, Param, V); }

InputFacts after(std::initializer_list<std::pair<facts::ConditionFact, bool>> Tests) {
  InputFacts Known;
  for (const auto &[C, Holds] : Tests)
    EXPECT_TRUE(learnInput(Known, C, Holds));
  return Known;
}

TEST(InputFactsTest, OnlyKeptTestsOfParametersCount) {
  facts::ConditionFact C = mask(1, 4);
  EXPECT_TRUE(testsInput(C));
  C.ParamChanged = true;
  EXPECT_FALSE(testsInput(C));
  EXPECT_FALSE(testsInput(test(Kind::ParamGreater, 1, 0)));
  EXPECT_TRUE(testsInput(test(Kind::ParamFieldMask, 0, -1, "ptl")));
}

TEST(InputFactsTest, ASecondTestOfTheSameBitGoesTheFirstTestsWay) {
  InputFacts Known = after({{mask(1, 4), true}});
  EXPECT_EQ(inputTestHolds(Known, mask(1, 4)), true);
  EXPECT_EQ(inputTestHolds(Known, mask(1, 6)), true);
  EXPECT_EQ(inputTestHolds(Known, mask(1, 2)), std::nullopt);
  EXPECT_EQ(inputTestHolds(Known, mask(0, 4)), std::nullopt);
  EXPECT_EQ(inputTestHolds(Known, nonNull(1)), true);
  EXPECT_FALSE(learnInput(Known, mask(1, 4), false));

  InputFacts Clear = after({{mask(1, 6), false}});
  EXPECT_EQ(inputTestHolds(Clear, mask(1, 2)), false);
  EXPECT_EQ(inputTestHolds(Clear, equals(1, 4)), false);
}

TEST(InputFactsTest, FieldsAreInputsOfTheirOwn) {
  InputFacts Known = after({{test(Kind::ParamFieldMask, 0, -1, "ptl"), false}});
  EXPECT_EQ(inputTestHolds(Known, test(Kind::ParamFieldMask, 0, -1, "ptl")), false);
  EXPECT_EQ(inputTestHolds(Known, test(Kind::ParamFieldMask, 0, -1, "pte")), std::nullopt);
  EXPECT_EQ(inputTestHolds(Known, nonNull(0)), std::nullopt);
  // A callee passed the parameter may store into the field: the test says
  // which way the path went, but decides no later test.
  staleFields(Known, 0);
  EXPECT_EQ(inputTestHolds(Known, test(Kind::ParamFieldMask, 0, -1, "ptl")), std::nullopt);
  EXPECT_TRUE(inputsContradict(Known, after({{test(Kind::ParamFieldMask, 0, -1, "ptl"), true}})));
  EXPECT_TRUE(learnInput(Known, test(Kind::ParamFieldMask, 0, -1, "ptl"), true));
  EXPECT_EQ(inputTestHolds(Known, test(Kind::ParamFieldMask, 0, -1, "ptl")), true);
}

TEST(InputFactsTest, APredicateOfAParameterIsAnInputAsAFieldIs) {
  facts::ConditionFact Shareable = test(Kind::ParamPredicate, 0, -1, "vma_shareable_lock($)");
  facts::ConditionFact Private = test(Kind::ParamPredicate, 0, -1, "vma_private_lock($)");
  EXPECT_TRUE(testsInput(Shareable));
  InputFacts Known = after({{Shareable, false}, {Private, true}});
  EXPECT_EQ(inputTestHolds(Known, Shareable), false);
  EXPECT_EQ(inputTestHolds(Known, Private), true);
  EXPECT_EQ(inputTestHolds(Known, test(Kind::ParamPredicate, 1, -1, "vma_private_lock($)")),
            std::nullopt);
  // A field of the same name is another input: the call's name keeps them apart.
  EXPECT_EQ(inputTestHolds(Known, test(Kind::ParamFieldMask, 0, -1, "vma_private_lock")),
            std::nullopt);
  EXPECT_TRUE(inputsContradict(Known, after({{Shareable, true}})));
  EXPECT_FALSE(inputsContradict(Known, after({{Private, true}})));
  // A call passed the parameter may store what the predicate reads.
  staleFields(Known, 0);
  EXPECT_EQ(inputTestHolds(Known, Private), std::nullopt);
}

TEST(InputFactsTest, AMultiBitMaskAndTheBitsLaterClearLeaveTheLastOne) {
  // `if (flags & (EXCL | SHARED))`, then `if (!(flags & EXCL))`: SHARED is set.
  InputFacts Known = after({{mask(1, 3), true}, {mask(1, 1), false}});
  EXPECT_EQ(inputTestHolds(Known, mask(1, 2)), true);
  EXPECT_FALSE(learnInput(Known, mask(1, 2), false));
}

TEST(InputFactsTest, EqualityDecidesEveryTest) {
  InputFacts Known = after({{equals(1, 5), true}});
  EXPECT_EQ(inputTestHolds(Known, mask(1, 4)), true);
  EXPECT_EQ(inputTestHolds(Known, mask(1, 2)), false);
  EXPECT_EQ(inputTestHolds(Known, equals(1, 7)), false);
  InputFacts Other = after({{equals(1, 5), false}});
  EXPECT_EQ(inputTestHolds(Other, equals(1, 5)), false);
  EXPECT_TRUE(inputsContradict(Known, Other));
}

TEST(InputFactsTest, AJoinKeepsWhatBothWaysImply) {
  // xfs_iunlock(): `if (flags & EXCL) ... else if (flags & SHARED) ...`.
  InputFacts Excl = after({{mask(1, 1), true}});
  InputFacts Shared = after({{mask(1, 1), false}, {mask(1, 2), true}});
  InputFacts Neither = after({{mask(1, 1), false}, {mask(1, 2), false}});
  InputFacts Either = Excl;
  joinInputs(Either, Shared);
  EXPECT_EQ(inputTestHolds(Either, mask(1, 3)), true);
  EXPECT_EQ(inputTestHolds(Either, mask(1, 1)), std::nullopt);
  EXPECT_TRUE(inputsContradict(Either, Neither));
  EXPECT_FALSE(inputsContradict(Either, Excl));
  // Joined with itself, a state knows what it knew.
  InputFacts Again = Either;
  joinInputs(Again, Either);
  EXPECT_EQ(Again, Either);
  // Joined with a way that knows nothing, nothing is left.
  joinInputs(Again, InputFacts{});
  EXPECT_TRUE(Again.empty());
}

TEST(InputFactsTest, JoinedWithItselfAStateKnowsWhatItKnew) {
  // What the shared lists' join skips: facts in their shortest form, with
  // masks, excluded values and known bits, are their own join.
  InputFacts Known = after({{mask(1, 6), true},
                            {mask(1, 0x30), true},
                            {equals(1, 0x12), false},
                            {mask(2, 8), false},
                            {test(Kind::ParamFieldMask, 0, -1, "ptl"), true}});
  InputFacts Again = Known;
  joinInputs(Again, Known);
  EXPECT_EQ(Again, Known);
}

TEST(InputFactsTest, SharedListsJoinAsCopiesDo) {
  InputFacts Excl = after({{mask(1, 1), true}});
  InputFacts Shared = after({{mask(1, 1), false}, {mask(1, 2), true}});
  SharedInputFacts A(Excl), B(Shared);
  SharedInputFacts Copy = A;
  // Nothing learnt: the list stays one, and comparing it costs nothing.
  joinInputs(Copy, A);
  EXPECT_TRUE(Copy.sharesStorageWith(A));
  joinInputs(Copy, SharedInputFacts(Excl));
  EXPECT_TRUE(Copy.sharesStorageWith(A));
  // A join that changes it gives what the join of copies gives.
  InputFacts Either = Excl;
  joinInputs(Either, Shared);
  joinInputs(Copy, B);
  EXPECT_FALSE(Copy.sharesStorageWith(A));
  EXPECT_TRUE(llvm::equal(Copy, Either));
  EXPECT_EQ(A, SharedInputFacts(Excl));
  // A test of no bit (`flags & 0`) found false says nothing: a join drops
  // it, even a state's join with itself.
  SharedInputFacts Nothing(after({{mask(1, 0), false}}));
  ASSERT_EQ(Nothing.size(), 1u);
  SharedInputFacts Same = Nothing;
  joinInputs(Same, Nothing);
  EXPECT_TRUE(Same.empty());
}

TEST(InputFactsTest, AStaleFieldCopiesTheSharedList) {
  SharedInputFacts Known(after({{test(Kind::ParamFieldMask, 0, -1, "ptl"), true}}));
  SharedInputFacts Before = Known;
  facts::CallFact Unrelated;
  staleFieldsPassed(Known, Unrelated);
  EXPECT_TRUE(Known.sharesStorageWith(Before));
  facts::CallFact PassesParam;
  facts::ArgFact Arg;
  Arg.Path.emplace();
  Arg.Path->Root = facts::PathRoot::Param;
  Arg.Path->Param = 0;
  PassesParam.Args.push_back(Arg);
  staleFieldsPassed(Known, PassesParam);
  EXPECT_FALSE(Known.sharesStorageWith(Before));
  EXPECT_EQ(inputTestHolds(Known, test(Kind::ParamFieldMask, 0, -1, "ptl")), std::nullopt);
  EXPECT_EQ(inputTestHolds(Before, test(Kind::ParamFieldMask, 0, -1, "ptl")), true);
  // A fact already stale, or a call passing another parameter, leaves the
  // list as it is, shared.
  SharedInputFacts Stale = Known;
  staleFieldsPassed(Known, PassesParam);
  EXPECT_TRUE(Known.sharesStorageWith(Stale));
  SharedInputFacts Fresh = Before;
  PassesParam.Args[0].Path->Param = 1;
  staleFieldsPassed(Fresh, PassesParam);
  EXPECT_TRUE(Fresh.sharesStorageWith(Before));
  EXPECT_EQ(inputTestHolds(Fresh, test(Kind::ParamFieldMask, 0, -1, "ptl")), true);
}

TEST(InputFactsTest, ReturnsContradictOnlyOnTheSameInput) {
  InputFacts NullCi = after({{nonNull(0), false}});
  InputFacts SomeCi = after({{nonNull(0), true}});
  InputFacts SomeFlags = after({{mask(1, 4), true}});
  EXPECT_TRUE(inputsContradict(NullCi, SomeCi));
  EXPECT_TRUE(inputsContradict(SomeCi, NullCi));
  EXPECT_FALSE(inputsContradict(NullCi, SomeFlags));
  EXPECT_FALSE(inputsContradict(NullCi, InputFacts{}));
  EXPECT_FALSE(inputsContradict(SomeCi, SomeCi));
}

} // namespace
