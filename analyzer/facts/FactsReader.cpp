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
#include "facts/FactsJsonSlots.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <type_traits>

namespace lockcheck::facts {

namespace {

using json = nlohmann::json;
using namespace reader;

/// An open object or array.
struct Frame {
  Slot S;            // what it is (S.What) and fills (S.Target)
  size_t Index = 0;  // arrays: elements so far
  uint32_t Seen = 0; // objects: bit per known key that came
  Slot Pending;      // objects: the slot of the key just read
};

template <typename T> std::vector<T> &vectorOf(void *Vector) {
  return *static_cast<std::vector<T> *>(Vector);
}

/// Calls Visit with a null pointer to the element type of a list: the
/// scalar of a StringList, IntList..., or the object or tuple Element of an
/// Expect::List. The one place that maps the list kinds to C++ types, for
/// appending and for shrinking.
template <typename Fn> void visitElementType(Expect ListKind, Expect Element, Fn &&Visit) {
  switch (ListKind) {
  case Expect::StringList: return Visit(static_cast<std::string *>(nullptr));
  case Expect::UnsignedList: return Visit(static_cast<unsigned *>(nullptr));
  case Expect::IntList: return Visit(static_cast<int *>(nullptr));
  case Expect::Int64List: return Visit(static_cast<int64_t *>(nullptr));
  case Expect::List: break;
  default: llvm_unreachable("not a list");
  }
  switch (Element) {
  case Expect::Function: return Visit(static_cast<FunctionFact *>(nullptr));
  case Expect::Call: return Visit(static_cast<CallFact *>(nullptr));
  case Expect::Arg: return Visit(static_cast<ArgFact *>(nullptr));
  case Expect::Block: return Visit(static_cast<BlockFact *>(nullptr));
  case Expect::OpsStore: return Visit(static_cast<OpsStoreFact *>(nullptr));
  case Expect::Step: return Visit(static_cast<FieldStep *>(nullptr));
  case Expect::Assign: return Visit(static_cast<AssignFact *>(nullptr));
  case Expect::TaskStore: return Visit(static_cast<TaskStoreFact *>(nullptr));
  case Expect::FieldValue: return Visit(static_cast<FieldBits *>(nullptr));
  case Expect::FieldStore: return Visit(static_cast<FieldStoreFact *>(nullptr));
  case Expect::FieldWrite: return Visit(static_cast<FieldWriteFact *>(nullptr));
  case Expect::Case: return Visit(static_cast<CaseFact *>(nullptr));
  default: llvm_unreachable("a list of something else");
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
      VersionNext = Stack.size() == 1 && K == keysOf(Expect::Root)[0].Name;
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
    if (isList(F.S.What)) {
      void *T = nullptr;
      visitElementType(F.S.What, F.S.Element, [&](auto *Type) {
        T = &vectorOf<std::remove_pointer_t<decltype(Type)>>(F.S.Target).emplace_back();
      });
      return {elementOf(F.S), T, F.S.Key};
    }
    switch (F.S.What) {
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
        return {Expect::AssignValue, &A, F.S.Key};
      if (I == 2)
        return {Expect::Unsigned, &A.AfterCalls, F.S.Key};
      if (I == 3)
        return {Expect::String, &A.From, F.S.Key};
      if (I == 4)
        return {Expect::Path, &A.Pointer.emplace(), F.S.Key};
      return I == 5 ? Slot{Expect::Path, &A.Target.emplace(), F.S.Key} : tooLong(F);
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
      auto &V = *static_cast<FieldBits *>(F.S.Target);
      if (I == 0)
        return {Expect::String, &V.Field, F.S.Key};
      uint64_t *Mask[] = {&V.KnownOne, &V.KnownZero};
      return I < 3 ? Slot{Expect::UInt64, Mask[I - 1], F.S.Key} : tooLong(F);
    }
    case Expect::FieldStore: {
      auto &S = *static_cast<FieldStoreFact *>(F.S.Target);
      std::string *Names[] = {&S.Var, &S.Record, &S.Field};
      if (I < 3)
        return {Expect::String, Names[I], F.S.Key};
      if (I == 3)
        return {Expect::Enum, &S.Op, F.S.Key, Expect::Skip, LastFieldStoreOp,
                [](void *T, int V) {
                  *static_cast<FieldStoreOp *>(T) = static_cast<FieldStoreOp>(V);
                }};
      if (I == 4)
        return {Expect::UInt64, &S.Bits, F.S.Key};
      return I == 5 ? Slot{Expect::Unsigned, &S.AfterCalls, F.S.Key} : tooLong(F);
    }
    case Expect::FieldWrite: {
      auto &W = *static_cast<FieldWriteFact *>(F.S.Target);
      std::string *Names[] = {&W.Record, &W.Field};
      if (I < 2)
        return {Expect::String, Names[I], F.S.Key};
      uint64_t *Mask[] = {&W.MaySet, &W.MayClear};
      return I < 4 ? Slot{Expect::UInt64, Mask[I - 2], F.S.Key} : tooLong(F);
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

  static Expect elementOf(const Slot &List) {
    switch (List.What) {
    case Expect::StringList: return Expect::String;
    case Expect::UnsignedList: return Expect::Unsigned;
    case Expect::IntList: return Expect::Int;
    case Expect::Int64List: return Expect::Int64;
    default: return List.Element;
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
    case Expect::Assign: return F.Index >= 1 && F.Index <= 6;
    case Expect::TaskStore:
    case Expect::FieldValue: return F.Index == 3;
    case Expect::FieldStore: return F.Index == 6;
    case Expect::FieldWrite: return F.Index == 4;
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
      *static_cast<std::string *>(S.Target) = *V.S;
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
    case Expect::AssignValue: {
      auto &A = *static_cast<AssignFact *>(S.Target);
      if (V.K == Value::Int)
        A.Value = V.I;
      else if (V.K == Value::Bool && V.B)
        A.NonNull = true;
      else if (V.K != Value::Null)
        return fail(S.Key, expected(S));
      return true;
    }
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
    case Expect::UInt64: *static_cast<uint64_t *>(S.Target) = static_cast<uint64_t>(V.I); break;
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
    if (isList(F.S.What)) {
      // The lists grew by doubling and are kept for the whole analysis: a
      // third of their room would otherwise stay unused.
      visitElementType(F.S.What, F.S.Element, [&](auto *Type) {
        vectorOf<std::remove_pointer_t<decltype(Type)>>(F.S.Target).shrink_to_fit();
      });
      return true;
    }
    if (isTuple(F.S.What)) {
      if (!tupleComplete(F))
        fail(F.S.Key, expected(F.S));
      else if (F.S.What == Expect::FieldValue)
        if (const auto &V = *static_cast<const FieldBits *>(F.S.Target); V.KnownOne & V.KnownZero)
          fail(F.S.Key, "a bit both known one and known zero");
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
