//===- frontend/FactsExtractor.h - Clang AST and CFG to per-TU facts -------===//
//
// The only layer that sees Clang. One pass over a parsed TU: each function with
// a body that the TU defines (static inline functions of headers included, when
// the TU references them) gets its CFG built once and reduced to the calls,
// branch conditions and returns that matter for locking; every function stored
// into a struct field becomes an ops-table store.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_FRONTEND_FACTSEXTRACTOR_H
#define LOCKCHECK_FRONTEND_FACTSEXTRACTOR_H

#include "facts/Facts.h"

#include <memory>

namespace clang {
class ASTConsumer;
class FrontendAction;
} // namespace clang

namespace lockcheck::frontend {

/// A FrontendAction that extracts the TU's facts into Out when the TU parsed
/// without errors. Out.MainFile names the main file.
std::unique_ptr<clang::FrontendAction> createExtractAction(facts::TUFacts &Out);

} // namespace lockcheck::frontend

#endif // LOCKCHECK_FRONTEND_FACTSEXTRACTOR_H
