//===- frontend/UsesAfterCalls.cpp - Objects a function uses after a call -===//
//
// `fsnotify_detach_mark(mark); mutex_unlock(...); fsnotify_free_mark(mark);`:
// the reference fsnotify_detach_mark() drops (the group list's) cannot be the
// mark's last, or fsnotify_free_mark() would use a freed mark. At each call,
// the arguments that point into the object of a pointer variable (the
// variable itself, or `&p->member`) whose object every path from the call to
// the return uses again are marked (facts::ArgFact::UsedAfter); the analysis
// takes a reference dropped to such an object for one that is not the last.
//
// A backward must-dataflow over the CFG, per pointer variable (a parameter or
// a local whose address is never taken) that some call's argument points
// into. A use is a dereference (`p->f`, `*p`, `p[i]`) or passing the object
// to a call; a store to the variable (assignment, `++`, a declaration in a
// loop) ends what it pointed to. Comparing the pointer or testing it is no
// use: a freed pointer may still be compared. A path that ends in a call that
// does not return (BUG()) needs nothing after, and neither does the way of a test of
// the variable that finds it NULL (`if (new_mark) fsnotify_put_mark(new_mark);`
// on an error path): the variable held an object at the call and has not
// changed since, so that way is not taken.
//
//===----------------------------------------------------------------------===//
#include "frontend/FunctionExtractor.h"

#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace lockcheck::frontend {

namespace {

/// The pointer variable whose object an argument points into: `p` itself,
/// or the address of a member of its object (`&p->f`, `&p->a.b`).
const VarDecl *objectVariable(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  auto PointerVar = [](const Expr *X) -> const VarDecl * {
    const auto *DRE = dyn_cast<DeclRefExpr>(X->IgnoreParenImpCasts());
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return VD && VD->getType()->isPointerType() ? VD : nullptr;
  };
  if (isa<DeclRefExpr>(E))
    return PointerVar(E);
  const auto *UO = dyn_cast<UnaryOperator>(E);
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return nullptr;
  const Expr *M = UO->getSubExpr()->IgnoreParens();
  while (const auto *ME = dyn_cast<MemberExpr>(M)) {
    if (ME->isArrow())
      return PointerVar(ME->getBase());
    M = ME->getBase()->IgnoreParens();
  }
  return nullptr;
}

const VarDecl *referencedVar(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

/// What one statement does to the tracked variables, in evaluation order.
struct Event {
  enum Kind { Use, Kill, Call } K;
  unsigned Var = 0;
  const CallExpr *CE = nullptr;
};

class EventCollector {
public:
  EventCollector(const llvm::DenseMap<const VarDecl *, unsigned> &Tracked,
                 const llvm::SmallPtrSetImpl<const Stmt *> &Elements)
      : Tracked(Tracked), Elements(Elements) {}

  /// The events of one CFG element, without those of its subexpressions that
  /// are elements of their own.
  void collect(const Stmt *S, bool Root, std::vector<Event> &Out) {
    if (!S || (!Root && Elements.contains(S)))
      return;
    for (const Stmt *Child : S->children())
      collect(Child, false, Out);
    auto Note = [&](Event::Kind K, const Expr *E) {
      if (const VarDecl *VD = E ? referencedVar(E) : nullptr)
        if (auto It = Tracked.find(VD); It != Tracked.end())
          Out.push_back({K, It->second, nullptr});
    };
    if (const auto *ME = dyn_cast<MemberExpr>(S)) {
      if (ME->isArrow())
        Note(Event::Use, ME->getBase());
    } else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(S)) {
      Note(Event::Use, ASE->getBase());
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      if (UO->getOpcode() == UO_Deref)
        Note(Event::Use, UO->getSubExpr());
      else if (UO->isIncrementDecrementOp())
        Note(Event::Kill, UO->getSubExpr());
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->isAssignmentOp())
        Note(Event::Kill, BO->getLHS());
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (auto It = Tracked.find(VD); It != Tracked.end())
            Out.push_back({Event::Kill, It->second, nullptr});
    } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
      // The call's own arguments are used at the call, not after it.
      for (const Expr *Arg : CE->arguments())
        if (const VarDecl *VD = objectVariable(Arg))
          if (auto It = Tracked.find(VD); It != Tracked.end())
            Out.push_back({Event::Use, It->second, nullptr});
      Out.push_back({Event::Call, 0, CE});
    }
  }

private:
  const llvm::DenseMap<const VarDecl *, unsigned> &Tracked;
  const llvm::SmallPtrSetImpl<const Stmt *> &Elements;
};

