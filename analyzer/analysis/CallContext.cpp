//===- analysis/CallContext.cpp - Call targets and calling contexts -------===//
//
// Which functions a call site may reach, and what the callee's context is:
// constant arguments, function-pointer arguments and ops-table bindings,
// trimmed to what can change the callee's summary.
//
//===----------------------------------------------------------------------===//
#include "analysis/SummaryEngine.h"

#include "spec/Annotations.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

namespace lockcheck::analysis {

using graph::FunctionId;
using graph::TableId;

graph::UnitId SummaryEngine::pathUnit(graph::UnitId Current, TableId Entered) const {
  if (Entered == graph::NoTable)
    return Current;
  graph::UnitId U = Graph.unitOfTable(Entered);
  return FilesystemUnits[U] ? U : Current;
}

/// A value in a context key: an exact constant as itself, other known bits as
/// both masks.
static void appendBits(llvm::SmallVectorImpl<uint64_t> &Key, const llvm::KnownBits &V) {
  if (V.isConstant())
    Key.append({0, static_cast<uint64_t>(V.getConstant().getSExtValue())});
  else
    Key.append({1, V.One.getZExtValue(), V.Zero.getZExtValue()});
}

void SummaryEngine::trimContext(FunctionId F, Context &Ctx) const {
  auto Used = [&](unsigned P) { return P < 64 && (ParamUses[F] >> P & 1); };
  llvm::erase_if(Ctx.Consts, [&](const auto &C) { return !Used(C.first); });
  llvm::erase_if(Ctx.NonNull, [&](unsigned P) { return !Used(P); });
  llvm::erase_if(Ctx.Pinned, [&](unsigned P) { return P >= 64 || !(PinUses[F] >> P & 1); });
  llvm::erase_if(Ctx.FnParams, [&](const auto &C) { return !Used(C.first); });
  // A function handed a callback calls code its own subtree does not show, so
  // it keeps every binding for the callback to see.
  const std::vector<support::StringPool::Id> &Relevant = RelevantRecords[F];
  if (Ctx.FnParams.empty())
    llvm::erase_if(Ctx.Bindings, [&](const auto &B) {
      return !std::binary_search(Relevant.begin(), Relevant.end(), B.first);
    });
  // A file system's own code works on its own objects (gfs2 creating a
  // debugfs file runs debugfs code on debugfs inodes); generic code works on
  // those of the file system that called it. And the file system matters
  // only where a call may fall back to its tables.
  graph::UnitId Own = Graph.unitOfFunction(F);
  if (Own != graph::NoUnit && FilesystemUnits[Own])
    Ctx.Unit = Own;
  if (!UnitMatters[F] && Ctx.FnParams.empty())
    Ctx.Unit = graph::NoUnit;
  llvm::erase_if(Ctx.Task, [&](const auto &V) {
    return V.first >= 64 || !(TaskFieldsTested[F] >> V.first & 1);
  });
  llvm::erase_if(Ctx.ArgFields, [&](const ArgFieldValue &V) {
    return !ArgFieldsTested[F].test(std::get<1>(V));
  });
  // Bits compare by value so that equal contexts sort equal.
  auto BitsKey = [](const llvm::KnownBits &B) {
    return std::make_pair(B.One.getZExtValue(), B.Zero.getZExtValue());
  };
  llvm::sort(Ctx.Consts, [&](const auto &A, const auto &B) {
    return std::make_pair(A.first, BitsKey(A.second)) < std::make_pair(B.first, BitsKey(B.second));
  });
  llvm::sort(Ctx.ArgFields, [&](const ArgFieldValue &A, const ArgFieldValue &B) {
    return std::make_tuple(std::get<0>(A), std::get<1>(A), BitsKey(std::get<2>(A))) <
           std::make_tuple(std::get<0>(B), std::get<1>(B), BitsKey(std::get<2>(B)));
  });
  llvm::sort(Ctx.FnParams);
  llvm::sort(Ctx.Bindings);
}

void SummaryEngine::contextKey(FunctionId F, const Context &Ctx,
                               llvm::SmallVectorImpl<uint64_t> &Key) const {
  // Each part is its letter and a fixed number of words (a value says which
  // of its two forms it has), so no two contexts give the same words.
  Key.push_back(F);
  for (const auto &[P, V] : Ctx.Consts) {
    Key.append({'c', P});
    appendBits(Key, V);
  }
  for (unsigned P : Ctx.NonNull)
    Key.append({'n', P});
  for (unsigned P : Ctx.Pinned)
    Key.append({'p', P});
  for (const auto &[P, Fn] : Ctx.FnParams)
    Key.append({'f', P, Fn});
  for (const auto &[R, T] : Ctx.Bindings)
    Key.append({'b', R, T});
  if (Ctx.Unit != graph::NoUnit)
    Key.append({'u', Ctx.Unit});
  for (const auto &[Field, V] : Ctx.Task)
    Key.append({'t', Field, static_cast<uint64_t>(V)});
  for (unsigned R : Ctx.EntryRules)
    Key.append({'e', R});
  for (const auto &[P, Field, V] : Ctx.ArgFields) {
    Key.append({'a', P, Field});
    appendBits(Key, V);
  }
}

SummaryEngine::Context SummaryEngine::calleeContext(const Walk &W, const facts::CallFact &Call,
                                                    const State &St) const {
  Context Ctx;
  Ctx.Bindings = W.Ctx.Bindings;
  Ctx.Unit = W.Ctx.Unit;
  Ctx.Task = St.Task;
  const unsigned TU = Graph.function(W.F).TU;
  // The argument fields the call's own facts decide.
  llvm::SmallVector<std::pair<unsigned, support::StringPool::Id>, 2> Stored;
  for (unsigned I = 0; I < Call.Args.size(); ++I) {
    const facts::ArgFact &A = Call.Args[I];
    if (A.IntValue) {
      Ctx.Consts.push_back({I, knownConstant(*A.IntValue)});
      continue;
    }
    if (!A.OneOf.empty()) {
      // The bits all the choices agree on: FI_DIRTY_DIR (3) or FI_DIRTY_FILE
      // (19) is no case of a switch on FI_INLINE_DATA (10) or FI_DATA_EXIST (16).
      llvm::KnownBits Known = knownConstant(A.OneOf.front());
      for (int64_t V : llvm::drop_begin(A.OneOf))
        Known = Known.intersectWith(knownConstant(V));
      Ctx.Consts.push_back({I, Known});
      continue;
    }
    if (A.NonNull)
      Ctx.NonNull.push_back(I);
    if (A.UsedAfter ||
        (A.Path && A.Path->Root == facts::PathRoot::Param &&
         llvm::is_contained(W.Ctx.Pinned, static_cast<unsigned>(A.Path->Param)) &&
         intoRootObject(*A.Path)))
      Ctx.Pinned.push_back(I);
    if (!A.FunctionRef.empty()) {
      if (std::optional<FunctionId> Fn = Graph.resolveFunction(TU, A.FunctionRef))
        Ctx.FnParams.push_back({I, *Fn});
      continue;
    }
    // `&iter` of a local struct initialised with constants, or a pointer
    // the caller stored constants through (`args->force = true`).
    for (const facts::FieldBits &Bits : A.FieldValues) {
      support::StringPool::Id Field = ArgFields.lookup(Bits.Field);
      if (Field == support::StringPool::None)
        continue;
      Stored.push_back({I, Field});
      llvm::KnownBits Known(64);
      Known.One = llvm::APInt(64, Bits.KnownOne);
      Known.Zero = llvm::APInt(64, Bits.KnownZero);
      Ctx.ArgFields.push_back({I, Field, Known});
    }
    if (!A.Path)
      continue;
    const facts::AccessPath &P = *A.Path;
    if (P.Root == facts::PathRoot::Param && P.Steps.empty()) {
      for (const auto &[Param, V] : W.Ctx.Consts)
        if (static_cast<int>(Param) == P.Param)
          Ctx.Consts.push_back({I, V});
      if (llvm::is_contained(W.Ctx.NonNull, static_cast<unsigned>(P.Param)))
        Ctx.NonNull.push_back(I);
      for (const auto &[Param, Fn] : W.Ctx.FnParams)
        if (static_cast<int>(Param) == P.Param)
          Ctx.FnParams.push_back({I, Fn});
      // A field the caller stored to holds what it stored, not what it got.
      for (const auto &[Param, Field, V] : W.Ctx.ArgFields)
        if (static_cast<int>(Param) == P.Param && !llvm::is_contained(Stored, std::pair(I, Field)))
          Ctx.ArgFields.push_back({I, Field, V});
    } else if (P.Root == facts::PathRoot::Param && P.Steps.size() == 1 &&
               !P.Steps.front().Subscripted) {
      // `iter->data_source` passed on is the value the context knows.
      support::StringPool::Id Field = ArgFields.lookup(P.Steps.front().Field);
      for (const auto &[Param, F, V] : W.Ctx.ArgFields)
        if (static_cast<int>(Param) == P.Param && F == Field)
          Ctx.Consts.push_back({I, V});
    } else if (P.Root == facts::PathRoot::Global && P.Steps.empty() && !P.RootType.empty()) {
      // `&ext4_dio_write_ops` passed down binds struct iomap_dio_ops below.
      if (std::optional<TableId> T = Graph.resolveTable(TU, P.Name, P.RootType)) {
        support::StringPool::Id R = Records.lookup(P.RootType);
        if (R != support::StringPool::None) {
          llvm::erase_if(Ctx.Bindings, [&](const auto &B) { return B.first == R; });
          Ctx.Bindings.push_back({R, *T});
        }
      }
    }
  }
  // A new object's fields as its constructor left them, unless stored to since.
  const size_t BeforeObjects = Ctx.ArgFields.size();
  objectArguments(Call, St, Ctx.ArgFields);
  Ctx.ArgFields.erase(std::remove_if(Ctx.ArgFields.begin() + BeforeObjects, Ctx.ArgFields.end(),
                                     [&](const ArgFieldValue &V) {
                                       return llvm::is_contained(
                                           Stored, std::pair(std::get<0>(V), std::get<1>(V)));
                                     }),
                      Ctx.ArgFields.end());
  return Ctx;
}

/// The tables an unbound call through a struct field may reach: those of the
/// path's own file system when it has the slot, else those of no file system
/// (libraries such as jbd2 or fs/quota); every table when the path is in none.
void SummaryEngine::fallbackTargets(const Walk &W, const facts::CallFact &Call,
                                    llvm::SmallVectorImpl<graph::SlotTarget> &Out) const {
  llvm::ArrayRef<graph::SlotTarget> All = Graph.slotTargets(Call.Record, Call.Field);
  if (W.Ctx.Unit == graph::NoUnit) {
    Out.append(All.begin(), All.end());
    return;
  }
  for (const graph::SlotTarget &T : All)
    if (Graph.unitOfTable(T.Table) == W.Ctx.Unit)
      Out.push_back(T);
  if (!Out.empty())
    return;
  for (const graph::SlotTarget &T : All)
    if (!FilesystemUnits[Graph.unitOfTable(T.Table)])
      Out.push_back(T);
}

void SummaryEngine::collectTargets(const Walk &W, unsigned CallIdx, const State &St,
                                   llvm::SmallVectorImpl<Target> &Out) {
  const facts::CallFact &Call = W.Fact.Calls[CallIdx];
  switch (Call.Kind) {
  case facts::CalleeKind::Direct:
    if (std::optional<FunctionId> Fn = Graph.directCallee(W.F, CallIdx))
      Out.push_back({*Fn, calleeContext(W, Call, St), graph::NoTable});
    return;
  case facts::CalleeKind::Param:
    for (const auto &[Param, Fn] : W.Ctx.FnParams)
      if (static_cast<int>(Param) == Call.Param)
        Out.push_back({Fn, calleeContext(W, Call, St), graph::NoTable});
    return;
  case facts::CalleeKind::Unknown:
  case facts::CalleeKind::LockdepAnnotation:
    return;
  case facts::CalleeKind::Field:
    break;
  }
  support::StringPool::Id Record = Records.lookup(Call.Record);
  // A method entered through a table starts from that table's binding (plus
  // tables passed to it as arguments): bindings of other struct types do not
  // cross into another table's method, or paths through a few fallbacks
  // would bind every combination of file systems' tables.
  auto EnterTable = [&](FunctionId Fn, TableId T, bool Fallback) {
    Context Ctx = calleeContext(W, Call, St);
    llvm::erase_if(Ctx.Bindings, [&](const auto &B) {
      return B.first == Record || llvm::is_contained(W.Ctx.Bindings, B);
    });
    Ctx.Bindings.push_back({Record, T});
    Ctx.Unit = pathUnit(W.Ctx.Unit, T);
    addMethodArguments(Call.Record, Call.Field, Ctx);
    Out.push_back({Fn, std::move(Ctx), T, Fallback});
  };
  for (const auto &[R, T] : W.Ctx.Bindings) {
    if (R != Record)
      continue;
    // Coherence: the path entered through (or was handed) table T, so its
    // own slot is the only target; a table without the slot calls nothing.
    if (std::optional<FunctionId> Fn = Graph.table(T).slot(Call.Field))
      EnterTable(*Fn, T, /*Fallback=*/false);
    return;
  }
  llvm::SmallVector<graph::SlotTarget, 8> Fallbacks;
  fallbackTargets(W, Call, Fallbacks);
  for (const graph::SlotTarget &T : Fallbacks)
    EnterTable(T.Function, T.Table, /*Fallback=*/true);
}

void SummaryEngine::addMethodArguments(llvm::StringRef Record, llvm::StringRef Field,
                                       Context &Ctx) const {
  for (const spec::MethodArgument &A : Annotations.methodArguments(Record, Field)) {
    support::StringPool::Id Id = ArgFields.lookup(A.Field);
    if (Id == support::StringPool::None)
      continue; // no function tests the field
    llvm::erase_if(Ctx.ArgFields, [&](const ArgFieldValue &V) {
      return std::get<0>(V) == A.Argument && std::get<1>(V) == Id;
    });
    Ctx.ArgFields.push_back({A.Argument, Id, knownConstant(A.Value)});
  }
}

} // namespace lockcheck::analysis
