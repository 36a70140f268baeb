//===- tool/GraphCommand.cpp -----------------------------------------------===//
#include "tool/GraphCommand.h"

#include "analysis/PathQuery.h"
#include "graph/ProgramGraph.h"
#include "report/CallLockGraph.h"
#include "tool/Pipeline.h"

#include "llvm/ADT/StringMap.h"

namespace lockcheck::tool {

/// The report's graph of the analysis' one: functions named by their names,
/// or `name (file)` when two functions of the graph share a name (statics of
/// two TUs).
static report::CallLockGraph toReportGraph(const analysis::FunctionGraph &G,
                                           const graph::ProgramGraph &Program,
                                           graph::FunctionId From, graph::FunctionId To) {
  llvm::StringMap<unsigned> NameCount;
  for (graph::FunctionId F : G.Functions)
    ++NameCount[Program.name(F)];
  auto FileOf = [&](graph::FunctionId F) {
    return relativeToCwd(Program.fileOf(F, Program.fact(F).Loc));
  };
  auto Name = [&](graph::FunctionId F) {
    std::string N = Program.name(F).str();
    return NameCount[N] > 1 ? N + " (" + FileOf(F) + ")" : N;
  };
  report::CallLockGraph Out;
  for (graph::FunctionId F : G.Functions) {
    report::CallLockGraph::Function &Node = Out.function(Name(F));
    Node.File = FileOf(F);
    Node.Line = Program.fact(F).Loc.Line;
    Node.Start = F == From;
    if (Node.Start)
      Node.EnteredVia = G.EntrySlots;
    Node.Target = F == To;
  }
  for (const analysis::GraphCall &C : G.Calls) {
    report::CallLockGraph::Call Call;
    Call.Caller = Name(C.Caller);
    Call.Callee = Name(C.Callee);
    Call.File = relativeToCwd(C.Step.File);
    Call.Line = C.Step.Line;
    Call.Kind = C.Step.Kind;
    Call.Via = C.Step.Via;
    for (const analysis::HeldNote &H : C.Held)
      Call.Held.push_back(H.Lock);
    Out.addCall(std::move(Call));
  }
  for (const analysis::GraphAcquisition &A : G.Acquisitions)
    Out.Acquisitions.push_back(
        {Name(A.Function), A.Lock, relativeToCwd(A.At.File), A.At.Line});
  return Out;
}

llvm::Expected<std::string> exportGraph(std::vector<facts::TUFacts> TUs,
                                        const spec::Annotations &Annotations,
                                        llvm::StringRef From, llvm::StringRef To) {
  std::string Dot;
  if (llvm::Error E = runPathQuery(
          std::move(TUs), Annotations, From, To,
          [&](const graph::ProgramGraph &Program, const analysis::PathQuery &Query,
              const analysis::PathRenderer &Paths) {
            analysis::FunctionGraph G = Query.graph(Paths);
            Dot = report::writeDot(toReportGraph(G, Program, Query.from(), Query.to()),
                                   To.empty() ? From : From.str() + " -> " + To.str());
          }))
    return E;
  return Dot;
}

} // namespace lockcheck::tool
