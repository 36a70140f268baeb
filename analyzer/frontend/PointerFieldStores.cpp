//===- frontend/PointerFieldStores.cpp - Flags stored before a call -------===//
//
// A flag stored into an object through a pointer just before a call that
// receives the pointer: fuse_send_writepage() sets `args->force = true` and
// then calls fuse_simple_background(fm, args, GFP_ATOMIC), which allocates
// without fuse_get_req() (and its sleep) when `args->force` is set
// (fs/fuse/file.c:1753, dev.c:555-563 in 6.1). At each call, the integer
// fields of the argument's object that constant stores (`p->f = C`,
// `p->f |= C`, `p->f &= ~C`) left known on every path to it become the
// argument's FieldValues, as those of a local struct passed by address do.
// They are what the stores set, not combined with what the function's own
// caller passed. A field whose stores were forgotten is left out, and the
// analysis passes on what the caller passed for it, as it does for a
// parameter's fields that the function does not store to: callees are
// trusted not to change them (README, "Calling contexts").
//
// A must-dataflow over the CFG, per pointer variable (a parameter or a local
// whose address is never taken) and field. What kills a known field:
//   - another store to it that is not a constant one (`= x`, `+=`, `++`);
//   - a store to that field through any variable of the pointer's alias
//     class, or a store through a dereference or subscript in that class,
//     or a whole-struct store there (every field);
//   - a call (but a builtin that writes no memory, `__builtin_expect()`)
//     that receives, in any argument, an expression mentioning a
//     variable of the class (`g(p)`, `g(&p->lock)`, `g(q)` after `q = p`,
//     `g(wpa)` for `args = &wpa->ia.ap.args`): every known field, since the
//     callee may write them. Lock primitives are no exception here: which
//     calls are lock operations is decided after the facts;
//   - a new value of the pointer (assignment, initialisation in a loop):
//     what it pointed to is another object.
// The alias class of a pointer joins, flow-insensitively, every variable
// named on either side of an assignment or initialisation whose value is a
// pointer or a struct. A path that stores on one branch only knows nothing
// after the join. Calls that receive none of the class keep the fields: a
// callee that writes the object through a pointer it found elsewhere (a
// global list, another object's field) is not seen, as for local structs.
//
//===----------------------------------------------------------------------===//
#include "frontend/FunctionExtractor.h"

#include "llvm/ADT/EquivalenceClasses.h"

#include <algorithm>

using namespace clang;

namespace lockcheck::frontend {

namespace {

/// The variables an expression names.
class VarRefFinder : public RecursiveASTVisitor<VarRefFinder> {
public:
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *VD = dyn_cast<VarDecl>(E->getDecl()))
      Vars.insert(VD);
    return true;
  }
  llvm::SmallPtrSet<const VarDecl *, 4> Vars;
};

llvm::SmallPtrSet<const VarDecl *, 4> varsIn(const Expr *E) {
  VarRefFinder Finder;
  if (E)
    Finder.TraverseStmt(const_cast<Expr *>(E));
  return std::move(Finder.Vars);
}

/// A value that can carry a pointer to an object: assigning it makes aliases.
bool carriesObject(QualType T) {
  return T->isPointerType() || T->isRecordType() || T->isArrayType();
}

/// The alias classes of a body's variables, and the pointers worth following:
/// the base of some constant store `p->f = C`, `|= C`, `&= C`.
class AliasFinder : public RecursiveASTVisitor<AliasFinder> {
public:
  AliasFinder(const ASTContext &Ctx, const llvm::SmallPtrSetImpl<const Decl *> &AddressTaken)
      : Ctx(Ctx), AddressTaken(AddressTaken) {}

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!BO->isAssignmentOp())
      return true;
    if (carriesObject(BO->getType()))
      join(varsIn(BO->getLHS()), varsIn(BO->getRHS()));
    if (const VarDecl *V = storeBase(BO->getLHS()); V && integerConstant(BO->getRHS(), Ctx) &&
        (BO->getOpcode() == BO_Assign || BO->getOpcode() == BO_OrAssign ||
         BO->getOpcode() == BO_AndAssign))
      Tracked.insert(V);
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->getInit() && carriesObject(VD->getType())) {
      llvm::SmallPtrSet<const VarDecl *, 4> Declared;
      Declared.insert(VD);
      join(Declared, varsIn(VD->getInit()));
    }
    return true;
  }

  /// `p->f` with f an integer field: p, when it is a pointer variable that
  /// may be followed.
  const VarDecl *storeBase(const Expr *LHS) const {
    const auto *ME = dyn_cast<MemberExpr>(LHS->IgnoreParenImpCasts());
    if (!ME || !ME->isArrow())
      return nullptr;
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    const auto *DRE = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!FD || FD->getName().empty() || !FD->getType()->isIntegralOrEnumerationType() || !VD ||
        !VD->getType()->isPointerType() || VD->hasGlobalStorage() || AddressTaken.contains(VD))
      return nullptr;
    return VD;
  }

  llvm::EquivalenceClasses<const VarDecl *> Classes;
  llvm::SmallPtrSet<const VarDecl *, 4> Tracked;

