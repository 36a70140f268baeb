//===- facts/FactsJsonSlots.h - Where each value of facts JSON goes -------===//
//
// The facts reader's map of the format (FactsReader.cpp): for each object,
// its keys in order and which of them are required; for each key, or each
// position of an array, what its value must be and which field of our types
// it fills. Internal to the reader: other code reads facts with
// readFactsJson (facts/FactsJson.h).
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_FACTS_FACTSJSONSLOTS_H
#define LOCKCHECK_FACTS_FACTSJSONSLOTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>

namespace lockcheck::facts::reader {

/// What a value, or each element of an array, must be and where it goes.
enum class Expect : uint8_t {
  Skip, // an unknown key's value, and all inside it
  String,
  Bool,
  Int,        // int
  Unsigned,   // unsigned
  UInt32,     // uint32_t
  Int64,      // int64_t
  UInt64,     // uint64_t: a bit mask
  OptInt64,   // std::optional<int64_t>: an integer or null
  PresentInt, // ArgFact::IntValue: an integer, set when present
  AssignValue, // AssignFact's value: an integer, null, or true (NonNull)
  Enum,       // an enum stored as its number, checked against a maximum
  // Arrays whose every element has the same Expect.
  StringList,
  UnsignedList,
  IntList,
  Int64List,
  // Arrays read position by position.
  Loc,
  Step,
  Assign,
  TaskStore,
  FieldValue, // [field, known_one, known_zero] of ArgFact::FieldValues
  FieldStore, // [var, record, field, op, bits, after_calls]
  FieldWrite, // [record, field, may_set, may_clear]
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

/// The keys of each object, in the order their absence is reported (the
/// order the writer's fields are documented in), with the required ones.
struct KeyInfo {
  llvm::StringRef Name;
  bool Required;
};

/// The keys of an object of kind Object; none for anything else.
llvm::ArrayRef<KeyInfo> keysOf(Expect Object);

/// The slot of key number Index of keysOf(Object) in the object at Target.
Slot slotOf(Expect Object, void *Target, size_t Index);

inline bool isObject(Expect E) { return E >= Expect::Root && E <= Expect::OpsStore; }
inline bool isTuple(Expect E) { return E >= Expect::Loc && E <= Expect::Case; }
inline bool isList(Expect E) {
  return E == Expect::List || E == Expect::StringList || E == Expect::UnsignedList ||
         E == Expect::IntList || E == Expect::Int64List;
}
inline bool isArray(Expect E) { return isTuple(E) || isList(E); }

/// What a slot expects, as a fault says it.
const char *expected(const Slot &S);

} // namespace lockcheck::facts::reader

#endif // LOCKCHECK_FACTS_FACTSJSONSLOTS_H
