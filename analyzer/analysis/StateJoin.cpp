//===- analysis/StateJoin.cpp - Two dataflow states where paths meet ------===//
//
// What a block's in-state says where several ways reach it: held locks only
// if every way holds them, released locks if any way released them (and
// released on all ways only if each did), and of the rest what every way
// agrees on.
//
//===----------------------------------------------------------------------===//
#include "analysis/HeldSet.h"
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"

#include <algorithm>

namespace lockcheck::analysis {

/// Whether List holds Lock, looking first at position Hint: states that
/// join mostly list the same locks in the same order, and the lists are long
/// (a release deep in the allocator passes up to every caller).
static bool containsNear(llvm::ArrayRef<LockRef> List, size_t Hint, const LockRef &Lock) {
  return (Hint < List.size() && List[Hint] == Lock) || llvm::is_contained(List, Lock);
}

void SummaryEngine::joinInto(State &Into, const State &From) {
  Into.Held = intersect(Into.Held, From.Held);
  // Lists the two states share are joined already: most paths that meet
  // released nothing since they parted. Lost on one way and released for
  // real on the other is released for real.
  if (!Into.Lost.sharesStorageWith(From.Lost)) {
    auto ReleasedForReal = [](const State &S, const LockRef &R, size_t Hint) {
      return !containsNear(S.Lost, Hint, R) && llvm::is_contained(S.Released, R);
    };
    std::vector<LockRef> Lost;
    Lost.reserve(Into.Lost.size() + From.Lost.size());
    for (size_t I = 0; I < Into.Lost.size(); ++I)
      if (!ReleasedForReal(From, Into.Lost[I], I))
        Lost.push_back(Into.Lost[I]);
    for (size_t I = 0; I < From.Lost.size(); ++I)
      if (!containsNear(Lost, I, From.Lost[I]) && !ReleasedForReal(Into, From.Lost[I], I))
        Lost.push_back(From.Lost[I]);
    // Unchanged, it stays shared with the states it came from.
    if (!llvm::equal(Lost, Into.Lost))
      Into.Lost = std::move(Lost);
  }
  if (Into.Released.sharesStorageWith(From.Released)) {
    Into.ReleasedOnAll &= From.ReleasedOnAll;
  } else {
    for (uint64_t Bits = Into.ReleasedOnAll; Bits; Bits &= Bits - 1) {
      const unsigned I = static_cast<unsigned>(llvm::countr_zero(Bits));
      const LockRef &R = Into.Released[I];
      const size_t J = I < From.Released.size() && From.Released[I] == R
                           ? I
                           : static_cast<size_t>(llvm::find(From.Released, R) -
                                                 From.Released.begin());
      if (J >= 64 || !(From.ReleasedOnAll >> J & 1))
        Into.ReleasedOnAll &= ~(uint64_t(1) << I);
    }
    for (size_t I = 0; I < From.Released.size(); ++I)
      if (!containsNear(Into.Released, I, From.Released[I]))
        Into.Released.push_back(From.Released[I]);
  }
  if (!Into.Dropped.sharesStorageWith(From.Dropped))
    for (size_t I = 0; I < From.Dropped.size(); ++I)
      if (!containsNear(Into.Dropped, I, From.Dropped[I]))
        Into.Dropped.push_back(From.Dropped[I]);
  llvm::erase_if(Into.Pending, [&](const PendingResult &P) {
    return llvm::none_of(From.Pending, [&](const PendingResult &O) { return O.Call == P.Call; });
  });
  for (PendingResult &P : Into.Pending)
    for (const PendingResult &O : From.Pending)
      if (O.Call == P.Call && O.NonZero != P.NonZero)
        P.NonZero.reset();
  llvm::erase_if(Into.Decided,
                 [&](const auto &D) { return !std::binary_search(From.Decided.begin(),
                                                                 From.Decided.end(), D); });
  llvm::erase_if(Into.Task, [&](const auto &V) { return !llvm::is_contained(From.Task, V); });
  llvm::erase_if(Into.ZeroTested, [&](const auto &D) {
    return !std::binary_search(From.ZeroTested.begin(), From.ZeroTested.end(), D);
  });
  llvm::erase_if(Into.Aliases,
                 [&](const LockAlias &A) { return !llvm::is_contained(From.Aliases, A); });
  if (!Into.Objects.empty())
    joinObjects(Into.Objects, From.Objects);
  joinInputs(Into.Inputs, From.Inputs);
  Into.AfterWarning &= From.AfterWarning;
  for (size_t I = 0; I < From.Taken.size(); ++I)
    if (!containsNear(Into.Taken, I, From.Taken[I]))
      Into.Taken.push_back(From.Taken[I]);
}

} // namespace lockcheck::analysis
