//===- analysis/SubtreeUses.cpp - What each function's subtree depends on -===//
//
// Computed once over the call graph before any summary: which parameters,
// struct types, task fields and argument fields each function's subtree
// branches on, calls through or passes on, whether the file system of its
// path can change it, which Kbuild units are file systems, and which
// functions return only new objects. The calling contexts (CallContext.cpp)
// keep only what these say can change a callee's summary.
//
//===----------------------------------------------------------------------===//
#include "analysis/SummaryEngine.h"

#include "spec/Annotations.h"

#include "llvm/ADT/GraphTraits.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>

namespace lockcheck::analysis {

using graph::FunctionId;
using graph::TableId;

namespace {

/// The direct-call graph (callbacks passed as arguments included), plus a root
/// that reaches all functions so one SCC walk covers them.
struct CallGraphNode {
  FunctionId Id;
  std::vector<const CallGraphNode *> Succs;
};

} // namespace

} // namespace lockcheck::analysis

template <> struct llvm::GraphTraits<const lockcheck::analysis::CallGraphNode *> {
  using NodeRef = const lockcheck::analysis::CallGraphNode *;
  using ChildIteratorType = std::vector<NodeRef>::const_iterator;
  static NodeRef getEntryNode(NodeRef N) { return N; }
  static ChildIteratorType child_begin(NodeRef N) { return N->Succs.begin(); }
  static ChildIteratorType child_end(NodeRef N) { return N->Succs.end(); }
};

