//===- unittests/analysis/AnalysisTestSupport.h - Run the engine on facts --===//
//
// A fixture that loads a small annotation set from a string and runs the
// summary engine with one checker (recursive-lock unless told) over a program
// built in code, collecting the findings in the order the checker reported them.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_UNITTESTS_ANALYSIS_ANALYSISTESTSUPPORT_H
#define LOCKCHECK_UNITTESTS_ANALYSIS_ANALYSISTESTSUPPORT_H

#include "analysis/SummaryEngine.h"
#include "checkers/RecursiveLockChecker.h"
#include "graph/ProgramGraph.h"
#include "report/Finding.h"
#include "spec/Annotations.h"
#include "unittests/analysis/FactBuilder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lockcheck::testing {

/// The primitives the analysis tests use; the rest of annotations/ is not needed.
inline const char *const TestAnnotations = R"(lock-types: [rw_semaphore, mutex]
primitives:
  - {function: down_read, operation: acquire, kind: rwsem, mode: shared, citation: test}
  - {function: down_write, operation: acquire, kind: rwsem, citation: test}
  - {function: down_write_trylock, operation: try-acquire, kind: rwsem, citation: test}
  - {function: mutex_lock, operation: acquire, kind: mutex, citation: test}
  - {function: mutex_lock_killable, operation: acquire-interruptible, kind: mutex,
     citation: test}
  - {function: mutex_lock_nested, operation: acquire, kind: mutex, subclass-argument: 1,
     citation: test}
  - {function: mutex_unlock, operation: release, kind: mutex, citation: test}
  - {function: up_read, operation: release, kind: rwsem, citation: test}
  - {function: up_write, operation: release, kind: rwsem, citation: test}
reference-drops:
  - {function: refcount_dec_and_test, counter-argument: 0, last: nonzero, citation: test}
  - {function: atomic_dec_and_test, counter-argument: 0, last: nonzero,
     counted-fields: [obj.count], citation: test}
)";

class CollectingSink : public report::FindingSink {
public:
  void report(report::Finding F) override { Findings.push_back(std::move(F)); }
  std::vector<report::Finding> Findings;
};

/// `&o->Field` where o is parameter Param of type `struct obj *` and Field is
/// a lock of type FieldType.
inline facts::ArgFact objLock(std::string Field = "lock", std::string FieldType = "rw_semaphore",
                              int Param = 0) {
  return paramPath(Param, "obj", {fieldStep("obj", Field, FieldType)}, "&o->" + Field);
}
/// `o`, a `struct obj *` parameter passed on.
inline facts::ArgFact obj(int Param = 0) { return paramArg(Param, "obj", "o"); }

/// The trace's step kinds, in order.
inline std::vector<std::string> kinds(const report::Finding &F) {
  std::vector<std::string> Out;
  for (const report::TraceStep &S : F.Trace)
    Out.push_back(S.Kind);
  return Out;
}

/// One line per finding and step, for failure messages.
inline std::string describe(const std::vector<report::Finding> &Findings) {
  std::string Out;
  for (const report::Finding &F : Findings) {
    Out += F.File + ":" + std::to_string(F.Line) + ":" + std::to_string(F.Column) + ": " +
           F.Message + " [" + F.Checker + "] in " + F.Function + "\n";
    for (const report::TraceStep &S : F.Trace)
      Out += "  " + S.Kind + " " + S.File + ":" + std::to_string(S.Line) + " " + S.Function +
             ": " + S.Detail + "\n";
  }
  return Out.empty() ? "no findings\n" : Out;
}

class AnalysisTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::Error E = Annotations.loadBuffer(TestAnnotations, "test-annotations.yaml");
    ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  }

  /// Every finding a checker (recursive-lock unless told) reports on the
  /// program, in report order (not sorted, not deduplicated).
  template <typename CheckerT = checkers::RecursiveLockChecker>
  std::vector<report::Finding> analyze(std::vector<facts::TUFacts> TUs) {
    graph::ProgramGraph Graph(std::move(TUs));
    CollectingSink Sink;
    CheckerT Checker(Sink);
    analysis::SummaryEngine Engine(Graph, Annotations);
    Engine.addListener(Checker);
    Engine.run();
    return std::move(Sink.Findings);
  }
  template <typename CheckerT = checkers::RecursiveLockChecker>
  std::vector<report::Finding> analyze(facts::TUFacts TU) {
    std::vector<facts::TUFacts> TUs;
    TUs.push_back(std::move(TU));
    return analyze<CheckerT>(std::move(TUs));
  }

  spec::Annotations Annotations;
};

/// Checks one trace step.
inline void expectStep(const report::TraceStep &S, llvm::StringRef Kind, llvm::StringRef Function,
                       llvm::StringRef File, unsigned Line, llvm::StringRef Detail) {
  EXPECT_EQ(S.Kind, Kind);
  EXPECT_EQ(S.Function, Function);
  EXPECT_EQ(S.File, File);
  EXPECT_EQ(S.Line, Line);
  EXPECT_EQ(S.Detail, Detail);
}

} // namespace lockcheck::testing

#endif // LOCKCHECK_UNITTESTS_ANALYSIS_ANALYSISTESTSUPPORT_H
