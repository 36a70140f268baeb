//===- analysis/LockAliases.cpp - Locks named by where their pointer went --===//
//
// pte_offset_map_lock(mm, pmd, addr, ptlp) computes `__ptl = pte_lockptr(mm,
// pmd)`, stores it as `*(ptlp) = __ptl` and takes `spin_lock(__ptl)`; its
// caller releases the lock through what ptlp pointed to: `pte_unmap_unlock(
// pte, ptl)` with `&ptl`, `pte_unmap_unlock(vmf->pte, vmf->ptl)` with
// `&vmf->ptl`, in the caller or in a callee it hands vmf to (do_wp_page()).
// The state keeps, for each such place, the lock its pointer points to
// (LockAlias), so a release or an assertion through the place is of that
// lock; a function that fills in a place outside itself (follow_pte()'s
// `*ptlp`) passes the alias on to its callers in its summary.
//
//===----------------------------------------------------------------------===//
#include "analysis/SummaryEngine.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

namespace lockcheck::analysis {

static void setAlias(SummaryEngine::State &St, const LockAlias &A) {
  llvm::erase_if(St.Aliases, [&](const LockAlias &Old) { return Old.names(A); });
  St.Aliases.push_back(A);
}

void SummaryEngine::applyPointerStore(const facts::AssignFact &A, State &St) const {
  LockAlias Place;
  if (!A.Var.empty()) {
    Place.Local = A.Var;
  } else if (A.Target) {
    Place.Name = Resolver.fromPath(*A.Target);
    if (!Place.Name.isKnown())
      return;
  } else {
    return;
  }
  // Whatever the place pointed to before, it points to the new value now.
  llvm::erase_if(St.Aliases, [&](const LockAlias &Old) { return Old.names(Place); });
  // Only a pointer to a lock itself: `*inodep = inode` names no lock.
  if (!A.Pointer || !Resolver.designatesLock(*A.Pointer))
    return;
  Place.Lock = Resolver.fromPath(*A.Pointer);
  if (Place.Lock.isKnown())
    St.Aliases.push_back(Place);
}

LockRef SummaryEngine::throughAlias(const State &St, const LockRef &Lock,
                                    const facts::AccessPath *Arg) const {
  if (St.Aliases.empty())
    return Lock;
  const LockAlias *Found = nullptr;
  if (Arg && (Arg->Root == facts::PathRoot::Local || Arg->Root == facts::PathRoot::CallResult) &&
      Arg->Steps.empty()) {
    // A local assigned once is named by its value: `ptl = pud_lock(mm,
    // pud)` makes `spin_unlock(ptl)` one of the call's result.
    const bool Returned = Arg->Root == facts::PathRoot::CallResult;
    auto It = llvm::find_if(St.Aliases, [&](const LockAlias &A) {
      return A.Returned == Returned && A.Local == Arg->Name;
    });
    Found = It == St.Aliases.end() ? nullptr : &*It;
  } else if (Lock.isKnown() &&
             llvm::none_of(St.Held, [&](const HeldLock &H) { return H.Lock == Lock; })) {
    // A lock held under the place's own name is that lock, whatever was
    // stored there since; and `vmf->ptl` of one fault is not another's.
    auto It = llvm::find_if(St.Aliases, [&](const LockAlias &A) {
      return A.Local.empty() && A.Name == Lock &&
             compareObjects(A.Name, Lock) != ObjectIdentity::Different;
    });
    Found = It == St.Aliases.end() ? nullptr : &*It;
  }
  if (!Found)
    return Lock;
  LockRef Out = Found->Lock;
  Out.Kind = Lock.Kind;
  return Out;
}

void SummaryEngine::applyCalleeAliases(const facts::CallFact &Call, const Summary &Callee,
                                       State &St) const {
  for (const LockAlias &Inner : Callee.AliasesAtExit) {
    LockAlias A;
    A.Lock = Resolver.compose(Inner.Lock, Call);
    if (!A.Lock.isKnown())
      continue;
    if (Inner.Returned) {
      if (Call.Kind != facts::CalleeKind::Direct)
        continue;
      A.Returned = true;
      A.Local = Call.Callee;
      setAlias(St, A);
      // `ptl = pmd_lock(mm, pmd)` more than once: the local itself.
      if (!Call.ResultVar.empty()) {
        A.Returned = false;
        A.Local = Call.ResultVar;
        setAlias(St, A);
      }
      continue;
    }
    // `*ptlp` given `&ptl`: the caller's local.
    if (!Inner.Name.isResolved() && Inner.Name.Steps.empty() &&
        static_cast<size_t>(Inner.Name.Param) < Call.Args.size())
      if (const std::optional<facts::AccessPath> &Arg = Call.Args[Inner.Name.Param].Path;
          Arg && Arg->Root == facts::PathRoot::Local && Arg->Steps.empty())
        A.Local = Arg->Name;
    if (A.Local.empty()) {
      A.Name = Resolver.compose(Inner.Name, Call);
      if (!A.Name.isKnown())
        continue;
    }
    setAlias(St, A);
  }
}

void SummaryEngine::releaseThroughAliases(const State &St, AcquireSite &Site) {
  if (St.Aliases.empty() || Site.ReleasedOnTheWay.empty())
    return;
  llvm::SmallVector<ClassId, 32> All;
  for (const LockAlias &A : St.Aliases)
    if (A.Local.empty() && A.Name.isResolved() && A.Lock.isResolved() &&
        std::binary_search(Site.ReleasedOnTheWay.begin(), Site.ReleasedOnTheWay.end(),
                           A.Name.Class) &&
        !std::binary_search(Site.ReleasedOnTheWay.begin(), Site.ReleasedOnTheWay.end(),
                            A.Lock.Class))
      All.push_back(A.Lock.Class);
  if (All.empty())
    return;
  // do_wp_page() drops do_swap_page()'s page table lock as `vmf->ptl` before
  // wp_pfn_shared() takes it again.
  if (Site.Lock.isResolved() && llvm::is_contained(All, Site.Lock.Class))
    Site.ReleasedBefore = true;
  All.append(Site.ReleasedOnTheWay.begin(), Site.ReleasedOnTheWay.end());
  Site.ReleasedOnTheWay = internReleased(All);
}

std::vector<LockAlias> SummaryEngine::aliasesAtExit(const Walk &W) const {
  std::vector<LockAlias> Out;
  if (W.ExitStates.empty())
    return Out;
  for (const LockAlias &A : W.ExitStates.front().Aliases)
    if (A.Local.empty() && llvm::all_of(llvm::ArrayRef(W.ExitStates).drop_front(),
                                        [&](const State &E) {
                                          return llvm::is_contained(E.Aliases, A);
                                        }))
      Out.push_back(A);
  // pud_lock(): `spin_lock(ptl); return ptl;` on every return. A lock
  // pointer returned unlocked (pte_lockptr(), spinlock_check()) is named by
  // the accessor's own body where it is trivial, and otherwise not taken.
  if (W.S.HeldAtExit.empty())
    return Out;
  LockAlias Returned;
  Returned.Returned = true;
  for (unsigned B : W.ExitBlocks) {
    const auto &Ret = W.Fact.Blocks[B].Return;
    if (!Ret || !Ret->Pointer || !Ret->Path || !Resolver.designatesLock(*Ret->Path))
      return Out;
    LockRef L = Resolver.fromPath(*Ret->Path);
    if (!L.isKnown() || (Returned.Lock.isKnown() && Returned.Lock != L))
      return Out;
    Returned.Lock = L;
  }
  if (llvm::any_of(W.S.HeldAtExit, [&](const HeldLock &H) { return H.Lock == Returned.Lock; }))
    Out.push_back(Returned);
  return Out;
}

} // namespace lockcheck::analysis
