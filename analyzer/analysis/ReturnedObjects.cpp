//===- analysis/ReturnedObjects.cpp - Fields of the objects calls return --===//
//
// A constructor's caller can know some bits of the new object's fields:
// iomap's __iomap_dio_rw() allocates `dio`, sets `dio->flags = 0`, ORs
// IOMAP_DIO_NEED_SYNC in on its write path only, and returns it; its caller
// hands it to iomap_dio_complete(), whose `if (dio->flags &
// IOMAP_DIO_NEED_SYNC)` then cannot be taken under ->read_iter.
//
// The body walk follows, for each local a constructor's result is assigned
// to, the stores through it in order (FieldStoreFact). A summary records the
// fields of the object it returns; a caller takes them into its own local
// and passes them to callees as argument fields. The object may escape while
// the constructor runs (iomap_dio_iter() sets IOMAP_DIO_UNWRITTEN in it),
// and outlives it, so a bit stays known only if no write anywhere else in the
// program can change it: FieldWriteFact and the stores through other locals.
// Stores through a local that only ever holds new objects reach only the
// object of that call, which nobody else holds before it returns; they are
// left out of the masks of the function making them, and of no other.
//
//===----------------------------------------------------------------------===//
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

namespace lockcheck::analysis {

using graph::FunctionId;

static std::string fieldKey(llvm::StringRef Record, llvm::StringRef Field) {
  return (Record + "." + Field).str();
}

bool holdsOnlyNewObjects(const facts::FunctionFact &Fact, llvm::StringRef Var,
                         const LockResolver &Resolver) {
  unsigned FromConstructors = 0, Nulls = 0, Assignments = 0;
  for (const facts::CallFact &C : Fact.Calls)
    if (C.ResultVar == Var) {
      if (C.Kind != facts::CalleeKind::Direct || !Resolver.isConstructor(C.Callee))
        return false;
      ++FromConstructors;
    }
  for (const facts::BlockFact &B : Fact.Blocks)
    for (const facts::AssignFact &A : B.Assigns)
      if (A.Var == Var) {
        ++Assignments;
        Nulls += A.Value && *A.Value == 0;
      }
  return FromConstructors > 0 && Assignments == FromConstructors + Nulls;
}

/// The locals of F worth following: those a constructor's result is
/// assigned to that F returns or passes to a call.
static std::vector<std::string> objectVars(const facts::FunctionFact &Fact,
                                           const LockResolver &Resolver) {
  std::vector<std::string> Vars;
  for (const facts::CallFact &C : Fact.Calls)
    if (!C.ResultVar.empty() && C.Kind == facts::CalleeKind::Direct &&
        Resolver.isConstructor(C.Callee))
      Vars.push_back(C.ResultVar);
  if (Vars.empty())
    return Vars;
  llvm::sort(Vars);
  Vars.erase(std::unique(Vars.begin(), Vars.end()), Vars.end());
  std::vector<std::string> Used;
  auto Keep = [&](const std::string &Var) {
    if (std::binary_search(Vars.begin(), Vars.end(), Var) && !llvm::is_contained(Used, Var))
      Used.push_back(Var);
  };
  for (const facts::CallFact &C : Fact.Calls)
    for (const facts::ArgFact &A : C.Args)
      if (!A.Local.empty())
        Keep(A.Local);
  for (const facts::BlockFact &B : Fact.Blocks)
    if (B.Return && B.Return->K == facts::ReturnFact::Kind::LocalVar)
      Keep(B.Return->Var);
  llvm::sort(Used);
  return Used;
}

void SummaryEngine::computeFieldWrites() {
  // Only fields some branch tests can decide anything.
  for (FunctionId F = 0; F < Graph.functionCount(); ++F)
    for (const facts::BlockFact &B : Graph.fact(F).Blocks)
      for (const facts::FieldStoreFact &S : B.FieldStores) {
        support::StringPool::Id ArgField = ArgFields.lookup(S.Field);
        if (ArgField == support::StringPool::None)
          continue;
        support::StringPool::Id Key = ObjectFieldKeys.intern(fieldKey(S.Record, S.Field));
        if (Key == ObjectFieldWrites.size())
          ObjectFieldWrites.push_back({ArgField, 0, 0, {}});
      }
  if (ObjectFieldWrites.empty())
    return;
  ObjectVarsOf.resize(Graph.functionCount());
  for (FunctionId F = 0; F < Graph.functionCount(); ++F)
    ObjectVarsOf[F] = objectVars(Graph.fact(F), Resolver);
  llvm::StringMap<std::pair<uint64_t, uint64_t>> WholeRecords;
  for (const facts::TUFacts &TU : Graph.tus())
    for (const facts::FieldWriteFact &W : TU.FieldWrites) {
      if (W.Field.empty()) {
        auto &Whole = WholeRecords[W.Record];
        Whole.first |= W.MaySet;
        Whole.second |= W.MayClear;
        continue;
      }
      support::StringPool::Id Key = ObjectFieldKeys.lookup(fieldKey(W.Record, W.Field));
      if (Key == support::StringPool::None)
        continue;
      ObjectFieldWrites[Key].AnySet |= W.MaySet;
      ObjectFieldWrites[Key].AnyClear |= W.MayClear;
    }
  for (size_t Key = 0; Key < ObjectFieldWrites.size(); ++Key) {
    llvm::StringRef Record = ObjectFieldKeys.str(Key).rsplit('.').first;
    auto Whole = WholeRecords.find(Record);
    if (Whole != WholeRecords.end()) {
      ObjectFieldWrites[Key].AnySet |= Whole->second.first;
      ObjectFieldWrites[Key].AnyClear |= Whole->second.second;
    }
  }
  for (FunctionId F = 0; F < Graph.functionCount(); ++F) {
    const facts::FunctionFact &Fact = Graph.fact(F);
    for (const facts::BlockFact &B : Fact.Blocks)
      for (const facts::FieldStoreFact &S : B.FieldStores) {
        support::StringPool::Id Key = ObjectFieldKeys.lookup(fieldKey(S.Record, S.Field));
        if (Key == support::StringPool::None)
          continue;
        auto [Set, Clear] = facts::storeMasks(S.Op, S.Bits);
        FieldWriteMasks &M = ObjectFieldWrites[Key];
        if (!holdsOnlyNewObjects(Fact, S.Var, Resolver)) {
          M.AnySet |= Set;
          M.AnyClear |= Clear;
          continue;
        }
        auto Own = llvm::find_if(M.ByOrigin, [&](const auto &O) { return std::get<0>(O) == F; });
        if (Own == M.ByOrigin.end())
          M.ByOrigin.push_back({F, Set, Clear});
        else
          *Own = {F, std::get<1>(*Own) | Set, std::get<2>(*Own) | Clear};
      }
  }
}

void SummaryEngine::maskOtherWrites(FunctionId Origin, ObjectField &Field) const {
  const FieldWriteMasks &M = ObjectFieldWrites[Field.Field];
  uint64_t Set = M.AnySet, Clear = M.AnyClear;
  for (const auto &[F, OwnSet, OwnClear] : M.ByOrigin)
    if (F != Origin) {
      Set |= OwnSet;
      Clear |= OwnClear;
    }
  Field.Bits.Zero &= llvm::APInt(64, ~Set);
  Field.Bits.One &= llvm::APInt(64, ~Clear);
}

/// Keeps of Into the fields From knows too, as what both know.
static void intersectFields(llvm::SmallVectorImpl<ObjectField> &Into,
                            llvm::ArrayRef<ObjectField> From) {
  llvm::erase_if(Into, [&](ObjectField &F) {
    auto Other = llvm::find_if(From, [&](const ObjectField &O) { return O.Field == F.Field; });
    if (Other == From.end())
      return true;
    F.Bits = F.Bits.intersectWith(Other->Bits);
    return F.Bits.isUnknown();
  });
}

static auto findObject(std::vector<SummaryEngine::LocalObject> &Objects, llvm::StringRef Var) {
  return llvm::lower_bound(Objects, Var, [](const SummaryEngine::LocalObject &O,
                                            llvm::StringRef V) { return O.Var < V; });
}

/// A constructor's result stored in a local makes it a new object: with the
/// fields the callee's summary knows, or none known (kmalloc()'s memory). Any
/// other assignment to it forgets it.
void SummaryEngine::applyObjectAssign(const Walk &W, const facts::BlockFact &B,
                                      const facts::AssignFact &A, State &St) const {
  if (!std::binary_search(W.ObjectVars.begin(), W.ObjectVars.end(), A.Var))
    return;
  auto It = findObject(St.Objects, A.Var);
  if (It != St.Objects.end() && It->Var == A.Var)
    It = St.Objects.erase(It);
  // `dio = __iomap_dio_rw(...)`: the assignment comes right after its call.
  if (A.AfterCalls == 0 || A.AfterCalls > B.Calls.size())
    return;
  const unsigned CallIdx = B.Calls[A.AfterCalls - 1];
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  if (Call.ResultVar != A.Var || Call.Kind != facts::CalleeKind::Direct ||
      !Resolver.isConstructor(Call.Callee))
    return;
  LocalObject New{A.Var, {W.F, {}}};
  if (CallIdx < W.Calls.size() && W.Calls[CallIdx].Callees.size() == 1) {
    const Summary *S = W.Calls[CallIdx].Callees.front().S;
    if (S->Complete && S->Returned)
      New.Object = *S->Returned;
  }
  St.Objects.insert(It, std::move(New));
}

void SummaryEngine::applyObjectStores(const Walk &W, const facts::BlockFact &B,
                                      unsigned AfterCalls, State &St) const {
  if (St.Objects.empty())
    return;
  for (const facts::FieldStoreFact &S : B.FieldStores) {
    if (S.AfterCalls != AfterCalls)
      continue;
    auto It = findObject(St.Objects, S.Var);
    if (It == St.Objects.end() || It->Var != S.Var)
      continue;
    support::StringPool::Id Key = ObjectFieldKeys.lookup(fieldKey(S.Record, S.Field));
    if (Key == support::StringPool::None)
      continue;
    llvm::SmallVectorImpl<ObjectField> &Fields = It->Object.Fields;
    auto Field = llvm::find_if(Fields, [&](const ObjectField &F) { return F.Field == Key; });
    if (Field == Fields.end()) {
      Fields.push_back({Key, llvm::KnownBits(64)});
      Field = std::prev(Fields.end());
    }
    llvm::KnownBits &Bits = Field->Bits;
    const llvm::APInt C(64, S.Bits);
    switch (S.Op) {
    case facts::FieldStoreOp::Assign: Bits = llvm::KnownBits::makeConstant(C); break;
    case facts::FieldStoreOp::Or:
      Bits.One |= C;
      Bits.Zero &= ~C;
      break;
    case facts::FieldStoreOp::And:
      Bits.One &= C;
      Bits.Zero |= ~C;
      break;
    case facts::FieldStoreOp::Other: Bits = llvm::KnownBits(64); break;
    }
    maskOtherWrites(It->Object.Origin, *Field);
    if (Bits.isUnknown())
      Fields.erase(Field);
  }
}

void SummaryEngine::objectArguments(const facts::CallFact &Call, const State &St,
                                    llvm::SmallVectorImpl<ArgFieldValue> &Out) const {
  if (St.Objects.empty())
    return;
  for (unsigned I = 0; I < Call.Args.size(); ++I) {
    const std::string &Var = Call.Args[I].Local;
    if (Var.empty())
      continue;
    auto It = llvm::lower_bound(St.Objects, Var, [](const LocalObject &O, llvm::StringRef V) {
      return O.Var < V;
    });
    if (It == St.Objects.end() || It->Var != Var)
      continue;
    for (const ObjectField &F : It->Object.Fields)
      Out.push_back({I, ObjectFieldWrites[F.Field].ArgField, F.Bits});
  }
}

/// Every return gives back NULL, an error pointer, or a local holding a new
/// object; the fields known at all of the latter are the summary's.
void SummaryEngine::collectReturnedObject(const Walk &W) {
  if (W.ObjectVars.empty())
    return;
  std::optional<ReturnedObject> Out;
  for (size_t I = 0; I < W.ExitStates.size(); ++I) {
    const auto &Ret = W.Fact.Blocks[W.ExitBlocks[I]].Return;
    if (!Ret)
      return;
    if (Ret->K == facts::ReturnFact::Kind::Zero)
      continue;
    if (Ret->K == facts::ReturnFact::Kind::CallResult) {
      const facts::CallFact &Call = W.Fact.Calls[Ret->Call];
      if (Call.Kind == facts::CalleeKind::Direct && Annotations.returnsNoObject(Call.Callee))
        continue;
      return;
    }
    if (Ret->K != facts::ReturnFact::Kind::LocalVar)
      return;
    const std::vector<LocalObject> &Objects = W.ExitStates[I].Objects;
    auto It = llvm::lower_bound(Objects, Ret->Var, [](const LocalObject &O, llvm::StringRef V) {
      return O.Var < V;
    });
    if (It == Objects.end() || It->Var != Ret->Var)
      return;
    if (!Out) {
      Out = It->Object;
      continue;
    }
    if (Out->Origin != It->Object.Origin)
      return;
    intersectFields(Out->Fields, It->Object.Fields);
  }
  if (Out && !Out->Fields.empty())
    W.S.Returned = std::move(Out);
}

/// Where paths join, an object stays known only as what both ways know.
void joinObjects(std::vector<SummaryEngine::LocalObject> &Into,
                 const std::vector<SummaryEngine::LocalObject> &From) {
  llvm::erase_if(Into, [&](SummaryEngine::LocalObject &O) {
    auto It = llvm::lower_bound(From, O.Var, [](const SummaryEngine::LocalObject &F,
                                                llvm::StringRef V) { return F.Var < V; });
    if (It == From.end() || It->Var != O.Var || It->Object.Origin != O.Object.Origin)
      return true;
    intersectFields(O.Object.Fields, It->Object.Fields);
    return false;
  });
}

} // namespace lockcheck::analysis