namespace lockcheck::analysis {

/// Call C of F reaches its direct callee and every callback it passes.
static void addDirectAndCallbackEdges(const graph::ProgramGraph &Graph, FunctionId F, unsigned C,
                                      std::vector<CallGraphNode> &Nodes) {
  if (std::optional<FunctionId> Callee = Graph.directCallee(F, C))
    Nodes[F].Succs.push_back(&Nodes[*Callee]);
  for (const facts::ArgFact &A : Graph.fact(F).Calls[C].Args)
    if (!A.FunctionRef.empty())
      if (std::optional<FunctionId> Fn = Graph.resolveFunction(Graph.function(F).TU, A.FunctionRef))
        Nodes[F].Succs.push_back(&Nodes[*Fn]);
}

/// The file system a path is in decides where a call through an unbound
/// struct type falls back to, but only for a slot some file system's table
/// fills: elsewhere every file system gets the same targets. So it matters to
/// a function whose subtree makes such a call, through direct calls and
/// callbacks, and through the methods of tables of no file system, which
/// inherit the caller's file system. Without this, any function whose
/// subtree called through some struct field was summarised once per file
/// system that reached it.
static std::vector<bool> unitMatters(const graph::ProgramGraph &Graph,
                                     llvm::ArrayRef<CallGraphNode> Nodes,
                                     const std::vector<bool> &FilesystemUnits) {
  const size_t N = Graph.functionCount();
  std::vector<bool> UnitMatters(N, false);
  std::vector<std::vector<FunctionId>> Inheritors(N);
  std::vector<FunctionId> Work;
  for (FunctionId F = 0; F < N; ++F) {
    for (const CallGraphNode *Callee : Nodes[F].Succs)
      Inheritors[Callee->Id].push_back(F);
    for (const facts::CallFact &Call : Graph.fact(F).Calls) {
      if (Call.Kind != facts::CalleeKind::Field)
        continue;
      for (const graph::SlotTarget &T : Graph.slotTargets(Call.Record, Call.Field)) {
        if (FilesystemUnits[Graph.unitOfTable(T.Table)])
          UnitMatters[F] = true;
        else
          Inheritors[T.Function].push_back(F);
      }
    }
    if (UnitMatters[F])
      Work.push_back(F);
  }
  while (!Work.empty()) {
    FunctionId F = Work.back();
    Work.pop_back();
    for (FunctionId Caller : Inheritors[F])
      if (!UnitMatters[Caller]) {
        UnitMatters[Caller] = true;
        Work.push_back(Caller);
      }
  }
  return UnitMatters;
}

static void mergeSorted(std::vector<support::StringPool::Id> &Into,
                        const std::vector<support::StringPool::Id> &From) {
  if (From.empty())
    return;
  std::vector<support::StringPool::Id> Out;
  Out.reserve(Into.size() + From.size());
  std::set_union(Into.begin(), Into.end(), From.begin(), From.end(), std::back_inserter(Out));
  Into = std::move(Out);
}

void SummaryEngine::computeRelevantRecords() {
  const size_t N = Graph.functionCount();
  std::vector<CallGraphNode> Nodes(N + 1);
  RelevantRecords.assign(N, {});
  ParamUses.assign(N, 0);
  for (FunctionId F = 0; F < N; ++F) {
    Nodes[F].Id = F;
    const facts::FunctionFact &Fact = Graph.fact(F);
    auto UseParam = [&](int P) {
      if (P >= 0 && P < 64)
        ParamUses[F] |= uint64_t(1) << P;
    };
    for (const facts::BlockFact &B : Fact.Blocks)
      if (B.Condition.K == facts::ConditionFact::Kind::ParamMask ||
          B.Condition.K == facts::ConditionFact::Kind::ParamEquals ||
          B.Condition.K == facts::ConditionFact::Kind::ParamGreater ||
          B.Condition.K == facts::ConditionFact::Kind::ParamLess ||
          B.Condition.K == facts::ConditionFact::Kind::ParamSwitch)
        UseParam(B.Condition.Param);
    for (unsigned C = 0; C < Fact.Calls.size(); ++C) {
      const facts::CallFact &Call = Fact.Calls[C];
      if (Call.Kind == facts::CalleeKind::Param)
        UseParam(Call.Param);
      // A primitive's subclass or class argument passed on from a parameter:
      // the callers' constants decide the lock.
      auto UseSubclassParam = [&](const std::string &Name,
                                  const std::vector<facts::ArgFact> &Args) {
        const spec::LockPrimitive *P = Annotations.primitive(Name);
        if (!P)
          return;
        for (int Index : {P->SubclassArgument, P->ClassArgument}) {
          if (Index < 0 || static_cast<size_t>(Index) >= Args.size())
            continue;
          const facts::ArgFact &A = Args[Index];
          if (A.Path && A.Path->Root == facts::PathRoot::Param && A.Path->Steps.empty())
            UseParam(A.Path->Param);
        }
      };
      if (Call.Kind == facts::CalleeKind::Direct)
        UseSubclassParam(Call.Callee, Call.Args);
      if (!Call.Macro.empty())
        UseSubclassParam(Call.Macro, Call.MacroArgs);
      // Bindings follow direct calls only: an indirect call enters another
      // table's method, which brings its own binding. Following fallback
      // edges too would make every function relevant to every table (the
      // kernel is one large SCC through them) and multiply the summaries by
      // the number of file systems.
      // A callback passed down is called from the callee's subtree with the
      // caller's bindings, like a direct call.
      addDirectAndCallbackEdges(Graph, F, C, Nodes);
      if (Call.Kind == facts::CalleeKind::Field)
        RelevantRecords[F].push_back(Records.intern(Call.Record));
    }
    llvm::sort(RelevantRecords[F]);
    RelevantRecords[F].erase(std::unique(RelevantRecords[F].begin(), RelevantRecords[F].end()),
                             RelevantRecords[F].end());
    Nodes[N].Succs.push_back(&Nodes[F]);
  }
  Nodes[N].Id = static_cast<FunctionId>(N);
  propagateParamUses(ParamUses, false);
  computePinUses();
  UnitMatters = unitMatters(Graph, Nodes, FilesystemUnits);
  // Callees come before callers: each SCC unions its members' own records with
  // those of the SCCs it calls, which are final by then.
  for (auto It = llvm::scc_begin(static_cast<const CallGraphNode *>(&Nodes[N])); !It.isAtEnd();
       ++It) {
    const std::vector<const CallGraphNode *> &SCC = *It;
    std::vector<support::StringPool::Id> Union;
    for (const CallGraphNode *Member : SCC) {
      if (Member->Id == N)
        continue;
      mergeSorted(Union, RelevantRecords[Member->Id]);
      for (const CallGraphNode *Succ : Member->Succs)
        mergeSorted(Union, RelevantRecords[Succ->Id]);
    }
    for (const CallGraphNode *Member : SCC)
      if (Member->Id != N)
        RelevantRecords[Member->Id] = Union;
  }
}

/// A parameter matters to a function's summary when it branches on it, calls
/// through it, uses it as a lock subclass, or forwards it unchanged to a
/// callee parameter that matters. Only such parameters enter the context, so
/// `kmalloc(size, ...)` with a hundred different sizes is summarised once.
void SummaryEngine::propagateParamUses(std::vector<uint64_t> &Uses, bool ThroughMembers) {
  const size_t N = Graph.functionCount();
  auto Forwarded = [&](const facts::ArgFact &A) {
    return A.Path && A.Path->Root == facts::PathRoot::Param && A.Path->Param < 64 &&
           (A.Path->Steps.empty() || (ThroughMembers && intoRootObject(*A.Path)));
  };
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (FunctionId F = 0; F < N; ++F) {
      const facts::FunctionFact &Fact = Graph.fact(F);
      uint64_t Used = Uses[F];
      for (unsigned C = 0; C < Fact.Calls.size(); ++C) {
        const facts::CallFact &Call = Fact.Calls[C];
        auto Forward = [&](FunctionId Callee) {
          uint64_t CalleeUses = Uses[Callee];
          for (unsigned I = 0; I < Call.Args.size() && I < 64; ++I)
            if ((CalleeUses >> I & 1) && Forwarded(Call.Args[I]))
              Used |= uint64_t(1) << Call.Args[I].Path->Param;
        };
        if (std::optional<FunctionId> Callee = Graph.directCallee(F, C))
          Forward(*Callee);
        else if (Call.Kind == facts::CalleeKind::Field)
          for (const graph::SlotTarget &T : Graph.slotTargets(Call.Record, Call.Field))
            Forward(T.Function);
      }
      if (Used != Uses[F]) {
        Uses[F] = Used;
        Changed = true;
      }
    }
  }
}

