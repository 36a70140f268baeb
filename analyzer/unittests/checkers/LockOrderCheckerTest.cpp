//===- unittests/checkers/LockOrderCheckerTest.cpp - Lock-order cycles ----===//
//
// Which cycles of the lock-order graph become findings, and in what shape:
// one finding per pair of locks taken in both orders, whatever the number of
// paths doing it; a longer cycle only where no such pair explains it, and then
// a shortest one; the same choice whatever order the locks were met in.
// The end-to-end cases are in testdata/lock-order/.
//
//===----------------------------------------------------------------------===//
#include "checkers/LockOrderChecker.h"
#include "unittests/analysis/AnalysisTestSupport.h"

#include <algorithm>

using namespace lockcheck;
using namespace lockcheck::testing;

namespace {

using Kinds = std::vector<std::string>;

/// Name(o) { mutex_lock(&o->First); mutex_lock_nested(&o->Second, Subclass);
/// unlock both } at Line, one call a line; Subclass is a constant, or the
/// function's second parameter when SubclassFromParam.
facts::FunctionFact takeTwo(std::string Name, unsigned Line, std::string First, std::string Second,
                            bool SubclassFromParam = false) {
  FunctionBuilder B(std::move(Name), {"o", "subclass"}, Line);
  facts::ArgFact Subclass = SubclassFromParam ? paramArg(1, "int", "subclass") : intArg(0);
  B.straight({{B.direct("mutex_lock", {objLock(First, "mutex")}, Line + 1),
               B.direct("mutex_lock_nested", {objLock(Second, "mutex"), Subclass}, Line + 2),
               B.direct("mutex_unlock", {objLock(Second, "mutex")}, Line + 3),
               B.direct("mutex_unlock", {objLock(First, "mutex")}, Line + 4)}});
  return B.build();
}

/// One function per edge From -> To, named take_<from><to>, ten lines apart.
/// With Prefix, function I is named <Prefix[I]>_take_<from><to>, so that the
/// analysis (which enters functions in name order) meets them in that order.
facts::TUFacts program(const std::vector<std::pair<std::string, std::string>> &Edges,
                       const std::string &Prefix = "") {
  std::vector<facts::FunctionFact> Functions;
  unsigned Line = 10;
  for (size_t I = 0; I < Edges.size(); ++I) {
    const auto &[From, To] = Edges[I];
    std::string Name = "take_" + From + To;
    if (!Prefix.empty())
      Name = std::string(1, Prefix.at(I)) + "_" + Name;
    Functions.push_back(takeTwo(Name, Line, From, To));
    Line += 10;
  }
  return makeTU("/src/a.c", std::move(Functions));
}

std::vector<std::string> locks(const std::vector<report::Finding> &Findings) {
  std::vector<std::string> Out;
  for (const report::Finding &F : Findings)
    Out.push_back(F.Lock);
  std::sort(Out.begin(), Out.end());
  return Out;
}

using LockOrderCheckerTest = AnalysisTest;

TEST_F(LockOrderCheckerTest, PairInBothOrdersIsOneFindingWithBothWitnesses) {
  // take_ba and take_ba2 both take b then a: still one finding for the pair,
  // with the first witness.
  std::vector<report::Finding> Findings =
      analyze<checkers::LockOrderChecker>(program({{"a", "b"}, {"b", "a"}, {"b", "a"}}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  const report::Finding &F = Findings[0];
  const std::string Message =
      "possible circular locking dependency: acquiring 'obj.a' while holding 'obj.b'";
  EXPECT_EQ(F.Checker, "lock-order");
  EXPECT_EQ(F.Message, Message);
  EXPECT_EQ(F.Lock, "obj.a, obj.b");
  EXPECT_EQ(F.Function, "take_ba");
  EXPECT_EQ(F.File, "/src/a.c");
  EXPECT_EQ(F.Line, 22u);
  EXPECT_EQ(F.Identity, "");
  ASSERT_EQ(kinds(F),
            (Kinds{"entry", "acquire", "dependency", "entry", "acquire", "new-dependency"}))
      << describe(Findings);
  expectStep(F.Trace[0], "entry", "take_ab", "/src/a.c", 10, "entry point 'take_ab'");
  expectStep(F.Trace[1], "acquire", "take_ab", "/src/a.c", 11, "'obj.a' acquired here");
  expectStep(F.Trace[2], "dependency", "take_ab", "/src/a.c", 12,
             "existing dependency 'obj.a' -> 'obj.b': 'obj.b' acquired while 'obj.a' is held");
  expectStep(F.Trace[3], "entry", "take_ba", "/src/a.c", 20, "entry point 'take_ba'");
  expectStep(F.Trace[4], "acquire", "take_ba", "/src/a.c", 21, "'obj.b' acquired here");
  expectStep(F.Trace[5], "new-dependency", "take_ba", "/src/a.c", 22, Message);
}

TEST_F(LockOrderCheckerTest, LongerCycleIsReportedWhereNoPairExplainsIt) {
  // a <-> b is a pair; b -> c -> d -> b is a cycle of its own in the same
  // strongly connected component. a -> b -> c -> d -> b ... is the pair again.
  std::vector<report::Finding> Findings = analyze<checkers::LockOrderChecker>(
      program({{"a", "b"}, {"b", "a"}, {"b", "c"}, {"c", "d"}, {"d", "b"}}));
  EXPECT_EQ(locks(Findings), (std::vector<std::string>{"obj.a, obj.b", "obj.b, obj.c, obj.d"}))
      << describe(Findings);
}

TEST_F(LockOrderCheckerTest, ShortestCycleOfAComponentIsReported) {
  // a -> b -> c -> d -> a, and the shortcut a -> c: one finding, for the
  // three-lock cycle a -> c -> d -> a.
  std::vector<report::Finding> Findings = analyze<checkers::LockOrderChecker>(
      program({{"a", "c"}, {"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "a"}}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  const report::Finding &F = Findings[0];
  EXPECT_EQ(F.Lock, "obj.a, obj.c, obj.d");
  // take_da (line 52) is the last acquisition of the three: the new dependency.
  EXPECT_EQ(F.Function, "take_da");
  EXPECT_EQ(F.Message,
            "possible circular locking dependency: acquiring 'obj.a' while holding 'obj.d'");
  ASSERT_EQ(kinds(F), (Kinds{"entry", "acquire", "dependency", "entry", "acquire", "dependency",
                             "entry", "acquire", "new-dependency"}))
      << describe(Findings);
  // The existing chain runs from the new lock back to the held one: a -> c, c -> d.
  EXPECT_EQ(F.Trace[2].Function, "take_ac");
  EXPECT_EQ(F.Trace[5].Function, "take_cd");
}

TEST_F(LockOrderCheckerTest, FindingsDoNotDependOnTheOrderLocksAreMet) {
  // Two three-lock cycles through a in one component, and a pair: the cycle
  // kept is the one through the first locks by name, a -> b -> c.
  std::vector<std::pair<std::string, std::string>> Edges{{"a", "b"}, {"b", "c"}, {"c", "a"},
                                                         {"a", "d"}, {"d", "e"}, {"e", "a"},
                                                         {"e", "f"}, {"f", "e"}};
  std::vector<report::Finding> Forward =
      analyze<checkers::LockOrderChecker>(program(Edges, "abcdefgh"));
  // The same functions at the same lines, met in the reverse order: the
  // locks are first seen in another order too.
  std::vector<report::Finding> Backward =
      analyze<checkers::LockOrderChecker>(program(Edges, "hgfedcba"));
  report::sortAndDeduplicate(Forward);
  report::sortAndDeduplicate(Backward);
  EXPECT_EQ(locks(Forward), (std::vector<std::string>{"obj.a, obj.b, obj.c", "obj.e, obj.f"}))
      << describe(Forward);
  auto Where = [](const std::vector<report::Finding> &Findings) {
    std::vector<std::string> Out;
    for (const report::Finding &F : Findings) {
      Out.push_back(F.Message + " [" + F.Lock + "] at " + std::to_string(F.Line));
      for (const report::TraceStep &S : F.Trace)
        Out.push_back("  " + S.Kind + " " + std::to_string(S.Line) + " " +
                      (S.Kind == "entry" ? "" : S.Detail)); // names differ by prefix
    }
    return Out;
  };
  EXPECT_EQ(Where(Forward), Where(Backward)) << describe(Backward);
}

TEST_F(LockOrderCheckerTest, SubclassUnknownUntilRunTimeOrdersNothing) {
  // mutex_lock_nested(&o->b, subclass) with subclass a parameter: lockdep's
  // node could be any subclass of obj.b, so neither order is certain.
  facts::TUFacts Unknown =
      makeTU("/src/a.c", {takeTwo("take_ab", 10, "a", "b", /*SubclassFromParam=*/true),
                          takeTwo("take_ba", 20, "b", "a", /*SubclassFromParam=*/true)});
  EXPECT_TRUE(analyze<checkers::LockOrderChecker>(std::move(Unknown)).empty());
  // Look-alike: a constant subclass 0 is the plain class, and the pair inverts.
  facts::TUFacts Constant =
      makeTU("/src/a.c", {takeTwo("take_ab", 10, "a", "b"), takeTwo("take_ba", 20, "b", "a")});
  EXPECT_EQ(analyze<checkers::LockOrderChecker>(std::move(Constant)).size(), 1u);
}

} // namespace
