//===- facts/FactsJson.h - Versioned JSON form of per-TU facts -------------===//
#ifndef LOCKCHECK_FACTS_FACTSJSON_H
#define LOCKCHECK_FACTS_FACTSJSON_H

#include "facts/Facts.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <utility>

namespace lockcheck::facts {

/// The last value of each enum the facts store as a number: both readers
/// reject larger ones, so a new enumerator moves its enum's constant here.
constexpr int LastPathRoot = static_cast<int>(PathRoot::CallResult);
constexpr int LastCalleeKind = static_cast<int>(CalleeKind::LockdepAnnotation);
constexpr int LastFieldStoreOp = static_cast<int>(FieldStoreOp::Other);
constexpr int LastConditionKind = static_cast<int>(ConditionFact::Kind::ParamPredicate);
constexpr int LastReturnKind = static_cast<int>(ReturnFact::Kind::Other);

/// Serialises one TU's facts as compact JSON, tagged with FactsFormatVersion.
std::string writeFactsJson(const TUFacts &TU);

/// Parses facts written by writeFactsJson. Malformed input, a missing field or
/// another format version is an error naming the first offending field;
/// nothing half-read is returned.
llvm::Expected<TUFacts> readFactsJson(llvm::StringRef Text);


/// The checks both readers make once a function, or a TU, is read: what is
/// wrong with the function's block and call indices (the key and the fault),
/// and whether every location indexes the TU's file table.
std::optional<std::pair<const char *, std::string>> functionFault(const FunctionFact &F);
bool locationsInRange(const TUFacts &TU);

/// Reads a facts file; errors carry the file name.
llvm::Expected<TUFacts> readFactsFile(llvm::StringRef Path);

/// Writes a facts file atomically (temporary file, then rename).
llvm::Error writeFactsFile(llvm::StringRef Path, const TUFacts &TU);

} // namespace lockcheck::facts

#endif // LOCKCHECK_FACTS_FACTSJSON_H
