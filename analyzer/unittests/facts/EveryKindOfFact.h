//===- unittests/facts/EveryKindOfFact.h - Facts with every field set -----===//
//
// The facts of one TU with every kind of fact and every optional field set,
// and field-by-field comparisons of two TUs' facts, for the reader's and the
// writer's tests.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_UNITTESTS_FACTS_EVERYKINDOFFACT_H
#define LOCKCHECK_UNITTESTS_FACTS_EVERYKINDOFFACT_H

#include "facts/Facts.h"

namespace lockcheck::facts::testing {

/// A TU with every kind of fact and every optional field set, each to a value
/// that differs from its default so a field the reader skips shows up.
TUFacts everyKindOfFact();

/// Expects A and B equal in every field, each compared on its own so that a
/// failure names it.
void expectSameTU(const TUFacts &A, const TUFacts &B);

} // namespace lockcheck::facts::testing

#endif // LOCKCHECK_UNITTESTS_FACTS_EVERYKINDOFFACT_H
