//===- facts/FactsJson.h - Versioned JSON form of per-TU facts -------------===//
#ifndef LOCKCHECK_FACTS_FACTSJSON_H
#define LOCKCHECK_FACTS_FACTSJSON_H

#include "facts/Facts.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace lockcheck::facts {

/// Serialises one TU's facts as compact JSON, tagged with FactsFormatVersion.
std::string writeFactsJson(const TUFacts &TU);

/// Parses facts written by writeFactsJson. Malformed input, a missing field or
/// another format version is an error naming the first offending field;
/// nothing half-read is returned.
llvm::Expected<TUFacts> readFactsJson(llvm::StringRef Text);

/// Reads a facts file; errors carry the file name.
llvm::Expected<TUFacts> readFactsFile(llvm::StringRef Path);

/// Writes a facts file atomically (temporary file, then rename).
llvm::Error writeFactsFile(llvm::StringRef Path, const TUFacts &TU);

} // namespace lockcheck::facts

#endif // LOCKCHECK_FACTS_FACTSJSON_H
