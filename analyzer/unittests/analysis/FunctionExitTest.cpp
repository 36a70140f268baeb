//===- unittests/analysis/FunctionExitTest.cpp - The returns of a function -===//
//
// The FunctionExit event: one state per return, with the value returned when
// the lock state depends on it, a trylock-style result split in two unless a
// branch already decided it, and summaries resting on a recursion cut marked.
//
//===----------------------------------------------------------------------===//
#include "unittests/analysis/AnalysisTestSupport.h"

using namespace lockcheck;
using namespace lockcheck::testing;

namespace {

/// One return as the event gave it: its value and the locks held there.
struct Return {
  analysis::ReturnValue Value;
  std::vector<std::string> Held;
  bool operator==(const Return &O) const { return Value == O.Value && Held == O.Held; }
};

std::ostream &operator<<(std::ostream &OS, const Return &R) {
  const char *Names[] = {"either", "nonzero", "zero"};
  OS << Names[static_cast<int>(R.Value)] << " {";
  for (const std::string &H : R.Held)
    OS << " " << H;
  return OS << " }";
}

/// Records every FunctionExit event by function name.
class ExitRecorder : public analysis::LockEventListener {
public:
  void onFunctionExit(const analysis::FunctionExit &E,
                      const analysis::PathRenderer &Paths) override {
    analysis::WitnessStep Self;
    Self.K = analysis::WitnessStep::Kind::Entry;
    Self.Function = E.Function;
    Exit &X = Exits[Paths.renderStep(Self).Function];
    X.ReturnsValue = E.ReturnsValue;
    X.Approximate = E.Frame.Approximate;
    X.Returns.clear();
    X.Released.clear();
    X.DroppedOnSomePaths.clear();
    for (const analysis::ReturnState &R : E.Returns) {
      Return Out{R.Value, {}};
      for (const analysis::HeldLock &H : R.Held)
        Out.Held.push_back(Paths.lockName(H.Lock));
      X.Returns.push_back(std::move(Out));
      X.Released.emplace_back();
      for (const analysis::LockRef &L : R.Released)
        X.Released.back().push_back(Paths.lockName(L));
      X.DroppedOnSomePaths.emplace_back();
      for (const analysis::LockRef &L : R.DroppedOnSomePaths)
        X.DroppedOnSomePaths.back().push_back(Paths.lockName(L));
    }
  }
  struct Exit {
    bool ReturnsValue = false;
    bool Approximate = false;
    std::vector<Return> Returns;
    /// Per return: the caller's locks released, and those other paths to
    /// the return did not release.
    std::vector<std::vector<std::string>> Released, DroppedOnSomePaths;
  };
  std::map<std::string, Exit> Exits;
};

class FunctionExitTest : public AnalysisTest {
protected:
  ExitRecorder run(facts::TUFacts TU) {
    std::vector<facts::TUFacts> TUs;
    TUs.push_back(std::move(TU));
    graph::ProgramGraph Graph(std::move(TUs));
    ExitRecorder Recorder;
    analysis::SummaryEngine Engine(Graph, Annotations);
    Engine.addListener(Recorder);
    Engine.run();
    return Recorder;
  }
};

facts::ConditionFact localVar(std::string Name) {
  facts::ConditionFact C;
  C.K = facts::ConditionFact::Kind::LocalVar;
  C.Var = std::move(Name);
  return C;
}
facts::ReturnFact returnVar(std::string Name) {
  facts::ReturnFact R = returnKind(facts::ReturnFact::Kind::LocalVar);
  R.Var = std::move(Name);
  return R;
}

using analysis::ReturnValue;

TEST_F(FunctionExitTest, ResultTestedBeforeItIsReturnedIsThatValueOnly) {
  // ret = mutex_lock_killable(&o->lock); if (ret) return ret; [unlock;] return 0;
  auto Killable = [](std::string Name, bool Unlock) {
    FunctionBuilder B(std::move(Name), {"o"}, 10);
    unsigned Lock = B.direct("mutex_lock_killable", {objLock("lock", "mutex")}, 11);
    B.call(Lock).ResultVar = "ret";
    unsigned Test = B.block({Lock});
    unsigned Failed = B.block();
    unsigned Done = Unlock ? B.block({B.direct("mutex_unlock", {objLock("lock", "mutex")}, 14)})
                           : B.block();
    B.edge(B.entry(), Test);
    B.branch(Test, localVar("ret"), Failed, Done);
    B.returns(Failed, returnVar("ret"));
    B.edge(Failed, B.exit());
    B.returns(Done, returnKind(facts::ReturnFact::Kind::Zero));
    B.edge(Done, B.exit());
    return B.build();
  };
  ExitRecorder R = run(makeTU("/src/a.c", {Killable("lock_killable", false),
                                           Killable("use_killable", true)}));
  // Not `return ret` split into a nonzero return and a zero one holding the
  // lock: on that path ret was nonzero.
  EXPECT_EQ(R.Exits["lock_killable"].Returns,
            (std::vector<Return>{{ReturnValue::NonZero, {}}, {ReturnValue::Zero, {"obj.lock"}}}));
  EXPECT_EQ(R.Exits["use_killable"].Returns,
            (std::vector<Return>{{ReturnValue::NonZero, {}}, {ReturnValue::Zero, {}}}));
  EXPECT_TRUE(R.Exits["use_killable"].ReturnsValue);
  EXPECT_FALSE(R.Exits["use_killable"].Approximate);
}

TEST_F(FunctionExitTest, UntestedResultReturnedIsBothValues) {
  // return down_write_trylock(&o->lock);
  FunctionBuilder B("trylock", {"o"}, 10);
  unsigned Try = B.direct("down_write_trylock", {objLock()}, 11);
  unsigned Body = B.block({Try});
  B.edge(B.entry(), Body);
  B.returns(Body, returnKind(facts::ReturnFact::Kind::CallResult, Try));
  B.edge(Body, B.exit());
  ExitRecorder R = run(makeTU("/src/a.c", {B.build()}));
  EXPECT_EQ(R.Exits["trylock"].Returns,
            (std::vector<Return>{{ReturnValue::NonZero, {"obj.lock"}}, {ReturnValue::Zero, {}}}));
}

TEST_F(FunctionExitTest, VoidReturnsAreEitherAndSayNoValue) {
  // if (c) { down_write(&o->lock); return; } ... end of body
  FunctionBuilder B("lock_maybe", {"o", "c"}, 10);
  unsigned Test = B.block();
  unsigned Locked = B.block({B.direct("down_write", {objLock()}, 12)});
  unsigned Rest = B.block();
  B.edge(B.entry(), Test);
  B.branch(Test, paramMask(1, -1), Locked, Rest);
  B.returns(Locked, returnKind(facts::ReturnFact::Kind::Void));
  B.edge(Locked, B.exit());
  B.edge(Rest, B.exit());
  ExitRecorder R = run(makeTU("/src/a.c", {B.build()}));
  EXPECT_FALSE(R.Exits["lock_maybe"].ReturnsValue);
  std::vector<Return> Returns = R.Exits["lock_maybe"].Returns;
  std::sort(Returns.begin(), Returns.end(),
            [](const Return &A, const Return &B) { return A.Held < B.Held; });
  EXPECT_EQ(Returns, (std::vector<Return>{{ReturnValue::Either, {}},
                                          {ReturnValue::Either, {"obj.lock"}}}));
}

TEST_F(FunctionExitTest, SummaryRestingOnARecursionCutIsApproximate) {
  // rec(o) { if (c) rec(o); } calls itself; helper(o) calls rec; plain(o)
  // calls nothing recursive.
  FunctionBuilder Rec("rec", {"o", "c"}, 10);
  unsigned Test = Rec.block();
  unsigned Again = Rec.block({Rec.direct("rec", {obj(), paramArg(1, "int", "c")}, 12)});
  Rec.edge(Rec.entry(), Test);
  Rec.branch(Test, paramMask(1, -1), Again, Rec.exit());
  Rec.edge(Again, Rec.exit());
  FunctionBuilder Helper("helper", {"o"}, 20);
  Helper.straight({{Helper.direct("rec", {obj(), intArg(1)}, 21)}});
  FunctionBuilder Plain("plain", {"o"}, 30);
  Plain.straight({{Plain.direct("down_write", {objLock()}, 31)}});
  ExitRecorder R = run(makeTU("/src/a.c", {Rec.build(), Helper.build(), Plain.build()}));
  EXPECT_TRUE(R.Exits["rec"].Approximate);
  EXPECT_TRUE(R.Exits["helper"].Approximate);
  EXPECT_FALSE(R.Exits["plain"].Approximate);
}

TEST_F(FunctionExitTest, ReleaseOnSomePathsIsTheCalleesNotItsCallers) {
  // put_maybe(o, f) { if (f) up_write(&o->lock); }: the paths joining at its
  // return disagree. put(o) releases on its only path. drop(o, f, g) { if (g)
  // return; put_maybe(o, f); } passes put_maybe()'s release on: not its own.
  FunctionBuilder Maybe("put_maybe", {"o", "f"}, 10);
  unsigned Test = Maybe.block();
  unsigned Unlock = Maybe.block({Maybe.direct("up_write", {objLock()}, 12)});
  unsigned Join = Maybe.block();
  Maybe.edge(Maybe.entry(), Test);
  Maybe.branch(Test, paramMask(1, -1), Unlock, Join);
  Maybe.edge(Unlock, Join);
  Maybe.edge(Join, Maybe.exit());
  FunctionBuilder Put("put", {"o"}, 20);
  Put.straight({{Put.direct("up_write", {objLock()}, 21)}});
  FunctionBuilder Drop("drop", {"o", "f", "g"}, 30);
  unsigned Early = Drop.block();
  unsigned Call = Drop.block(
      {Drop.direct("put_maybe", {obj(), paramArg(1, "int", "f")}, 32)});
  Drop.edge(Drop.entry(), Early);
  Drop.branch(Early, paramMask(2, -1), Drop.exit(), Call);
  Drop.edge(Call, Drop.exit());
  ExitRecorder R =
      run(makeTU("/src/a.c", {Maybe.build(), Put.build(), Drop.build()}));
  using Names = std::vector<std::vector<std::string>>;
  EXPECT_EQ(R.Exits["put_maybe"].Released, (Names{{"obj.lock"}}));
  EXPECT_EQ(R.Exits["put_maybe"].DroppedOnSomePaths, (Names{{"obj.lock"}}));
  EXPECT_EQ(R.Exits["put"].Released, (Names{{"obj.lock"}}));
  EXPECT_EQ(R.Exits["put"].DroppedOnSomePaths, (Names{{}}));
  // Its early return and the one after the call: neither released its caller's lock.
  EXPECT_EQ(R.Exits["drop"].Released, (Names{{}, {}}));
}

TEST_F(FunctionExitTest, LockTakenFreshOnOnePathIsTheFunctionsOwn) {
  // relock(o, q) { if (q) up_write(&o->lock); down_write(&o->lock); } takes
  // the lock without releasing it first where q is zero; retake(o) releases
  // first on its only path.
  FunctionBuilder Relock("relock", {"o", "q"}, 10);
  unsigned Test = Relock.block();
  unsigned Unlock = Relock.block({Relock.direct("up_write", {objLock()}, 12)});
  unsigned Take = Relock.block({Relock.direct("down_write", {objLock()}, 13)});
  Relock.edge(Relock.entry(), Test);
  Relock.branch(Test, paramMask(1, -1), Unlock, Take);
  Relock.edge(Unlock, Take);
  Relock.edge(Take, Relock.exit());
  FunctionBuilder Retake("retake", {"o"}, 20);
  Retake.straight({{Retake.direct("up_write", {objLock()}, 21),
                    Retake.direct("down_write", {objLock()}, 22)}});
  std::vector<facts::TUFacts> TUs;
  TUs.push_back(makeTU("/src/a.c", {Relock.build(), Retake.build()}));
  graph::ProgramGraph Graph(std::move(TUs));
  analysis::SummaryEngine Engine(Graph, Annotations);
  struct Frames : analysis::LockEventListener {
    std::map<std::string, std::pair<const analysis::Summary *, analysis::LockRef>> Seen;
    void onFunctionExit(const analysis::FunctionExit &E,
                        const analysis::PathRenderer &Paths) override {
      analysis::WitnessStep Self;
      Self.K = analysis::WitnessStep::Kind::Entry;
      Self.Function = E.Function;
      analysis::LockRef Lock;
      for (const analysis::ReturnState &R : E.Returns)
        for (const analysis::HeldLock &H : R.Held)
          Lock = H.Lock;
      Seen[Paths.renderStep(Self).Function] = {&E.Frame, Lock};
    }
  } Recorder;
  Engine.addListener(Recorder);
  Engine.run();
  auto [RelockFrame, RelockLock] = Recorder.Seen["relock"];
  auto [RetakeFrame, RetakeLock] = Recorder.Seen["retake"];
  ASSERT_TRUE(RelockLock.isResolved() && RetakeLock.isResolved());
  EXPECT_TRUE(RelockFrame->takesFresh(RelockLock));
  EXPECT_FALSE(RetakeFrame->takesFresh(RetakeLock));
}

} // namespace
