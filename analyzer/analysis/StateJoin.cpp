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

void SummaryEngine::joinInto(State &Into, const State &From) {
  Into.Held = intersect(Into.Held, From.Held);
  // Lists the two states share are joined already: most paths that meet
  // released nothing since they parted. Lost on one way and released for
  // real on the other is released for real.
  if (!Into.Lost.sharesStorageWith(From.Lost)) {
    auto ReleasedForReal = [](const State &S, const LockRef &R) {
      return !S.Lost.contains(R) && S.Released.contains(R);
    };
    // The joined list is built only once it differs from Into's, which
    // otherwise stays shared with the states it came from. A lock dropped
    // from Into's list is never added back: From released it for real, so
    // does not list it as lost.
    LockList Lost;
    bool Changed = false;
    const size_t Room = Into.Lost.size() + From.Lost.size();
    auto Differ = [&](size_t Prefix) {
      Changed = true;
      for (size_t I = 0; I < Prefix; ++I)
        Lost.push_back(Into.Lost[I], Room - I);
    };
    for (size_t I = 0; I < Into.Lost.size(); ++I) {
      const bool Keep = !ReleasedForReal(From, Into.Lost[I]);
      if (!Keep && !Changed)
        Differ(I);
      else if (Keep && Changed)
        Lost.push_back(Into.Lost[I], Room);
    }
    for (const LockRef &R : From.Lost)
      if (!(Changed ? Lost : Into.Lost).contains(R) && !ReleasedForReal(Into, R)) {
        if (!Changed)
          Differ(Into.Lost.size());
        Lost.push_back(R, Room);
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
                           : From.Released.indexOf(R);
      if (J >= 64 || !(From.ReleasedOnAll >> J & 1))
        Into.ReleasedOnAll &= ~(uint64_t(1) << I);
    }
    Into.Released.appendMissing(From.Released);
  }
  if (!Into.Dropped.sharesStorageWith(From.Dropped))
    Into.Dropped.appendMissing(From.Dropped);
  llvm::erase_if(Into.Pending, [&](const PendingResult &P) {
    return llvm::none_of(From.Pending, [&](const PendingResult &O) { return O.Call == P.Call; });
  });
  for (PendingResult &P : Into.Pending)
    for (const PendingResult &O : From.Pending)
      if (O.Call == P.Call) {
        if (O.NonZero != P.NonZero)
          P.NonZero.reset();
        P.Forced = P.Forced && O.Forced && P.NonZero;
      }
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
  if (!Into.Taken.sharesStorageWith(From.Taken))
    Into.Taken.appendMissing(From.Taken);
}

} // namespace lockcheck::analysis
