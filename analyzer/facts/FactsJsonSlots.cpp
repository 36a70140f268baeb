//===- facts/FactsJsonSlots.cpp - Where each value of facts JSON goes -----===//
#include "facts/FactsJsonSlots.h"

#include "facts/FactsJson.h"

namespace lockcheck::facts::reader {

template <typename E> static Slot enumSlot(E &Target, const char *Key, int Max) {
  return {Expect::Enum, &Target, Key, Expect::Skip, Max,
          [](void *T, int V) { *static_cast<E *>(T) = static_cast<E>(V); }};
}

constexpr KeyInfo RootKeys[] = {{"lockcheck_facts_version", true}, {"main_file", true},
                                {"kbuild_modname", true},          {"files", true},
                                {"functions", true},               {"ops_stores", true},
                                {"field_writes", false}};
constexpr KeyInfo FunctionKeys[] = {{"name", true},      {"static", true},
                                    {"inline", true},    {"loc", true},
                                    {"params", true},    {"param_records", true},
                                    {"calls", true},     {"blocks", true},
                                    {"entry", true},     {"exit", true},
                                    {"end", true}};
constexpr KeyInfo CallKeys[] = {{"kind", true},    {"callee", true}, {"record", true},
                                {"field", true},   {"param", true},  {"text", true},
                                {"args", true},    {"result", true}, {"loc", true},
                                {"macro", false},  {"macro_args", false}};
constexpr KeyInfo ArgKeys[] = {
    {"text", true}, {"int", false}, {"path", false}, {"fn", false}, {"fields", false},
    {"local", false}, {"nonnull", false}, {"one_of", false}, {"used_after", false}};
constexpr KeyInfo PathKeys[] = {
    {"root", true}, {"param", true}, {"name", true}, {"type", true}, {"steps", true}};
constexpr KeyInfo BlockKeys[] = {{"calls", true},       {"succs", true}, {"assigns", false},
                                 {"task_stores", false}, {"cases", false}, {"cond", false},
                                 {"ret", false}, {"field_stores", false},
                                 {"warning_succ", false}};
constexpr KeyInfo CondKeys[] = {{"kind", true},  {"call", true},  {"var", true},
                                {"param", true}, {"value", true}, {"tracked", true},
                                {"param_changed", true}};
constexpr KeyInfo RetKeys[] = {
    {"kind", true}, {"call", true}, {"var", true}, {"loc", true}, {"path", false},
    {"value", false}, {"pointer", false}};
constexpr KeyInfo OpsStoreKeys[] = {{"record", true},      {"field", true},
                                    {"table", true},       {"table_static", true},
                                    {"in_function", true}, {"function", true},
                                    {"loc", true}};

template <size_t N> static constexpr llvm::ArrayRef<KeyInfo> keys(const KeyInfo (&K)[N]) {
  return llvm::ArrayRef<KeyInfo>(K, N);
}

llvm::ArrayRef<KeyInfo> keysOf(Expect Object) {
  switch (Object) {
  case Expect::Root: return keys(RootKeys);
  case Expect::Function: return keys(FunctionKeys);
  case Expect::Call: return keys(CallKeys);
  case Expect::Arg: return keys(ArgKeys);
  case Expect::Path: return keys(PathKeys);
  case Expect::Block: return keys(BlockKeys);
  case Expect::Cond: return keys(CondKeys);
  case Expect::Ret: return keys(RetKeys);
  case Expect::OpsStore: return keys(OpsStoreKeys);
  default: return {};
  }
}

static Slot list(void *Target, const char *Key, Expect Element) {
  return {Expect::List, Target, Key, Element};
}

Slot slotOf(Expect Object, void *Target, size_t Index) {
  const char *K = keysOf(Object)[Index].Name.data();
  switch (Object) {
  case Expect::Root: {
    auto &TU = *static_cast<TUFacts *>(Target);
    switch (Index) {
    case 0: return {Expect::Unsigned, &TU.Version, K};
    case 1: return {Expect::String, &TU.MainFile, K};
    case 2: return {Expect::String, &TU.ModuleName, K};
    case 3: return {Expect::StringList, &TU.Files, K};
    case 4: return list(&TU.Functions, K, Expect::Function);
    case 5: return list(&TU.OpsStores, K, Expect::OpsStore);
    default: return list(&TU.FieldWrites, K, Expect::FieldWrite);
    }
  }
  case Expect::Function: {
    auto &F = *static_cast<FunctionFact *>(Target);
    switch (Index) {
    case 0: return {Expect::String, &F.Name, K};
    case 1: return {Expect::Bool, &F.IsStatic, K};
    case 2: return {Expect::Bool, &F.IsInline, K};
    case 3: return {Expect::Loc, &F.Loc, K};
    case 4: return {Expect::StringList, &F.Params, K};
    case 5: return {Expect::StringList, &F.ParamRecords, K};
    case 6: return list(&F.Calls, K, Expect::Call);
    case 7: return list(&F.Blocks, K, Expect::Block);
    case 8: return {Expect::Unsigned, &F.Entry, K};
    case 9: return {Expect::Unsigned, &F.Exit, K};
    default: return {Expect::Loc, &F.End, K};
    }
  }
  case Expect::Call: {
    auto &C = *static_cast<CallFact *>(Target);
    switch (Index) {
    case 0: return enumSlot(C.Kind, K, LastCalleeKind);
    case 1: return {Expect::String, &C.Callee, K};
    case 2: return {Expect::String, &C.Record, K};
    case 3: return {Expect::String, &C.Field, K};
    case 4: return {Expect::Int, &C.Param, K};
    case 5: return {Expect::String, &C.CalleeText, K};
    case 6: return list(&C.Args, K, Expect::Arg);
    case 7: return {Expect::String, &C.ResultVar, K};
    case 8: return {Expect::Loc, &C.Loc, K};
    case 9: return {Expect::String, &C.Macro, K};
    default: return list(&C.MacroArgs, K, Expect::Arg);
    }
  }
  case Expect::Arg: {
    auto &A = *static_cast<ArgFact *>(Target);
    switch (Index) {
    case 0: return {Expect::String, &A.Text, K};
    case 1: return {Expect::PresentInt, &A.IntValue, K};
    case 2: return {Expect::Path, &A.Path.emplace(), K};
    case 3: return {Expect::String, &A.FunctionRef, K};
    case 4: return list(&A.FieldValues, K, Expect::FieldValue);
    case 5: return {Expect::String, &A.Local, K};
    case 6: return {Expect::Bool, &A.NonNull, K};
    case 7: return {Expect::Int64List, &A.OneOf, K};
    default: return {Expect::Bool, &A.UsedAfter, K};
    }
  }
  case Expect::Path: {
    auto &P = *static_cast<AccessPath *>(Target);
    switch (Index) {
    case 0: return enumSlot(P.Root, K, LastPathRoot);
    case 1: return {Expect::Int, &P.Param, K};
    case 2: return {Expect::String, &P.Name, K};
    case 3: return {Expect::String, &P.RootType, K};
    default: return list(&P.Steps, K, Expect::Step);
    }
  }
  case Expect::Block: {
    auto &B = *static_cast<BlockFact *>(Target);
    switch (Index) {
    case 0: return {Expect::UnsignedList, &B.Calls, K};
    case 1: return {Expect::IntList, &B.Succs, K};
    case 2: return list(&B.Assigns, K, Expect::Assign);
    case 3: return list(&B.TaskStores, K, Expect::TaskStore);
    case 4: return list(&B.Cases, K, Expect::Case);
    case 5: return {Expect::Cond, &B.Condition, K};
    case 6: return {Expect::Ret, &B.Return.emplace(), K};
    case 7: return list(&B.FieldStores, K, Expect::FieldStore);
    default: return {Expect::Int, &B.WarningSucc, K};
    }
  }
  case Expect::Cond: {
    auto &C = *static_cast<ConditionFact *>(Target);
    switch (Index) {
    case 0: return enumSlot(C.K, K, LastConditionKind);
    case 1: return {Expect::Unsigned, &C.Call, K};
    case 2: return {Expect::String, &C.Var, K};
    case 3: return {Expect::Int, &C.Param, K};
    case 4: return {Expect::Int64, &C.Value, K};
    case 5: return {Expect::Bool, &C.VarTracked, K};
    default: return {Expect::Bool, &C.ParamChanged, K};
    }
  }
  case Expect::Ret: {
    auto &R = *static_cast<ReturnFact *>(Target);
    switch (Index) {
    case 0: return enumSlot(R.K, K, LastReturnKind);
    case 1: return {Expect::Unsigned, &R.Call, K};
    case 2: return {Expect::String, &R.Var, K};
    case 3: return {Expect::Loc, &R.Loc, K};
    case 4: return {Expect::Path, &R.Path.emplace(), K};
    case 5: return {Expect::OptInt64, &R.Value, K};
    default: return {Expect::Bool, &R.Pointer, K};
    }
  }
  case Expect::OpsStore: {
    auto &S = *static_cast<OpsStoreFact *>(Target);
    switch (Index) {
    case 0: return {Expect::String, &S.Record, K};
    case 1: return {Expect::String, &S.Field, K};
    case 2: return {Expect::String, &S.Table, K};
    case 3: return {Expect::Bool, &S.TableIsStatic, K};
    case 4: return {Expect::String, &S.InFunction, K};
    case 5: return {Expect::String, &S.Function, K};
    default: return {Expect::Loc, &S.Loc, K};
    }
  }
  default:
    return {};
  }
}

const char *expected(const Slot &S) {
  switch (S.What) {
  case Expect::String: return "expected a string";
  case Expect::Bool: return "expected a boolean";
  case Expect::Loc: return "expected [file, line, column]";
  case Expect::Step: return "expected [record, field, type] or [record, field, type, index]";
  case Expect::Assign:
    return "expected [variable], [variable, value], [variable, value, after_calls, from] "
           "or [variable, value, after_calls, from, pointer, target]";
  case Expect::AssignValue: return "expected an integer, null or true";
  case Expect::TaskStore: return "expected [field, value, after_calls]";
  case Expect::FieldValue: return "expected [field, known_one, known_zero]";
  case Expect::FieldStore: return "expected [variable, record, field, op, bits, after_calls]";
  case Expect::FieldWrite: return "expected [record, field, may_set, may_clear]";
  case Expect::Case: return "expected [low, high] or null";
  case Expect::List:
  case Expect::StringList:
  case Expect::UnsignedList:
  case Expect::IntList:
  case Expect::Int64List: return "expected an array";
  default: return isObject(S.What) ? "expected an object" : "expected an integer";
  }
}

} // namespace lockcheck::facts::reader
