//===- facts/FactsReader.cpp - Facts JSON read straight into our types -----===//
//
// The whole-program step reads every TU's facts: 100 MB of JSON for the
// kernel's fs/ and mm/, thirty times that for an allmodconfig tree. Building
// nlohmann's DOM first and copying it into our types doubled the work and the
// memory, so the facts are read with nlohmann's SAX interface (json::sax_parse)
// instead: each value goes straight into the field the current key names.
//
// The reader keeps a stack of frames, one per open object or array, each
// knowing what it fills. An unknown key's value is skipped, as the DOM reader
// skipped it; a required key that never came is named when its object closes.
// The first fault is kept and the rest of the text still parsed, so that
// invalid JSON, then another format version, take precedence over a malformed
// field, as they must: facts of version 8 are "version 8", not "'x': missing".
//
//===----------------------------------------------------------------------===//
#include "facts/FactsJson.h"

#include <nlohmann/json.hpp>

#include <cstring>

namespace lockcheck::facts {

namespace {

using json = nlohmann::json;

/// What a value, or each element of an array, must be and where it goes.
enum class Expect : uint8_t {
  Skip, // an unknown key's value, and all inside it
  String,
  Bool,
  Int,        // int
  Unsigned,   // unsigned
  UInt32,     // uint32_t
  Int64,      // int64_t
  OptInt64,   // std::optional<int64_t>: an integer or null
  PresentInt, // ArgFact::IntValue: an integer, set when present
  Enum,       // an enum stored as its number, checked against a maximum
  // Arrays whose every element has the same Expect.
  StringList,
  UnsignedList,
  IntList,
  // Arrays read position by position.
  Loc,
  Step,
  Assign,
  TaskStore,
  FieldValue, // [field, value] of ArgFact::FieldValues
  Case,       // null (the default) or [low, high]
  // Objects.
  Root,
  Function,
  Call,
  Arg,
  Path,
  Block,
  Cond,
  Ret,
  OpsStore,
  // Arrays of a kind above.
  List,
};

/// Where a value goes: what it must be, the field, and for a list the kind of
/// its elements; Key names it in a fault.
struct Slot {
  Expect What = Expect::Skip;
  void *Target = nullptr;
  const char *Key = "";
  Expect Element = Expect::Skip;
  int Max = 0;                         // Expect::Enum
  void (*SetEnum)(void *, int) = nullptr; // Expect::Enum
};

template <typename E> Slot enumSlot(E &Target, const char *Key, int Max) {
  return {Expect::Enum, &Target, Key, Expect::Skip, Max,
          [](void *T, int V) { *static_cast<E *>(T) = static_cast<E>(V); }};
}

/// An open object or array.
struct Frame {
  Slot S;            // what it is (S.What) and fills (S.Target)
  size_t Index = 0;  // arrays: elements so far
  uint32_t Seen = 0; // objects: bit per known key that came
  Slot Pending;      // objects: the slot of the key just read
};

/// The keys of each object, in the order their absence is reported (the
/// order the writer's fields are documented in), with the required ones.
struct KeyInfo {
  llvm::StringRef Name;
  bool Required;
};
constexpr KeyInfo RootKeys[] = {{"lockcheck_facts_version", true}, {"main_file", true},
                                {"kbuild_modname", true},          {"files", true},
                                {"functions", true},               {"ops_stores", true}};
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
    {"text", true}, {"int", false}, {"path", false}, {"fn", false}, {"fields", false}};
constexpr KeyInfo PathKeys[] = {
    {"root", true}, {"param", true}, {"name", true}, {"type", true}, {"steps", true}};
constexpr KeyInfo BlockKeys[] = {{"calls", true},       {"succs", true}, {"assigns", false},
                                 {"task_stores", false}, {"cases", false}, {"cond", false},
                                 {"ret", false}};
constexpr KeyInfo CondKeys[] = {{"kind", true},  {"call", true},  {"var", true},
                                {"param", true}, {"value", true}, {"tracked", true}};
constexpr KeyInfo RetKeys[] = {
    {"kind", true}, {"call", true}, {"var", true}, {"loc", true}, {"path", false},
    {"value", false}, {"pointer", false}};
constexpr KeyInfo OpsStoreKeys[] = {{"record", true},      {"field", true},
                                    {"table", true},       {"table_static", true},
                                    {"in_function", true}, {"function", true},
                                    {"loc", true}};

template <size_t N> constexpr llvm::ArrayRef<KeyInfo> keys(const KeyInfo (&K)[N]) {
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

Slot list(void *Target, const char *Key, Expect Element) {
  return {Expect::List, Target, Key, Element};
}

/// The slot of key number Index of keysOf(Object) in the object at Target.
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
    default: return list(&TU.OpsStores, K, Expect::OpsStore);
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
    default: return list(&A.FieldValues, K, Expect::FieldValue);
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
    default: return {Expect::Ret, &B.Return.emplace(), K};
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
    default: return {Expect::Bool, &C.VarTracked, K};
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

template <typename T> T *appended(void *Vector) {
  return &static_cast<std::vector<T> *>(Vector)->emplace_back();
}

bool isObject(Expect E) { return E >= Expect::Root && E <= Expect::OpsStore; }
bool isTuple(Expect E) { return E >= Expect::Loc && E <= Expect::Case; }
bool isArray(Expect E) {
  return isTuple(E) || E == Expect::List || E == Expect::StringList ||
         E == Expect::UnsignedList || E == Expect::IntList;
}

/// What a slot expects, as a fault says it.
const char *expected(const Slot &S) {
  switch (S.What) {
  case Expect::String: return "expected a string";
  case Expect::Bool: return "expected a boolean";
  case Expect::Loc: return "expected [file, line, column]";
  case Expect::Step: return "expected [record, field, type] or [record, field, type, index]";
  case Expect::Assign:
    return "expected [variable], [variable, value] or [variable, value, after_calls, from]";
  case Expect::TaskStore: return "expected [field, value, after_calls]";
  case Expect::FieldValue: return "expected [field, value]";
  case Expect::Case: return "expected [low, high] or null";
  case Expect::List:
  case Expect::StringList:
  case Expect::UnsignedList:
  case Expect::IntList: return "expected an array";
  default: return isObject(S.What) ? "expected an object" : "expected an integer";
  }
}

/// The SAX handler. Faults go to Fault; the parse itself stops only on
/// invalid JSON.
class FactsSax {
public:
  explicit FactsSax(TUFacts &TU) : Root(&TU) {}

  bool InvalidJson = false;
  std::string Fault;
  /// The version as the text gives it, even past a fault.
  std::optional<uint64_t> Version;

  bool null() { return scalar({Value::Null}); }
  bool boolean(bool B) { return scalar({Value::Bool, B}); }
  bool number_integer(json::number_integer_t N) { return scalar({Value::Int, false, N}); }
  bool number_unsigned(json::number_unsigned_t N) {
    return scalar({Value::Int, false, static_cast<int64_t>(N)});
  }
  bool number_float(json::number_float_t, const json::string_t &) {
    return scalar({Value::Other});
  }
  bool string(json::string_t &S) { return scalar({Value::String, false, 0, &S}); }
  bool binary(json::binary_t &) { return scalar({Value::Other}); }

  bool start_object(size_t) {
    if (SkipDepth > 0)
      return skipOpen();
    if (Stack.empty()) {
      push({Expect::Root, Root, ""});
      return true;
    }
    Slot S = next();
    if (Skipping || S.What == Expect::Skip)
      return skipOpen();
    if (!isObject(S.What))
      return failOpen(S);
    push(S);
    return true;
  }
  bool start_array(size_t) {
    if (SkipDepth > 0)
      return skipOpen();
    if (Stack.empty()) {
      fail("lockcheck_facts_version", "expected an object");
      return skipOpen();
    }
    Slot S = next();
    if (Skipping || S.What == Expect::Skip)
      return skipOpen();
    if (!isArray(S.What))
      return failOpen(S);
    push(S);
    return true;
  }
  bool key(json::string_t &K) {
    if (SkipDepth > 0)
      return true;
    Frame &F = Stack.back();
    if (Skipping) {
      // Even past a fault the version is wanted: it takes precedence.
      VersionNext = Stack.size() == 1 && K == RootKeys[0].Name;
      return true;
    }
    F.Pending = {};
    llvm::ArrayRef<KeyInfo> Keys = keysOf(F.S.What);
    llvm::StringRef Name = K;
    for (size_t I = 0; I < Keys.size(); ++I)
      if (Name == Keys[I].Name) {
        F.Seen |= 1u << I;
        F.Pending = slotOf(F.S.What, F.S.Target, I);
        break;
      }
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(size_t, const std::string &, const nlohmann::detail::exception &) {
    InvalidJson = true;
    return false;
  }

private:
  struct Value {
    enum Kind { Null, Bool, Int, String, Other } K;
    bool B = false;
    int64_t I = 0;
    json::string_t *S = nullptr;
  };

  /// The slot the next value fills: the pending key's in an object, the
  /// element's in an array.
  Slot next() {
    Frame &F = Stack.back();
    if (isObject(F.S.What))
      return F.Pending;
    size_t I = F.Index++;
    switch (F.S.What) {
    case Expect::List: {
      void *T = nullptr;
      switch (F.S.Element) {
      case Expect::Function: T = appended<FunctionFact>(F.S.Target); break;
      case Expect::Call: T = appended<CallFact>(F.S.Target); break;
      case Expect::Arg: T = appended<ArgFact>(F.S.Target); break;
      case Expect::Block: T = appended<BlockFact>(F.S.Target); break;
      case Expect::OpsStore: T = appended<OpsStoreFact>(F.S.Target); break;
      case Expect::Step: T = appended<FieldStep>(F.S.Target); break;
      case Expect::Assign: T = appended<AssignFact>(F.S.Target); break;
      case Expect::TaskStore: T = appended<TaskStoreFact>(F.S.Target); break;
      case Expect::FieldValue:
        T = appended<std::pair<std::string, int64_t>>(F.S.Target);
        break;
      case Expect::Case: T = appended<CaseFact>(F.S.Target); break;
      default: llvm_unreachable("a list of something else");
      }
      return {F.S.Element, T, F.S.Key};
    }
    case Expect::StringList:
      return {Expect::String, appended<std::string>(F.S.Target), F.S.Key};
    case Expect::UnsignedList:
      return {Expect::Unsigned, appended<unsigned>(F.S.Target), F.S.Key};
    case Expect::IntList:
      return {Expect::Int, appended<int>(F.S.Target), F.S.Key};
    case Expect::Loc: {
      auto &L = *static_cast<SourceLoc *>(F.S.Target);
      uint32_t *Field[] = {&L.File, &L.Line, &L.Column};
      return I < 3 ? Slot{Expect::UInt32, Field[I], F.S.Key} : tooLong(F);
    }
    case Expect::Step: {
      auto &S = *static_cast<FieldStep *>(F.S.Target);
      std::string *Field[] = {&S.Record, &S.Field, &S.FieldType};
      if (I < 3)
        return {Expect::String, Field[I], F.S.Key};
      if (I > 3)
        return tooLong(F);
      S.Subscripted = true;
      return {Expect::OptInt64, &S.Index, F.S.Key};
    }
    case Expect::Assign: {
      auto &A = *static_cast<AssignFact *>(F.S.Target);
      if (I == 0)
        return {Expect::String, &A.Var, F.S.Key};
      if (I == 1)
        return {Expect::OptInt64, &A.Value, F.S.Key};
      if (I == 2)
        return {Expect::Unsigned, &A.AfterCalls, F.S.Key};
      return I == 3 ? Slot{Expect::String, &A.From, F.S.Key} : tooLong(F);
    }
    case Expect::TaskStore: {
      auto &S = *static_cast<TaskStoreFact *>(F.S.Target);
      if (I == 0)
        return {Expect::String, &S.Field, F.S.Key};
      if (I == 1)
        return {Expect::OptInt64, &S.Value, F.S.Key};
      return I == 2 ? Slot{Expect::Unsigned, &S.AfterCalls, F.S.Key} : tooLong(F);
    }
    case Expect::FieldValue: {
      auto &V = *static_cast<std::pair<std::string, int64_t> *>(F.S.Target);
      if (I == 0)
        return {Expect::String, &V.first, F.S.Key};
      return I == 1 ? Slot{Expect::Int64, &V.second, F.S.Key} : tooLong(F);
    }
    case Expect::Case: {
      auto &C = *static_cast<CaseFact *>(F.S.Target);
      int64_t *Field[] = {&C.Low, &C.High};
      return I < 2 ? Slot{Expect::Int64, Field[I], F.S.Key} : tooLong(F);
    }
    default:
      llvm_unreachable("every open container fills something");
    }
  }

  Slot tooLong(const Frame &F) {
    fail(F.S.Key, expected(F.S));
    return {};
  }

  static bool tupleComplete(const Frame &F) {
    switch (F.S.What) {
    case Expect::Loc: return F.Index == 3;
    case Expect::Step: return F.Index == 3 || F.Index == 4;
    case Expect::Assign: return F.Index >= 1 && F.Index <= 4;
    case Expect::TaskStore: return F.Index == 3;
    default: return F.Index == 2;
    }
  }

  bool scalar(const Value &V) {
    if (SkipDepth > 0)
      return true;
    if (Stack.empty())
      return fail("lockcheck_facts_version", "expected an object");
    if (Skipping) {
      if (VersionNext && V.K == Value::Int)
        Version = static_cast<uint64_t>(V.I);
      VersionNext = false;
      return true;
    }
    Slot S = next();
    if (S.What == Expect::Skip)
      return true;
    if (S.Target == &Root->Version && V.K == Value::Int)
      Version = static_cast<uint64_t>(V.I);
    switch (S.What) {
    case Expect::String:
      if (V.K != Value::String)
        return fail(S.Key, expected(S));
      *static_cast<std::string *>(S.Target) = std::move(*V.S);
      return true;
    case Expect::Bool:
      if (V.K != Value::Bool)
        return fail(S.Key, expected(S));
      *static_cast<bool *>(S.Target) = V.B;
      return true;
    case Expect::Case:
      if (V.K != Value::Null)
        return fail(S.Key, expected(S));
      static_cast<CaseFact *>(S.Target)->IsDefault = true;
      return true;
    case Expect::OptInt64:
      if (V.K == Value::Null)
        return true;
      break;
    default:
      break;
    }
    if (V.K != Value::Int || isObject(S.What) || isArray(S.What))
      return fail(S.Key, expected(S));
    switch (S.What) {
    case Expect::Int: *static_cast<int *>(S.Target) = static_cast<int>(V.I); break;
    case Expect::Unsigned: *static_cast<unsigned *>(S.Target) = static_cast<unsigned>(V.I); break;
    case Expect::UInt32: *static_cast<uint32_t *>(S.Target) = static_cast<uint32_t>(V.I); break;
    case Expect::Int64: *static_cast<int64_t *>(S.Target) = V.I; break;
    case Expect::OptInt64:
    case Expect::PresentInt: *static_cast<std::optional<int64_t> *>(S.Target) = V.I; break;
    case Expect::Enum:
      if (V.I < 0 || V.I > S.Max)
        return fail(S.Key, "value out of range");
      S.SetEnum(S.Target, static_cast<int>(V.I));
      break;
    default: llvm_unreachable("every scalar slot is handled");
    }
    return true;
  }

  /// Closes the innermost container: a tuple has its length; an object its
  /// required keys and, for a function, indices that hold.
  bool close() {
    if (SkipDepth > 0) {
      --SkipDepth;
      return true;
    }
    Frame F = Stack.back();
    Stack.pop_back();
    if (Skipping)
      return true;
    if (isTuple(F.S.What)) {
      if (!tupleComplete(F))
        fail(F.S.Key, expected(F.S));
      return true;
    }
    llvm::ArrayRef<KeyInfo> Keys = keysOf(F.S.What);
    for (size_t I = 0; I < Keys.size(); ++I)
      if (Keys[I].Required && !(F.Seen & (1u << I)))
        return fail(Keys[I].Name.str(), "missing");
    // macro_args come with macro (CallKeys' last two).
    if (F.S.What == Expect::Call && (F.Seen & (1u << 9)) && !(F.Seen & (1u << 10)))
      return fail("macro_args", "missing");
    if (F.S.What == Expect::Function)
      if (auto Fault = functionFault(*static_cast<FunctionFact *>(F.S.Target)))
        return fail(Fault->first, Fault->second);
    return true;
  }

  /// Keeps the first fault, then reads no more, only parses on: invalid JSON
  /// and the version still take precedence.
  bool fail(const std::string &Key, const std::string &What) {
    if (Fault.empty())
      Fault = "'" + Key + "': " + What;
    Skipping = true;
    return true;
  }

  bool failOpen(const Slot &S) {
    fail(S.Key, expected(S));
    return skipOpen();
  }

  void push(const Slot &S) {
    Frame F;
    F.S = S;
    Stack.push_back(F);
  }

  bool skipOpen() {
    ++SkipDepth;
    return true;
  }

  TUFacts *Root;
  std::vector<Frame> Stack;
  /// Open containers whose contents are not read: an unknown key's value.
  unsigned SkipDepth = 0;
  /// Past the first fault: nothing more is read.
  bool Skipping = false;
  bool VersionNext = false;
};

} // namespace

llvm::Expected<TUFacts> readFactsJson(llvm::StringRef Text) {
  TUFacts TU;
  TU.Version = 0;
  FactsSax Sax(TU);
  json::sax_parse(Text.begin(), Text.end(), &Sax);
  if (Sax.InvalidJson)
    return llvm::createStringError("not valid JSON");
  if (Sax.Version && *Sax.Version != FactsFormatVersion)
    return llvm::createStringError("facts format version " + std::to_string(*Sax.Version) +
                                   ", expected " + std::to_string(FactsFormatVersion));
  std::string Fault = Sax.Fault;
  if (Fault.empty() && !locationsInRange(TU))
    Fault = "'loc': file index out of range";
  if (!Fault.empty())
    return llvm::createStringError("malformed facts: " + Fault);
  return TU;
}

} // namespace lockcheck::facts