private:
  void join(const llvm::SmallPtrSetImpl<const VarDecl *> &A,
            const llvm::SmallPtrSetImpl<const VarDecl *> &B) {
    const VarDecl *First = nullptr;
    for (const auto *Set : {&A, &B})
      for (const VarDecl *V : *Set) {
        Classes.insert(V);
        if (First)
          Classes.unionSets(First, V);
        else
          First = V;
      }
  }
  const ASTContext &Ctx;
  const llvm::SmallPtrSetImpl<const Decl *> &AddressTaken;
};

} // namespace

/// Where two ways meet: a field stays known only as what both know.
static void joinStores(PointerFieldState &Into, const PointerFieldState &From) {
  for (auto &[Key, Value] : Into) {
    auto Other = From.find(Key);
    if (Other == From.end() || !Other->second.Known || !Value.Known) {
      Value = {};
      continue;
    }
    Value.One &= Other->second.One;
    Value.Zero &= Other->second.Zero;
    Value.Known = (Value.One | Value.Zero) != 0;
  }
  // A field stored on the other way only is not known where they meet.
  for (const auto &Entry : From)
    Into.try_emplace(Entry.first);
}

/// Forgets everything about V's object: the pointer has a new value.
static void forgetObject(const VarDecl *V, PointerFieldState &State) {
  for (auto It = State.begin(); It != State.end();)
    It = It->first.first == V ? State.erase(It) : std::next(It);
}

void FunctionExtractor::forgetAliases(const llvm::SmallPtrSetImpl<const VarDecl *> &Named,
                                      PointerFieldState &State, const FieldDecl *Only,
                                      const VarDecl *Except) const {
  for (auto &[Key, Value] : State) {
    if (Key.first == Except || (Only && Key.second != Only))
      continue;
    const VarDecl *Class = AliasClass.lookup(Key.first);
    if (llvm::any_of(Named, [&](const VarDecl *N) { return AliasClass.lookup(N) == Class; }))
      Value = {};
  }
}

void FunctionExtractor::storeTransfer(const Stmt *St, PointerFieldState &State) {
  if (const auto *CE = dyn_cast<CallExpr>(St)) {
    CallStores[CE] = State;
    // `unlikely(!args->force)` is __builtin_expect(), which writes nothing.
    if (unsigned Builtin = CE->getBuiltinCallee();
        Builtin && (Ctx.BuiltinInfo.isConst(Builtin) || Ctx.BuiltinInfo.isPure(Builtin)))
      return;
    for (const Expr *Arg : CE->arguments())
      forgetAliases(varsIn(Arg), State, nullptr, nullptr);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); VD && TrackedPointers.contains(VD))
        forgetObject(VD, State);
    return;
  }
  const Expr *Target = nullptr;
  const BinaryOperator *Assignment = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(St); BO && BO->isAssignmentOp()) {
    Target = BO->getLHS()->IgnoreParenImpCasts();
    Assignment = BO;
  } else if (const auto *UO = dyn_cast<UnaryOperator>(St); UO && UO->isIncrementDecrementOp()) {
    Target = UO->getSubExpr()->IgnoreParenImpCasts();
  }
  if (!Target)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Target)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && TrackedPointers.contains(VD))
      forgetObject(VD, State);
    return;
  }
  llvm::SmallPtrSet<const VarDecl *, 4> Named = varsIn(Target);
  const auto *ME = dyn_cast<MemberExpr>(Target);
  const auto *Field = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!Field || Target->getType()->isRecordType()) {
    // `*q = x`, `p->a[i] = x`, `*p = *q`: any field of the object.
    forgetAliases(Named, State, nullptr, nullptr);
    return;
  }
  // `p->f = C`, `|= C`, `&= C` through a followed pointer.
  const auto *DRE = ME->isArrow() ? dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts())
                                  : nullptr;
  const auto *Base = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  std::optional<int64_t> C =
      Assignment ? integerConstant(Assignment->getRHS(), Ctx) : std::nullopt;
  bool Constant = Base && TrackedPointers.contains(Base) && C && !Field->getName().empty() &&
                  Field->getType()->isIntegralOrEnumerationType() &&
                  (Assignment->getOpcode() == BO_Assign || Assignment->getOpcode() == BO_OrAssign ||
                   Assignment->getOpcode() == BO_AndAssign);
  forgetAliases(Named, State, Field, Constant ? Base : nullptr);
  if (!Constant)
    return;
  PointerFieldStore &Value = State[{Base, Field}];
  uint64_t Bits = asFieldValue(*C, Field, Ctx);
  uint64_t One = Value.Known ? Value.One : 0, Zero = Value.Known ? Value.Zero : 0;
  switch (Assignment->getOpcode()) {
  case BO_OrAssign:
    One |= Bits;
    Zero &= ~Bits;
    break;
  case BO_AndAssign:
    One &= Bits;
    Zero |= ~Bits;
    break;
  default:
    One = Bits;
    Zero = ~Bits;
    break;
  }
  Value = {(One | Zero) != 0, One, Zero};
}