/// The tracked variable a two-way branch tests against NULL (`if (p)`,
/// `if (!p)`, `p == NULL`, through `unlikely()`), and the successor it takes
/// where the variable is NULL.
std::optional<std::pair<unsigned, unsigned>>
nullTest(const CFGBlock &B, const llvm::DenseMap<const VarDecl *, unsigned> &Tracked,
         const ASTContext &Ctx) {
  const auto *C = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!C || B.succ_size() != 2)
    return std::nullopt;
  bool NullTakesTrue = false;
  for (C = strip(C); const auto *UO = dyn_cast<UnaryOperator>(C);) {
    if (UO->getOpcode() != UO_LNot)
      break;
    NullTakesTrue = !NullTakesTrue;
    C = strip(UO->getSubExpr());
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(C);
      BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
    auto IsNull = [&](const Expr *E) {
      return E->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                      Expr::NPC_ValueDependentIsNotNull);
    };
    if (IsNull(BO->getRHS()))
      C = BO->getLHS();
    else if (IsNull(BO->getLHS()))
      C = BO->getRHS();
    else
      return std::nullopt;
    if (BO->getOpcode() == BO_EQ)
      NullTakesTrue = !NullTakesTrue;
  }
  const VarDecl *VD = referencedVar(C);
  auto It = VD ? Tracked.find(VD) : Tracked.end();
  if (It == Tracked.end())
    return std::nullopt;
  return std::make_pair(It->second, NullTakesTrue ? 0u : 1u);
}

} // namespace

void FunctionExtractor::findUsesAfterCalls(const CFG &Graph) {
  UsedAfterCall.clear();
  llvm::SmallPtrSet<const Stmt *, 32> Elements;
  llvm::DenseMap<const VarDecl *, unsigned> Tracked;
  for (const CFGBlock *B : Graph)
    for (const CFGElement &Elem : *B)
      if (std::optional<CFGStmt> S = Elem.getAs<CFGStmt>()) {
        Elements.insert(S->getStmt());
        if (const auto *CE = dyn_cast<CallExpr>(S->getStmt()))
          for (const Expr *Arg : CE->arguments())
            if (const VarDecl *VD = objectVariable(Arg))
              if ((VD->hasLocalStorage() || isa<ParmVarDecl>(VD)) && !AddressTaken.contains(VD))
                Tracked.try_emplace(VD, static_cast<unsigned>(Tracked.size()));
      }
  if (Tracked.empty())
    return;
  EventCollector Collector(Tracked, Elements);
  std::vector<std::vector<Event>> Events(Graph.getNumBlockIDs());
  for (const CFGBlock *B : Graph)
    for (const CFGElement &Elem : *B)
      if (std::optional<CFGStmt> S = Elem.getAs<CFGStmt>())
        Collector.collect(S->getStmt(), true, Events[B->getBlockID()]);

  const unsigned N = static_cast<unsigned>(Tracked.size());
  const llvm::BitVector All(N, true);
  // In[B]: the variables every path from B's start uses before changing.
  std::vector<llvm::BitVector> In(Graph.getNumBlockIDs(), All);
  std::vector<std::optional<std::pair<unsigned, unsigned>>> NullTests(Graph.getNumBlockIDs());
  for (const CFGBlock *B : Graph)
    NullTests[B->getBlockID()] = nullTest(*B, Tracked, Ctx);
  auto OutOf = [&](const CFGBlock &B) {
    if (&B == &Graph.getExit())
      return llvm::BitVector(N);
    llvm::BitVector Out = All;
    // Clang gives a block ending in a noreturn call the exit as successor.
    if (B.hasNoReturnElement())
      return Out;
    const std::optional<std::pair<unsigned, unsigned>> &Null = NullTests[B.getBlockID()];
    unsigned I = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B.succs()) {
      if (const CFGBlock *S = Succ.getReachableBlock()) {
        llvm::BitVector Way = In[S->getBlockID()];
        if (Null && Null->second == I)
          Way.set(Null->first);
        Out &= Way;
      }
      ++I;
    }
    return Out;
  };
  // Clang numbers blocks backwards: in order of ID, most blocks come before
  // those that flow into them, as a backward problem wants. (Its graph traits
  // would follow the null successor of an edge it proved unreachable.)
  std::vector<const CFGBlock *> Order(Graph.begin(), Graph.end());
  llvm::sort(Order, [](const CFGBlock *A, const CFGBlock *B) {
    return A->getBlockID() < B->getBlockID();
  });
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *Block : Order) {
      const CFGBlock &B = *Block;
      llvm::BitVector Set = OutOf(B);
      for (const Event &E : llvm::reverse(Events[B.getBlockID()]))
        if (E.K != Event::Call)
          Set[E.Var] = E.K == Event::Use;
      if (Set != In[B.getBlockID()]) {
        In[B.getBlockID()] = std::move(Set);
        Changed = true;
      }
    }
  }
  for (const CFGBlock *B : Order) {
    llvm::BitVector Set = OutOf(*B);
    for (const Event &E : llvm::reverse(Events[B->getBlockID()])) {
      if (E.K != Event::Call) {
        Set[E.Var] = E.K == Event::Use;
        continue;
      }
      for (const Expr *Arg : E.CE->arguments())
        if (const VarDecl *VD = objectVariable(Arg))
          if (auto T = Tracked.find(VD); T != Tracked.end() && Set[T->second])
            UsedAfterCall[E.CE].insert(VD);
    }
  }
}

void FunctionExtractor::addUsedAfter(const CallExpr *CE, const Expr *Arg,
                                     facts::ArgFact &A) const {
  auto It = UsedAfterCall.find(CE);
  if (It == UsedAfterCall.end())
    return;
  if (const VarDecl *VD = objectVariable(Arg))
    A.UsedAfter = It->second.contains(VD);
}

} // namespace lockcheck::frontend
