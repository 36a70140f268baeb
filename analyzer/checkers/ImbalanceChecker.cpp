//===- checkers/ImbalanceChecker.cpp - Returns that disagree on locks -----===//
//
// Each return of a function is reduced, per lock, to what it leaves the lock
// as for the caller (ImbalanceChecker::Effect). Returns that disagree are an
// imbalance unless the value returned tells the caller which state it gets:
//
//   if (!mutex_trylock(&d->lock))   // trylock convention: nonzero = taken
//           return 0;
//   return 1;
//
//   err = mutex_lock_killable(...); // lock_killable convention: 0 = taken
//   if (err)
//           return err;
//   return 0;
//
// A return whose value the facts do not know (`return ret;`) may be either.
// Taken on nonzero returns only, by a blocking acquisition of the function's
// own, is not the trylock convention but the shape of an error return that
// forgot to unlock:
//
//   mutex_lock(&d->lock);
//   if (!d->ready)
//           return -EINVAL;         // still holding d->lock
//   mutex_unlock(&d->lock);
//   return 0;
//
// Nor are returns reached for different inputs: a helper whose parameters
// choose what it takes (`xfs_ilock(ip, lock_flags)`) returns with different
// held sets by contract (analysis/InputFacts.h).
//
//===----------------------------------------------------------------------===//
#include "checkers/ImbalanceChecker.h"
#include "checkers/HeldAcquisition.h"

#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/STLExtras.h"

#include <optional>