void FunctionExtractor::findPointerFieldStores(const FunctionDecl *FD, const CFG &Graph) {
  CallStores.clear();
  AliasFinder Finder(Ctx, AddressTaken);
  Finder.TraverseStmt(FD->getBody());
  TrackedPointers = std::move(Finder.Tracked);
  AliasClass.clear();
  if (TrackedPointers.empty())
    return;
  // Each variable of a class named by its class's leader.
  for (auto It = Finder.Classes.begin(); It != Finder.Classes.end(); ++It)
    if (It->isLeader())
      for (auto M = Finder.Classes.member_begin(It); M != Finder.Classes.member_end(); ++M)
        AliasClass[*M] = It->getData();
  for (const VarDecl *V : TrackedPointers)
    AliasClass.try_emplace(V, V);
  std::vector<std::optional<PointerFieldState>> In(Graph.getNumBlockIDs());
  In[Graph.getEntry().getBlockID()].emplace();
  // Clang numbers blocks backwards: in reverse order of ID, most blocks come
  // after those that flow into them. (Its graph traits would follow the null
  // successor of an edge it proved unreachable.)
  std::vector<const CFGBlock *> Order(Graph.begin(), Graph.end());
  std::sort(Order.begin(), Order.end(), [](const CFGBlock *A, const CFGBlock *B) {
    return A->getBlockID() > B->getBlockID();
  });
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *B : Order) {
      if (!In[B->getBlockID()])
        continue;
      PointerFieldState State = *In[B->getBlockID()];
      for (const CFGElement &Elem : *B)
        if (std::optional<CFGStmt> S = Elem.getAs<CFGStmt>())
          storeTransfer(S->getStmt(), State);
      for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
        const CFGBlock *To = Succ.getReachableBlock();
        if (!To)
          continue;
        std::optional<PointerFieldState> &Next = In[To->getBlockID()];
        if (!Next) {
          Next = State;
          Changed = true;
          continue;
        }
        PointerFieldState Joined = *Next;
        joinStores(Joined, State);
        if (Joined != *Next) {
          Next = std::move(Joined);
          Changed = true;
        }
      }
    }
  }
}

void FunctionExtractor::addStoredFields(const CallExpr *CE, const Expr *Arg, facts::ArgFact &A) {
  const auto *DRE = dyn_cast<DeclRefExpr>(strip(Arg));
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || !TrackedPointers.contains(V))
    return;
  auto It = CallStores.find(CE);
  if (It == CallStores.end())
    return;
  size_t First = A.FieldValues.size();
  for (const auto &[Key, Value] : It->second)
    if (Key.first == V && Value.Known)
      A.FieldValues.push_back({Key.second->getName().str(), Value.One, Value.Zero});
  std::sort(A.FieldValues.begin() + First, A.FieldValues.end(),
            [](const facts::FieldBits &L, const facts::FieldBits &R) { return L.Field < R.Field; });
}

} // namespace lockcheck::frontend
