//===- unittests/spec/ReferenceDropsTest.cpp - reference-drops in annotations ===//
#include "unittests/spec/AnnotationsTestSupport.h"

#include <algorithm>

using namespace lockcheck::spec;
using namespace lockcheck::spec::testing;

namespace {

TEST_F(ShippedAnnotationsTest, ReferenceDrops) {
  // refcount_t counts references wherever it is; atomic_t only where listed.
  const ReferenceDrop *Refcount = A.referenceDrop("refcount_dec_and_test");
  ASSERT_NE(Refcount, nullptr);
  EXPECT_TRUE(Refcount->CountedFields.empty());
  EXPECT_EQ(Refcount->Last, TrySuccess::NonZero);
  const ReferenceDrop *Atomic = A.referenceDrop("_atomic_dec_and_lock");
  ASSERT_NE(Atomic, nullptr);
  EXPECT_NE(std::find(Atomic->CountedFields.begin(), Atomic->CountedFields.end(), "inode.i_count"),
            Atomic->CountedFields.end());
  // lockref_put_or_lock() returns 0, holding the lock, where it would drop the last.
  const ReferenceDrop *Lockref = A.referenceDrop("lockref_put_or_lock");
  ASSERT_NE(Lockref, nullptr);
  EXPECT_EQ(Lockref->Last, TrySuccess::Zero);
  // The dec-and-lock forms are lock primitives as well.
  EXPECT_NE(A.primitive("refcount_dec_and_lock"), nullptr);
  EXPECT_NE(A.referenceDrop("refcount_dec_and_lock"), nullptr);
}


TEST(AnnotationsTest, ReferenceDropsSayWhichArgumentAndValue) {
  Annotations A;
  llvm::Error E = A.loadBuffer("reference-drops:\n"
                               "  - {function: put_it, counter-argument: 1, last: zero, "
                               "citation: a}\n"
                               "  - {function: dec_it, counter-argument: 0, last: nonzero, "
                               "counted-fields: [obj.count], citation: b}\n",
                               "drops.yaml");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  EXPECT_EQ(A.referenceDropCount(), 2u);
  const ReferenceDrop *Put = A.referenceDrop("put_it");
  ASSERT_NE(Put, nullptr);
  EXPECT_EQ(Put->CounterArgument, 1u);
  EXPECT_EQ(Put->Last, TrySuccess::Zero);
  EXPECT_EQ(A.referenceDrop("put"), nullptr);

  // An atomic_t drop counts only the fields it lists: `&o->count` of
  // struct obj, not `&o->pending`, nor a counter that is no member.
  const ReferenceDrop *Dec = A.referenceDrop("dec_it");
  ASSERT_NE(Dec, nullptr);
  lockcheck::facts::AccessPath Counter{lockcheck::facts::PathRoot::Param, 0, "o", "obj", {}};
  EXPECT_FALSE(Dec->counts(Counter));
  Counter.Steps.push_back({"obj", "count", "atomic_t", false, std::nullopt});
  EXPECT_TRUE(Dec->counts(Counter));
  Counter.Steps.back().Field = "pending";
  EXPECT_FALSE(Dec->counts(Counter));
  EXPECT_TRUE(Put->counts(Counter));
}


TEST(AnnotationsTest, BrokenReferenceDropsAreErrorsNamingTheLine) {
  EXPECT_EQ(loadError("reference-drops:\n"
                      "  - {function: f, last: nonzero, citation: a}\n"),
            "broken.yaml:2:6: missing required key 'counter-argument'");
  EXPECT_EQ(loadError("reference-drops:\n"
                      "  - {function: f, counter-argument: 0, last: maybe, citation: a}\n"),
            "broken.yaml:2:46: unknown enumerated scalar");
  EXPECT_EQ(loadError("reference-drops:\n"
                      "  - {function: f, counter-argument: 0, last: zero, "
                      "counted-fields: [count], citation: a}\n"),
            "broken.yaml:2:6: reference drop 'f': counted field 'count' is not 'record.field'");
  EXPECT_EQ(loadError("reference-drops:\n"
                      "  - {function: f, counter-argument: 0, last: zero, citation: a}\n"
                      "  - {function: f, counter-argument: 1, last: zero, citation: b}\n"),
            "broken.yaml: reference drop 'f' is listed twice");
}

} // namespace