bool SummaryEngine::intoRootObject(const facts::AccessPath &P) {
  return llvm::none_of(P.Steps, [](const facts::FieldStep &S) {
    return llvm::StringRef(S.FieldType).contains('*');
  });
}

/// A parameter can be pinned (Context::Pinned) usefully when a reference
/// drop in the function's subtree counts its object's references.
void SummaryEngine::computePinUses() {
  const size_t N = Graph.functionCount();
  PinUses.assign(N, 0);
  for (FunctionId F = 0; F < N; ++F)
    for (const facts::CallFact &Call : Graph.fact(F).Calls) {
      const spec::ReferenceDrop *D = Call.Kind == facts::CalleeKind::Direct
                                         ? Annotations.referenceDrop(Call.Callee)
                                         : nullptr;
      if (!D || D->CounterArgument >= Call.Args.size())
        continue;
      const facts::ArgFact &A = Call.Args[D->CounterArgument];
      if (A.Path && A.Path->Root == facts::PathRoot::Param && A.Path->Param < 64 &&
          intoRootObject(*A.Path) && D->counts(*A.Path))
        PinUses[F] |= uint64_t(1) << A.Path->Param;
    }
  propagateParamUses(PinUses, true);
}

/// A function is a constructor when every value it returns is NULL or the
/// result of a constructor, directly or through a local assigned only such
/// results (`inode = new_inode(sb); if (!inode) return NULL; ... return
/// inode;`), and at least one return is not NULL.
void SummaryEngine::inferConstructors() {
  auto IsConstructorCall = [&](FunctionId F, unsigned Call) {
    const facts::CallFact &C = Graph.fact(F).Calls[Call];
    return C.Kind == facts::CalleeKind::Direct && Resolver.isConstructor(C.Callee);
  };
  auto ReturnsOnlyNew = [&](FunctionId F) {
    const facts::FunctionFact &Fact = Graph.fact(F);
    bool AnyObject = false;
    for (const facts::BlockFact &B : Fact.Blocks) {
      if (!B.Return)
        continue;
      // `ret = inode; return ret;`: the path sees through the locals.
      if (B.Return->Path && B.Return->Path->Root == facts::PathRoot::CallResult &&
          B.Return->Path->Steps.empty()) {
        if (!Resolver.isConstructor(B.Return->Path->Name))
          return false;
        AnyObject = true;
        continue;
      }
      switch (B.Return->K) {
      case facts::ReturnFact::Kind::Zero:
        break;
      case facts::ReturnFact::Kind::CallResult:
        if (!IsConstructorCall(F, B.Return->Call))
          return false;
        AnyObject = true;
        break;
      case facts::ReturnFact::Kind::LocalVar:
        if (!holdsOnlyNewObjects(Fact, B.Return->Var, Resolver))
          return false;
        AnyObject = true;
        break;
      default:
        return false;
      }
    }
    return AnyObject;
  };
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (FunctionId F = 0; F < Graph.functionCount(); ++F) {
      llvm::StringRef Name = Graph.name(F);
      if (!Resolver.isConstructor(Name) && ReturnsOnlyNew(F)) {
        InferredConstructors.insert(Name);
        Changed = true;
      }
    }
  }
}

/// A Kbuild unit that registers a `struct file_system_type` is a file system:
/// its inodes, files and mappings all carry its own tables.
void SummaryEngine::findFilesystemUnits() {
  FilesystemUnits.assign(Graph.unitCount(), false);
  for (TableId T = 0; T < Graph.tableCount(); ++T)
    if (Graph.table(T).Record == "file_system_type")
      FilesystemUnits[Graph.unitOfTable(T)] = true;
}

