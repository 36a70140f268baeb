//===- analysis/PathRendering.cpp - Witness chains as report steps --------===//
#include "analysis/SummaryEngine.h"

namespace lockcheck::analysis {

std::string SummaryEngine::lockName(const LockRef &Lock) const {
  if (Lock.isResolved())
    return Classes.str(Lock.Class).str();
  std::string Name = "<parameter " + std::to_string(Lock.Param) + ">";
  for (const facts::FieldStep &S : Lock.Steps)
    Name += "." + S.Field;
  return Name;
}

PathStep SummaryEngine::renderStep(const WitnessStep &Step) const {
  PathStep Out;
  const facts::FunctionFact &Fact = Graph.fact(Step.Function);
  Out.Function = Fact.Name;
  if (Step.K == WitnessStep::Kind::Entry) {
    Out.File = Graph.fileOf(Step.Function, Fact.Loc).str();
    Out.Line = Fact.Loc.Line;
    Out.Column = Fact.Loc.Column;
    Out.Kind = "entry";
    Out.Detail = "entry point '" + Fact.Name + "'";
    if (Step.Table != graph::NoTable) {
      const graph::OpsTable &T = Graph.table(Step.Table);
      for (const auto &[Field, Fn] : T.Slots)
        if (Fn == Step.Function) {
          Out.Via = T.Name + "." + Field;
          Out.Detail += " via '" + Out.Via + "'";
          break;
        }
    }
    return Out;
  }
  if (Step.K == WitnessStep::Kind::Return) {
    // A block without a return statement falls off the end of the body.
    const auto &Return = Fact.Blocks[Step.Call].Return;
    facts::SourceLoc At = Return ? Return->Loc : Fact.End;
    Out.File = Graph.fileOf(Step.Function, At).str();
    Out.Line = At.Line;
    Out.Column = At.Column;
    Out.Kind = "return";
    Out.Detail = "returning from '" + Fact.Name + "'";
    return Out;
  }
  const facts::CallFact &Call = Fact.Calls[Step.Call];
  Out.File = Graph.fileOf(Step.Function, Call.Loc).str();
  Out.Line = Call.Loc.Line;
  Out.Column = Call.Loc.Column;
  std::string Callee =
      Step.Target != NoFunction ? Graph.name(Step.Target).str() : Call.Callee;
  Out.Callee = Callee;
  if (Call.Kind == facts::CalleeKind::Direct) {
    Out.Kind = "call";
    Out.Detail = "calling '" + Callee + "'";
    return Out;
  }
  Out.Kind = "indirect-call";
  Out.Detail = "'" + Call.CalleeText + "' resolves to '" + Callee + "'";
  if (Step.Table != graph::NoTable) {
    Out.Via = Graph.table(Step.Table).Name + "." + Call.Field;
    Out.Detail += " via '" + Out.Via + "'";
  }
  return Out;
}

llvm::StringRef SummaryEngine::calleeName(const WitnessStep &Step) const {
  if (Step.K != WitnessStep::Kind::Call)
    return Graph.name(Step.Function);
  if (Step.Target != NoFunction)
    return Graph.name(Step.Target);
  return Graph.fact(Step.Function).Calls[Step.Call].Callee;
}

std::pair<llvm::StringRef, llvm::StringRef>
SummaryEngine::slotOf(const WitnessStep &Step) const {
  if (Step.K != WitnessStep::Kind::Call)
    return {};
  const facts::CallFact &Call = Graph.fact(Step.Function).Calls[Step.Call];
  if (Call.Kind != facts::CalleeKind::Field)
    return {};
  return {Call.Record, Call.Field};
}

void SummaryEngine::renderEntryPath(const EntryPathNode *Path, std::vector<PathStep> &Out) const {
  std::vector<const EntryPathNode *> Chain;
  for (const EntryPathNode *N = Path; N; N = N->Parent)
    Chain.push_back(N);
  // Each node's step is the call that entered its function; the root's is the
  // entry point itself.
  for (auto It = Chain.rbegin(); It != Chain.rend(); ++It)
    Out.push_back(renderStep((*It)->Step));
}

void SummaryEngine::renderChain(const WitnessNode *Chain, unsigned Marked,
                                llvm::StringRef MarkedKind, llvm::StringRef MarkedDetail,
                                std::vector<PathStep> &Out) const {
  unsigned Index = 0;
  for (const WitnessNode *N = Chain; N; N = N->Next, ++Index) {
    PathStep Step = renderStep(N->Step);
    if (Index == Marked) {
      Step.Kind = MarkedKind.str();
      Step.Detail = MarkedDetail.str();
    }
    Out.push_back(std::move(Step));
  }
}

} // namespace lockcheck::analysis
