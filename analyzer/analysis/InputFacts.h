//===- analysis/InputFacts.h - What a path found of the function's inputs -===//
//
// A helper whose lock effect its caller chooses tests its inputs:
//
//   if (ci)                              // unlock_cluster(ci)
//           spin_unlock(&ci->lock);
//   if (lock_flags & XFS_ILOCK_EXCL)     // xfs_ilock(ip, lock_flags)
//           mrupdate_nested(&ip->i_lock, ...);
//
// The branches a path takes on a parameter (or on a field of one) that the
// calling context does not fix tell what the path knows of that input. Paths
// that know contradictory things are taken for different inputs: held sets
// that differ between them are the helper's contract, not a forgotten unlock,
// and a second test of the same input on a path is decided by the first
// (`if (flags & X) lock(); ... if (flags & X) unlock();`).
//
// Only tests the frontend found no change of the input to reach are used
// (facts::ConditionFact::ParamChanged unset): there the test sees the
// caller's value.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_ANALYSIS_INPUTFACTS_H
#define LOCKCHECK_ANALYSIS_INPUTFACTS_H

#include "facts/Facts.h"
#include "support/CopyOnWriteVector.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck::analysis {

/// What one path knows of one input: a parameter (Field empty) or a field of
/// one. Every value it allows has the bits One set and the bits Zero clear,
/// some bit of each of NonZeroMasks set (~0: the value is nonzero), and is
/// none of NotEqual.
struct InputFact {
  int Param = -1;
  std::string Field;
  uint64_t One = 0;
  uint64_t Zero = 0;
  llvm::SmallVector<uint64_t, 1> NonZeroMasks;
  llvm::SmallVector<int64_t, 1> NotEqual;
  /// A field a callee may have stored into since it was tested: it still
  /// tells which way the path went, but decides no later test.
  bool Stale = false;

  bool operator==(const InputFact &O) const {
    return Param == O.Param && Field == O.Field && One == O.One && Zero == O.Zero &&
           NonZeroMasks == O.NonZeroMasks && NotEqual == O.NotEqual && Stale == O.Stale;
  }
};

/// What a path knows of the inputs it tested, sorted by parameter and field.
using InputFacts = std::vector<InputFact>;
/// The same as a dataflow state keeps it: states are copied along every edge
/// and compared and joined where paths meet, while few edges test an input,
/// so copies share one list until a path learns something.
using SharedInputFacts = support::CopyOnWriteVector<InputFact>;

/// Whether C tests an input whose facts InputFacts can hold: a mask or
/// equality test of a parameter or a parameter's field that no change of it
/// reaches (ConditionFact::ParamChanged).
bool testsInput(const facts::ConditionFact &C);

/// What Known says of the test C (testsInput): true or false for every value
/// it allows, or nothing when it holds for some only.
std::optional<bool> inputTestHolds(llvm::ArrayRef<InputFact> Known,
                                   const facts::ConditionFact &C);

/// Adds to Known that the test C came out Holds; false when no value Known
/// allows does that (the branch cannot be taken on this path).
bool learnInput(InputFacts &Known, const facts::ConditionFact &C, bool Holds);

/// Joins the knowledge of two paths: what both imply (`flags & A` on one,
/// `flags & B` on the other: `flags & (A | B)` is nonzero on both).
void joinInputs(InputFacts &Into, llvm::ArrayRef<InputFact> From);
/// The same for shared lists: Into stays shared with the lists it shares
/// when the join changes nothing, which is most joins.
void joinInputs(SharedInputFacts &Into, const SharedInputFacts &From);

/// Marks what is known of Param's fields stale (a call it is passed to may
/// store into them).
void staleFields(InputFacts &Known, int Param);
/// The same for each parameter Call passes itself.
void staleFieldsPassed(InputFacts &Known, const facts::CallFact &Call);
void staleFieldsPassed(SharedInputFacts &Known, const facts::CallFact &Call);

/// Whether no input value satisfies both A and B: two paths that are taken
/// for different inputs.
bool inputsContradict(llvm::ArrayRef<InputFact> A, llvm::ArrayRef<InputFact> B);

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_INPUTFACTS_H
