//===- analysis/StateJoin.cpp - Two dataflow states where paths meet ------===//
//
// What a block's in-state says where several ways reach it: held locks only
// if every way holds them, released locks if any way released them (and
// released on all ways only if each did), and of the rest what every way
// agrees on.
//
//===----------------------------------------------------------------------===//
#include "analysis/HeldSet.h"
#include "analysis/LockListFilter.h"
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"

#include <algorithm>

namespace lockcheck::analysis {

/// Whether List holds Lock, looking first at position Hint: states that
/// join mostly list the same locks in the same order, and the lists are long
/// (a release deep in the allocator passes up to every caller).
static inline bool containsNear(llvm::ArrayRef<LockRef> List, size_t Hint, const LockRef &Lock,
                                LockListFilter &Filter) {
  return (Hint < List.size() && List[Hint] == Lock) || Filter.contains(List, Lock);
}

void SummaryEngine::joinInto(State &Into, const State &From) {
  Into.Held = intersect(Into.Held, From.Held);
  LockListFilter IntoReleased;
  // Lists the two states share are joined already: most paths that meet
  // released nothing since they parted. Lost on one way and released for
  // real on the other is released for real.
  if (!Into.Lost.sharesStorageWith(From.Lost)) {
    LockListFilter IntoLost, FromLost, FromReleased, JoinedLost;
    auto ReleasedForReal = [](const State &S, LockListFilter &Lost, LockListFilter &Released,
                              const LockRef &R, size_t Hint) {
      return !containsNear(S.Lost, Hint, R, Lost) && Released.contains(S.Released, R);
    };
    // The joined list is built only once it differs from Into's, which
    // otherwise stays shared with the states it came from. A lock dropped
    // from Into's list is never added back: From released it for real, so
    // does not list it as lost.
    std::vector<LockRef> Lost;
    bool Changed = false;
    auto Differ = [&](size_t Prefix) {
      Changed = true;
      Lost.reserve(Into.Lost.size() + From.Lost.size());
      Lost.assign(Into.Lost.begin(), Into.Lost.begin() + Prefix);
    };
    for (size_t I = 0; I < Into.Lost.size(); ++I) {
      const bool Keep = !ReleasedForReal(From, FromLost, FromReleased, Into.Lost[I], I);
      if (!Keep && !Changed)
        Differ(I);
      else if (Keep && Changed)
        Lost.push_back(Into.Lost[I]);
    }
    for (size_t I = 0; I < From.Lost.size(); ++I) {
      llvm::ArrayRef<LockRef> SoFar = Changed ? llvm::ArrayRef<LockRef>(Lost) : Into.Lost;
      if (!containsNear(SoFar, I, From.Lost[I], JoinedLost) &&
          !ReleasedForReal(Into, IntoLost, IntoReleased, From.Lost[I], I)) {
        if (!Changed)
          Differ(Into.Lost.size());
        Lost.push_back(From.Lost[I]);
        JoinedLost.added(From.Lost[I]);
      }
    }
    if (Changed)
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
      if (!containsNear(Into.Released, I, From.Released[I], IntoReleased)) {
        Into.Released.push_back(From.Released[I]);
        IntoReleased.added(From.Released[I]);
      }
  }
  if (!Into.Dropped.sharesStorageWith(From.Dropped)) {
    LockListFilter IntoDropped;
    for (size_t I = 0; I < From.Dropped.size(); ++I)
      if (!containsNear(Into.Dropped, I, From.Dropped[I], IntoDropped)) {
        Into.Dropped.push_back(From.Dropped[I]);
        IntoDropped.added(From.Dropped[I]);
      }
  }
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
  LockListFilter IntoTaken;
  for (size_t I = 0; I < From.Taken.size(); ++I)
    if (!containsNear(Into.Taken, I, From.Taken[I], IntoTaken)) {
      Into.Taken.push_back(From.Taken[I]);
      IntoTaken.added(From.Taken[I]);
    }
}

} // namespace lockcheck::analysis