/// Which fields of the current task, and which fields of arguments, each
/// function's subtree reads, through every call edge: `current->journal_info`
/// is set in one file system and tested in its ->fsync, reached through an ops
/// table; `iov_iter_rw(iter)` is tested far below ->write_iter, and iomap_iter()
/// passes `iter->flags` on to the ->iomap_end that switches on it.
void SummaryEngine::computeFieldUses() {
  const size_t N = Graph.functionCount();
  using Kind = facts::ConditionFact::Kind;
  // Argument fields worth tracking: those a branch tests, and those with a
  // known value (a local struct's initializer, a constant store through a
  // pointer) that some call passes on by value (`iter->flags`), to be tested
  // as a parameter below. Only these are interned, so a field every function
  // forwards (`inode->i_sb`) costs nothing, nor one stored and never read.
  llvm::StringSet<> PassedOn;
  for (FunctionId F = 0; F < N; ++F) {
    const facts::FunctionFact &Fact = Graph.fact(F);
    for (const facts::BlockFact &B : Fact.Blocks)
      if (B.Condition.K == Kind::ParamFieldMask || B.Condition.K == Kind::ParamFieldEquals)
        ArgFields.intern(B.Condition.Var);
    for (const facts::CallFact &Call : Fact.Calls)
      for (const facts::ArgFact &A : Call.Args)
        if (A.Path && A.Path->Root == facts::PathRoot::Param && A.Path->Steps.size() == 1 &&
            !A.Path->Steps.front().Subscripted)
          PassedOn.insert(A.Path->Steps.front().Field);
  }
  for (FunctionId F = 0; F < N; ++F)
    for (const facts::CallFact &Call : Graph.fact(F).Calls)
      for (const facts::ArgFact &A : Call.Args)
        for (const facts::FieldBits &Field : A.FieldValues)
          if (PassedOn.contains(Field.Field))
            ArgFields.intern(Field.Field);
  TaskFieldsTested.assign(N, 0);
  ArgFieldsTested.assign(N, llvm::BitVector(ArgFields.size()));
  auto TaskBit = [&](const std::string &Field) -> uint64_t {
    support::StringPool::Id Id = TaskFields.intern(Field);
    return Id < 64 ? uint64_t(1) << Id : 0;
  };
  auto ReadArgField = [&](FunctionId F, llvm::StringRef Field) {
    support::StringPool::Id Id = ArgFields.lookup(Field);
    if (Id != support::StringPool::None)
      ArgFieldsTested[F].set(Id);
  };
  bool Any = false;
  for (FunctionId F = 0; F < N; ++F) {
    const facts::FunctionFact &Fact = Graph.fact(F);
    for (const facts::BlockFact &B : Fact.Blocks) {
      if (B.Condition.K == Kind::TaskMask || B.Condition.K == Kind::TaskEquals)
        TaskFieldsTested[F] |= TaskBit(B.Condition.Var);
      if (B.Condition.K == Kind::ParamFieldMask || B.Condition.K == Kind::ParamFieldEquals)
        ReadArgField(F, B.Condition.Var);
      for (const facts::TaskStoreFact &S : B.TaskStores)
        TaskFields.intern(S.Field);
    }
    for (const facts::CallFact &Call : Fact.Calls)
      for (const facts::ArgFact &A : Call.Args)
        if (A.Path && A.Path->Root == facts::PathRoot::Param && A.Path->Steps.size() == 1)
          ReadArgField(F, A.Path->Steps.front().Field);
    Any |= TaskFieldsTested[F] != 0 || ArgFieldsTested[F].any();
  }
  if (!Any)
    return;
  std::vector<CallGraphNode> Nodes(N + 1);
  for (FunctionId F = 0; F < N; ++F) {
    Nodes[F].Id = F;
    const facts::FunctionFact &Fact = Graph.fact(F);
    for (unsigned C = 0; C < Fact.Calls.size(); ++C) {
      const facts::CallFact &Call = Fact.Calls[C];
      addDirectAndCallbackEdges(Graph, F, C, Nodes);
      if (Call.Kind == facts::CalleeKind::Field)
        for (const graph::SlotTarget &T : Graph.slotTargets(Call.Record, Call.Field))
          Nodes[F].Succs.push_back(&Nodes[T.Function]);
    }
    Nodes[N].Succs.push_back(&Nodes[F]);
  }
  Nodes[N].Id = static_cast<FunctionId>(N);
  llvm::BitVector Arg(ArgFields.size());
  for (auto It = llvm::scc_begin(static_cast<const CallGraphNode *>(&Nodes[N])); !It.isAtEnd();
       ++It) {
    uint64_t Task = 0;
    Arg.reset();
    for (const CallGraphNode *Member : *It) {
      if (Member->Id == N)
        continue;
      Task |= TaskFieldsTested[Member->Id];
      Arg |= ArgFieldsTested[Member->Id];
      for (const CallGraphNode *Succ : Member->Succs) {
        Task |= TaskFieldsTested[Succ->Id];
        Arg |= ArgFieldsTested[Succ->Id];
      }
    }
    for (const CallGraphNode *Member : *It)
      if (Member->Id != N) {
        TaskFieldsTested[Member->Id] = Task;
        ArgFieldsTested[Member->Id] = Arg;
      }
  }
}

} // namespace lockcheck::analysis