namespace lockcheck::checkers {

using analysis::ReturnValue;
using Effect = ImbalanceChecker::Effect;

/// What a return leaves Lock as. TakesFirst: the function takes Lock itself
/// before any release of it, so a release the analysis saw without the lock
/// held is its own lock lost from the held set where paths joined (taken on
/// one branch), or a second release: not its caller's lock. TakesFresh: it
/// takes Lock on some path that had not released it, which says the same of
/// a return that does not hold it; one that does may hold it again after
/// releasing its caller's (a relock helper: folio_lruvec_relock_irqsave()).
static Effect effectOn(const analysis::ReturnState &R, const analysis::LockRef &Lock,
                       bool TakesFirst, bool TakesFresh) {
  bool Held = llvm::any_of(R.Held, [&](const analysis::HeldLock &H) { return H.Lock == Lock; });
  // Without the lock, released means dropped on some path and not taken back:
  // paths that took their caller's lock back join those that never released
  // it without releasing anything (nfs4_match_client() waits without
  // nfs_client_lock on one branch only).
  bool Released = !TakesFirst && !(TakesFresh && !Held) &&
                  llvm::is_contained(Held ? R.Released : R.Dropped, Lock);
  if (Held && !Released)
    return Effect::Taken;
  if (Released && !Held)
    return Effect::Released;
  return Effect::Unchanged;
}

/// Whether the function itself takes Lock by an acquisition that waits (not a
/// trylock, nor a callee's).
static bool takesByWaiting(const analysis::FunctionExit &E, const analysis::LockRef &Lock) {
  return llvm::any_of(E.Frame.Acquires, [&](const analysis::AcquireSite &S) {
    return S.Lock == Lock && S.Blocking && S.SeenDepth == 0;
  });
}

/// Whether Returns, which leave Lock in different states (Effects, one per
/// return), say which by their value: every zero return one state, every
/// nonzero return another, returns of unknown value either of the two.
static bool toldByReturnValue(const analysis::FunctionExit &E,
                              llvm::ArrayRef<const analysis::ReturnState *> Returns,
                              llvm::ArrayRef<Effect> Effects, const analysis::LockRef &Lock) {
  if (!E.ReturnsValue)
    return false;
  std::optional<Effect> OnZero, OnNonZero;
  for (size_t I = 0; I < Effects.size(); ++I) {
    std::optional<Effect> *Side = Returns[I]->Value == ReturnValue::Zero      ? &OnZero
                                  : Returns[I]->Value == ReturnValue::NonZero ? &OnNonZero
                                                                              : nullptr;
    if (!Side)
      continue;
    if (*Side && **Side != Effects[I])
      return false; // two returns of one value disagree
    *Side = Effects[I];
  }
  // Without a single known value nothing ties a state to a value.
  if (!OnZero && !OnNonZero)
    return false;
  for (size_t I = 0; I < Effects.size(); ++I) {
    if (Returns[I]->Value != ReturnValue::Either || Effects[I] == OnZero ||
        Effects[I] == OnNonZero)
      continue;
    if (OnZero && OnNonZero)
      return false; // a third state
    (OnZero ? OnNonZero : OnZero) = Effects[I];
  }
  // Taken on nonzero returns: the trylock convention when what takes the lock
  // cannot wait, or is a callee that holds it only on some of its own returns
  // (whose convention this function passes on, and which is where it is
  // judged). A blocking acquisition of this function's own is an error return
  // that forgot to unlock when what it returns holding the lock may be an
  // error code; `return true;`, `return 1;` or a pointer (get_super()'s
  // super_block, with s_umount held) says the caller got the lock.
  if (OnNonZero == Effect::Taken) {
    bool MayBeError = false;
    for (size_t I = 0; I < Effects.size(); ++I)
      if (Effects[I] == Effect::Taken && Returns[I]->Value != ReturnValue::Zero)
        MayBeError |= Returns[I]->Constant ? *Returns[I]->Constant < 0 : !Returns[I]->Pointer;
    return !MayBeError || !takesByWaiting(E, Lock);
  }
  return true;
}

/// Whether Returns follow the trylock's convention for Lock: taken on nonzero
/// returns by an acquisition that cannot wait, untouched on the others. Of
/// the conventions a value can tell, only this one is trusted within returns
/// reached for inputs a caller cannot tell apart: an early `return -EINVAL;`
/// on a parameter must not excuse two error returns that disagree.
static bool trylockByValue(const analysis::FunctionExit &E,
                           llvm::ArrayRef<const analysis::ReturnState *> Returns,
                           llvm::ArrayRef<Effect> Effects, const analysis::LockRef &Lock) {
  for (size_t I = 0; I < Effects.size(); ++I)
    if (Effects[I] == Effect::Released ||
        (Effects[I] == Effect::Taken && Returns[I]->Value != ReturnValue::NonZero))
      return false;
  return toldByReturnValue(E, Returns, Effects, Lock) && !takesByWaiting(E, Lock);
}

/// Whether the returns kept apart by what their paths found of the inputs
/// (FunctionExit::SplitReturns) say the function's caller chose the lock's
/// state: every two that leave it different were reached for contradictory
/// inputs (`unlock_cluster(ci)`: `if (ci) spin_unlock(&ci->lock)`), or for
/// inputs a caller cannot tell apart but by the trylock's convention
/// (hugetlb_vma_trylock_write(vma): a trylock for each kind of mapping,
/// `return 1` without a lock for neither), and none joins paths
/// that disagree on it. A return that leaves the lock unchanged only by
/// releasing what the function took itself is the error return's shape
/// whatever decided it (`if (!d->ready) return -EINVAL;` under the lock):
/// such a return must not have touched the lock at all.
static bool decidedByInputs(const analysis::FunctionExit &E, const analysis::LockRef &Lock,
                            bool TakesFirst, bool TakesFresh) {
  if (E.SplitReturns.empty())
    return false;
  std::vector<Effect> Effects;
  for (const analysis::ReturnState &R : E.SplitReturns) {
    if (!TakesFirst && !TakesFresh && llvm::is_contained(R.DroppedOnSomePaths, Lock))
      return false;
    Effects.push_back(effectOn(R, Lock, TakesFirst, TakesFresh));
  }
  auto OwnRelease = [&](size_t I) {
    return Effects[I] == Effect::Unchanged && llvm::is_contained(E.SplitReturns[I].Taken, Lock);
  };
  // Returns reached for inputs that do not contradict, linked through one
  // another, are one group: a caller cannot choose between them.
  llvm::EquivalenceClasses<size_t> Groups;
  for (size_t I = 0; I < Effects.size(); ++I) {
    Groups.insert(I);
    for (size_t J = 0; J < I; ++J)
      if (!analysis::inputsContradict(E.SplitReturns[I].Inputs, E.SplitReturns[J].Inputs))
        Groups.unionSets(I, J);
  }
  for (size_t I = 0; I < Effects.size(); ++I)
    for (size_t J = I + 1; J < Effects.size(); ++J)
      if (Effects[I] != Effects[J] && !Groups.isEquivalent(I, J) &&
          (OwnRelease(I) || OwnRelease(J)))
        return false;
  for (auto Group = Groups.begin(); Group != Groups.end(); ++Group) {
    if (!Group->isLeader())
      continue;
    std::vector<const analysis::ReturnState *> Returns;
    std::vector<Effect> GroupEffects;
    for (auto Member = Groups.member_begin(Group); Member != Groups.member_end(); ++Member) {
      Returns.push_back(&E.SplitReturns[*Member]);
      GroupEffects.push_back(Effects[*Member]);
    }
    if (!llvm::all_equal(GroupEffects) && !trylockByValue(E, Returns, GroupEffects, Lock))
      return false;
  }
  return true;
}

/// The function's own definition, as a step: where imbalance warns, since the
/// facts do not locate its returns.
static analysis::PathStep functionStep(const analysis::PathRenderer &Paths, graph::FunctionId F) {
  analysis::WitnessStep Self;
  Self.K = analysis::WitnessStep::Kind::Entry;
  Self.Function = F;
  return Paths.renderStep(Self);
}

void ImbalanceChecker::onFunctionExit(const analysis::FunctionExit &E,
                                      const analysis::PathRenderer &Paths) {
  // A recursion cut leaves some callee's locks out of the returns' states:
  // comparing them would report what the cut hid.
  if (E.Frame.Approximate)
    return;
  // Every lock some return holds or released. Locks known only through a
  // parameter (inside a wrapper) are left to the wrapper's callers; atomic
  // regions are sleep-in-atomic's (a nested preempt_disable() ends at its
  // first preempt_enable() for a held set), and allocation scopes are handed
  // over in structs (jbd2's handle->saved_alloc_context).
  std::vector<const analysis::LockRef *> Locks;
  auto Add = [&](const analysis::LockRef &L) {
    if (L.isResolved() && L.Kind != spec::LockKind::Atomic && L.Kind != spec::LockKind::Scope &&
        llvm::none_of(Locks, [&](const analysis::LockRef *O) { return *O == L; }))
      Locks.push_back(&L);
  };
  for (const analysis::ReturnState &R : E.Returns) {
    for (const analysis::HeldLock &H : R.Held)
      Add(H.Lock);
    for (const analysis::LockRef &L : R.Released)
      Add(L);
  }
  if (Locks.empty())
    return;
  std::string Function = functionStep(Paths, E.Function).Function;

  for (const analysis::LockRef *Lock : Locks) {
    bool TakesFirst = llvm::any_of(E.Frame.Acquires, [&](const analysis::AcquireSite &S) {
      return S.Lock == *Lock && !S.ReleasedBefore && !S.MightOnly;
    });
    bool TakesFresh = E.Frame.takesFresh(*Lock);
    std::vector<Effect> Effects;
    for (const analysis::ReturnState &R : E.Returns)
      Effects.push_back(effectOn(R, *Lock, TakesFirst, TakesFresh));
    // Paths that joined before a return and disagree are the function's own
    // imbalance as much as returns that do: the one place where a
    // conditional release its callers pass on is reported.
    bool JoinedUnbalanced =
        !TakesFirst && !TakesFresh && llvm::any_of(E.Returns, [&](const analysis::ReturnState &R) {
          return llvm::is_contained(R.DroppedOnSomePaths, *Lock);
        });
    std::vector<const analysis::ReturnState *> Returns;
    for (const analysis::ReturnState &R : E.Returns)
      Returns.push_back(&R);
    if (!JoinedUnbalanced &&
        (llvm::all_equal(Effects) || toldByReturnValue(E, Returns, Effects, *Lock)))
      continue;
    if (decidedByInputs(E, *Lock, TakesFirst, TakesFresh))
      continue;
    const analysis::HeldLock *Taken = nullptr;
    for (const analysis::ReturnState &R : E.Returns)
      for (const analysis::HeldLock &H : R.Held)
        if (!Taken && H.Lock == *Lock)
          Taken = &H;
    std::string Name = Paths.lockName(*Lock);
    record(E, Name,
           "'" + Function + "' returns with '" + Name + "' held on some paths and not on others",
           Taken ? Taken->TakenAt : nullptr);
  }
}

void ImbalanceChecker::record(const analysis::FunctionExit &E, std::string Lock,
                              std::string Message, const analysis::WitnessNode *TakenAt) {
  if (Reported.insert({E.Function, Message}).second)
    Found.push_back({&E.Frame, E.Function, std::move(Lock), std::move(Message), TakenAt});
}

void ImbalanceChecker::finish(const analysis::PathRenderer &Paths) {
  for (const Pending &P : Found) {
    report::Finding F;
    F.Checker = "imbalance";
    F.Message = P.Message;
    F.Lock = P.Lock;
    analysis::PathStep At = functionStep(Paths, P.Function);
    F.Function = At.Function;
    F.File = At.File;
    F.Line = At.Line;
    F.Column = At.Column;
    std::vector<analysis::PathStep> Steps;
    Paths.renderEntryPath(P.Frame->EntryPath, Steps);
    if (P.TakenAt)
      Paths.renderChain(P.TakenAt, 0, "acquire", "'" + P.Lock + "' acquired here", Steps);
    for (const analysis::PathStep &S : Steps)
      F.Trace.push_back(toTraceStep(S));
    Sink.report(std::move(F));
  }
  Found.clear();
  Reported.clear();
}

} // namespace lockcheck::checkers
