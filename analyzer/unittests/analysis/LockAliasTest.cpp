//===- unittests/analysis/LockAliasTest.cpp - Locks named where stored ----===//
//
// pte_offset_map_lock()'s `*(ptlp) = __ptl; spin_lock(__ptl);`: the place the
// pointer went to names the lock taken, for a release through it in the same
// function, in a callee handed the place's owner, or after a callee filled
// in the caller's local. Each ok_* function releases through the place; its
// bad_* look-alike through another one.
//
//===----------------------------------------------------------------------===//
#include "unittests/analysis/AnalysisTestSupport.h"

using namespace lockcheck;
using namespace lockcheck::testing;

namespace {

using LockAliasTest = AnalysisTest;

/// `*(&lp) = &o->lock`, or `*(&h->Field) = &o->lock` with h parameter 1.
facts::AssignFact storeObjLock(std::string Local, std::string Field = "") {
  facts::AssignFact A;
  A.Var = std::move(Local);
  A.Pointer = *objLock("lock", "mutex").Path;
  if (!Field.empty())
    A.Target = *paramPath(1, "holder", {fieldStep("holder", Field, "struct mutex *")}, "").Path;
  return A;
}

/// `lp`, a local `struct mutex *`.
facts::ArgFact localLock(std::string Name) {
  facts::ArgFact A;
  A.Text = Name;
  A.Path = facts::AccessPath{facts::PathRoot::Local, -1, std::move(Name), "mutex", {}};
  return A;
}

/// `h->Field`, a `struct mutex *` field of parameter Param.
facts::ArgFact holderField(std::string Field, int Param) {
  return paramPath(Param, "holder", {fieldStep("holder", Field, "struct mutex *")},
                   "h->" + Field);
}

/// f(o) { lp = &o->lock; mutex_lock(&o->lock); mutex_lock(&o->other);
///        mutex_unlock(Released); mutex_lock(&o->lock); }: the release is not
/// of the innermost lock held.
facts::FunctionFact relockThroughLocal(std::string Name, unsigned Line, facts::ArgFact Released) {
  FunctionBuilder B(std::move(Name), {"o"}, Line);
  unsigned Body = B.block({B.direct("mutex_lock", {objLock("lock", "mutex")}, Line + 2),
                           B.direct("mutex_lock", {objLock("other", "mutex")}, Line + 3),
                           B.direct("mutex_unlock", {std::move(Released)}, Line + 4),
                           B.direct("mutex_lock", {objLock("lock", "mutex")}, Line + 5)});
  B.assign(Body, storeObjLock("lp"), 0);
  B.edge(B.entry(), Body);
  B.edge(Body, B.exit());
  return B.build();
}

TEST_F(LockAliasTest, ReleaseThroughALocalReleasesTheLockStoredThere) {
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {relockThroughLocal("ok_local", 10, localLock("lp")),
                   relockThroughLocal("bad_other_local", 20, localLock("other_lp"))}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_other_local");
  EXPECT_EQ(Findings[0].Lock, "obj.lock");
}

/// unlock(h) { mutex_unlock(h->Field); }
facts::FunctionFact unlockField(std::string Name, std::string Field, unsigned Line) {
  FunctionBuilder B(std::move(Name), {"h"}, Line);
  B.straight({{B.direct("mutex_unlock", {holderField(std::move(Field), 0)}, Line + 1)}});
  return B.build();
}

/// f(o, h) { h->lockp = &o->lock; mutex_lock(&o->lock); Unlock(h); mutex_lock(&o->lock); }
facts::FunctionFact relockAfterCallee(std::string Name, std::string Unlock, unsigned Line) {
  FunctionBuilder B(std::move(Name), {"o", "h"}, Line);
  unsigned Body = B.block({B.direct("mutex_lock", {objLock("lock", "mutex")}, Line + 2),
                           B.direct(std::move(Unlock), {paramArg(1, "holder", "h")}, Line + 3),
                           B.direct("mutex_lock", {objLock("lock", "mutex")}, Line + 4)});
  B.assign(Body, storeObjLock("", "lockp"), 0);
  B.edge(B.entry(), Body);
  B.edge(Body, B.exit());
  return B.build();
}

TEST_F(LockAliasTest, CalleeReleaseThroughTheCallersPlaceReleasesTheLockStoredThere) {
  // do_swap_page() and do_wp_page(): `vmf->ptl` released in the callee.
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {unlockField("unlock_lockp", "lockp", 1), unlockField("unlock_other", "other", 5),
                   relockAfterCallee("ok_unlocked_in_callee", "unlock_lockp", 10),
                   relockAfterCallee("bad_other_unlocked_in_callee", "unlock_other", 20)}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_other_unlocked_in_callee");
}

TEST_F(LockAliasTest, CalleeFillingInTheCallersLocalNamesItsLock) {
  // follow_pte(mm, addr, &ptep, &ptl): lock_out(o, lockp) { *lockp = &o->lock;
  // mutex_lock(&o->lock); }
  FunctionBuilder Out("lock_out", {"o", "lockp"}, 1);
  unsigned Body = Out.block({Out.direct("mutex_lock", {objLock("lock", "mutex")}, 3)});
  facts::AssignFact Store = storeObjLock("");
  Store.Target = facts::AccessPath{facts::PathRoot::Param, 1, "lockp", "mutex", {}};
  Out.assign(Body, std::move(Store), 0);
  Out.edge(Out.entry(), Body);
  Out.edge(Body, Out.exit());
  // f(o) { lock_out(o, &lp); mutex_lock(&o->other); mutex_unlock(Released);
  //        mutex_lock(&o->lock); }
  auto Caller = [](std::string Name, unsigned Line, std::string Released) {
    FunctionBuilder B(std::move(Name), {"o"}, Line);
    B.straight({{B.direct("lock_out", {obj(), localLock("lp")}, Line + 1),
                 B.direct("mutex_lock", {objLock("other", "mutex")}, Line + 2),
                 B.direct("mutex_unlock", {localLock(std::move(Released))}, Line + 3),
                 B.direct("mutex_lock", {objLock("lock", "mutex")}, Line + 4)}});
    return B.build();
  };
  std::vector<report::Finding> Findings = analyze(makeTU(
      "/src/a.c", {Out.build(), Caller("ok_filled_in", 10, "lp"),
                   Caller("bad_other_local", 20, "other_lp")}));
  ASSERT_EQ(Findings.size(), 1u) << describe(Findings);
  EXPECT_EQ(Findings[0].Function, "bad_other_local");
}

} // namespace
