//===- frontend/BranchConditions.cpp - Branches, switches and returns -----===//
//
// What a block's branch tests, normalised to what a calling context can
// decide (a parameter, a field of one, the current task, a flag local, a
// call's result), and what a return statement returns (FunctionExtractor.h).
//
//===----------------------------------------------------------------------===//
#include "frontend/FunctionExtractor.h"

#include <cstdint>

using namespace clang;

namespace lockcheck::frontend {

const VarDecl *FunctionExtractor::variableNamed(StringRef Name, SourceLocation At) {
  for (const ParmVarDecl *P : CurrentFunction->parameters())
    if (P->getName() == Name)
      return P;
  // Locals of every block scope belong to the function in C: the last one
  // declared before the argument (block scopes are not told apart).
  const VarDecl *Local = nullptr;
  for (const Decl *D : CurrentFunction->decls())
    if (const auto *VD = dyn_cast<VarDecl>(D))
      if (VD->getName() == Name && SM.isBeforeInTranslationUnit(VD->getLocation(), At))
        Local = VD;
  if (Local)
    return Local;
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name)))
    if (const auto *VD = dyn_cast<VarDecl>(D))
      return VD;
  return nullptr;
}

facts::ConditionFact FunctionExtractor::condition(const Expr *E, bool &Negated) {
  facts::ConditionFact C;
  Negated = false;
  for (;;) {
    E = strip(E);
    if (!E)
      return C;
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = UO->getSubExpr();
      continue;
    }
    // `spin_trylock_irqsave(lock, flags)` is `({ local_irq_save(flags);
    // raw_spin_trylock(lock) ? 1 : ({ local_irq_restore(flags); 0; }); })`:
    // a statement expression has its last statement's value, and a choice
    // between a nonzero and a zero constant is its condition.
    if (const Expr *Value = statementExpressionValue(E)) {
      E = Value;
      continue;
    }
    if (const auto *Choice = dyn_cast<ConditionalOperator>(E)) {
      std::optional<int64_t> IfTrue = integerConstant(valueOf(Choice->getTrueExpr()), Ctx);
      std::optional<int64_t> IfFalse = integerConstant(valueOf(Choice->getFalseExpr()), Ctx);
      if (!IfTrue || !IfFalse || (*IfTrue != 0) == (*IfFalse != 0))
        return C;
      if (*IfTrue == 0)
        Negated = !Negated;
      E = Choice->getCond();
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (std::optional<facts::ConditionFact> Ordering = paramOrdering(BO))
        return *Ordering;
      const Expr *L = strip(BO->getLHS());
      std::optional<int64_t> RV = integerConstant(BO->getRHS(), Ctx);
      bool RConst = RV.has_value();
      int64_t RValue = RV.value_or(0);
      // The operands have the comparison's type: `size > 0` of an unsigned
      // size (or of anything compared with `0u`) is `size != 0`.
      bool UnsignedPositive = BO->getOpcode() == BO_GT &&
                              BO->getLHS()->getType()->isUnsignedIntegerType();
      if (RConst && RValue == 0 &&
          (BO->getOpcode() == BO_NE || BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_LT ||
           UnsignedPositive)) {
        // `x != 0` is x; `x == 0` is !x; `err < 0` is "err is an error code".
        if (BO->getOpcode() == BO_EQ)
          Negated = !Negated;
        E = L;
        continue;
      }
      if (RConst && (BO->getOpcode() == BO_And || BO->getOpcode() == BO_EQ ||
                     BO->getOpcode() == BO_NE)) {
        if (BO->getOpcode() == BO_NE)
          Negated = !Negated;
        bool Mask = BO->getOpcode() == BO_And;
        if (const FieldDecl *Field = currentTaskField(L)) {
          C.K = Mask ? facts::ConditionFact::Kind::TaskMask
                     : facts::ConditionFact::Kind::TaskEquals;
          C.Var = Field->getName().str();
          C.Value = RValue;
          return C;
        }
        if (ParamField Read = parameterField(L); Read.Param) {
          C.K = Mask ? facts::ConditionFact::Kind::ParamFieldMask
                     : facts::ConditionFact::Kind::ParamFieldEquals;
          C.Param = static_cast<int>(Read.Param->getFunctionScopeIndex());
          C.Var = std::move(Read.Field);
          C.Value = RValue;
          return C;
        }
        if (const auto *Call = dyn_cast<CallExpr>(L); Call && !Mask)
          if (std::optional<facts::ConditionFact> Inlined =
                  inlinedPredicate(Call, RValue, Negated))
            return *Inlined;
        if (const auto *DRE = dyn_cast<DeclRefExpr>(L)) {
          if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
            C.K = Mask ? facts::ConditionFact::Kind::ParamMask
                       : facts::ConditionFact::Kind::ParamEquals;
            C.Param = static_cast<int>(PVD->getFunctionScopeIndex());
            C.Value = RValue;
            return C;
          }
          // `if (ret == -ENOSPC) goto retry;` cannot be taken where an
          // earlier `if (ret)` found it zero.
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
              VD && VD->isLocalVarDecl() && !Mask && !AddressTaken.contains(VD)) {
            C.K = facts::ConditionFact::Kind::LocalEquals;
            C.Var = VD->getName().str();
            C.Value = RValue;
            // slub's `mode == M_PARTIAL` after `mode = M_PARTIAL` took the lock.
            C.VarTracked = Flags.contains(VD);
            return C;
          }
        }
      }
      return C;
    }
    break;
  }
  if (const FieldDecl *Field = currentTaskField(E)) {
    C.K = facts::ConditionFact::Kind::TaskMask;
    C.Var = Field->getName().str();
    C.Value = -1;
    return C;
  }
  if (ParamField Read = parameterField(E); Read.Param) {
    C.K = facts::ConditionFact::Kind::ParamFieldMask;
    C.Param = static_cast<int>(Read.Param->getFunctionScopeIndex());
    C.Var = std::move(Read.Field);
    C.Value = -1;
    return C;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    if (std::optional<facts::ConditionFact> Inlined =
            inlinedPredicate(CE, std::nullopt, Negated))
      return *Inlined;
    if (std::optional<facts::ConditionFact> Predicate = predicateOfParameter(CE))
      return *Predicate;
    auto It = CallIndex.find(CE);
    if (It != CallIndex.end()) {
      C.K = facts::ConditionFact::Kind::CallResult;
      C.Call = It->second;
    }
    return C;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
      C.K = facts::ConditionFact::Kind::ParamMask;
      C.Param = static_cast<int>(PVD->getFunctionScopeIndex());
      C.Value = -1;
    } else if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
               VD && VD->isLocalVarDecl()) {
      // `int write = flags & FUSE_DIO_WRITE; ... if (!write)` tests the
      // parameter the local was computed from.
      auto Init = SingleAssignmentLocals.find(VD);
      if (Init != SingleAssignmentLocals.end() && ConditionDepth < 4) {
        bool InnerNegated = false;
        ++ConditionDepth;
        facts::ConditionFact Inner = condition(Init->second, InnerNegated);
        --ConditionDepth;
        if (testsContext(Inner.K)) {
          Negated ^= InnerNegated;
          return Inner;
        }
      }
      C.K = facts::ConditionFact::Kind::LocalVar;
      C.Var = VD->getName().str();
      // Only flags (bools, and integers only ever set to constants) are
      // tracked: splitting paths on every `ret` and `err` would use up the
      // few states a block may keep.
      C.VarTracked = Flags.contains(VD);
    }
  }
  return C;
}

bool FunctionExtractor::testsContext(facts::ConditionFact::Kind K) {
  using Kind = facts::ConditionFact::Kind;
  return K == Kind::ParamMask || K == Kind::ParamEquals || K == Kind::ParamFieldMask ||
         K == Kind::ParamFieldEquals || K == Kind::TaskMask || K == Kind::TaskEquals ||
         K == Kind::ParamPredicate;
}

void FunctionExtractor::findParamChanges(const CFG &Graph) {
  ParamChangeReaches.clear();
  ParamFieldChangeReaches.clear();
  // What a statement changes: a parameter, or a field through one
  // (`pvmw->ptl = NULL`).
  auto Changed = [](const Stmt *St) -> ParamField {
    const Expr *Target = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(St); BO && BO->isAssignmentOp())
      Target = BO->getLHS();
    else if (const auto *UO = dyn_cast<UnaryOperator>(St); UO && UO->isIncrementDecrementOp())
      Target = UO->getSubExpr();
    if (!Target)
      return {};
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()))
      return {dyn_cast<ParmVarDecl>(DRE->getDecl()), {}};
    return parameterField(Target);
  };
  std::vector<const CFGBlock *> Work;
  for (const CFGBlock *B : Graph)
    for (const CFGElement &Elem : *B) {
      std::optional<CFGStmt> S = Elem.getAs<CFGStmt>();
      if (!S)
        continue;
      auto [P, Field] = Changed(S->getStmt());
      if (!P)
        continue;
      llvm::BitVector &Reach =
          !Field.empty()
              ? ParamFieldChangeReaches
                    .try_emplace({P, std::move(Field)}, llvm::BitVector(Graph.getNumBlockIDs()))
                    .first->second
              : ParamChangeReaches.try_emplace(P, llvm::BitVector(Graph.getNumBlockIDs()))
                    .first->second;
      if (Reach.test(B->getBlockID()))
        continue;
      Reach.set(B->getBlockID());
      Work.assign(1, B);
      while (!Work.empty()) {
        const CFGBlock *From = Work.back();
        Work.pop_back();
        for (const CFGBlock::AdjacentBlock &Succ : From->succs())
          if (const CFGBlock *To = Succ.getReachableBlock(); To && !Reach.test(To->getBlockID())) {
            Reach.set(To->getBlockID());
            Work.push_back(To);
          }
      }
    }
}

bool FunctionExtractor::keepsArgument(const ParmVarDecl *P) const {
  if (AddressTaken.contains(P))
    return false;
  auto It = ParamChangeReaches.find(P);
  return It == ParamChangeReaches.end() || !It->second.test(CurrentBlock);
}

bool FunctionExtractor::paramChangeReaches(const facts::ConditionFact &C) const {
  using Kind = facts::ConditionFact::Kind;
  if (C.K != Kind::ParamMask && C.K != Kind::ParamEquals && C.K != Kind::ParamFieldMask &&
      C.K != Kind::ParamFieldEquals && C.K != Kind::ParamPredicate)
    return false;
  if (C.Param < 0 || static_cast<unsigned>(C.Param) >= CurrentFunction->getNumParams())
    return true;
  const ParmVarDecl *P = CurrentFunction->getParamDecl(static_cast<unsigned>(C.Param));
  if (!keepsArgument(P))
    return true;
  if (C.K != Kind::ParamFieldMask && C.K != Kind::ParamFieldEquals &&
      C.K != Kind::ParamPredicate)
    return false;
  // A store to the field, or to a struct field holding it (`p->outer = x`
  // for `p->outer.inner`); a predicate may read any field.
  auto StoredInto = [&](llvm::StringRef Stored) {
    if (C.K == Kind::ParamPredicate)
      return true;
    llvm::StringRef Tested(C.Var);
    return Tested == Stored || (Tested.starts_with(Stored) && Tested[Stored.size()] == '.');
  };
  for (auto It = ParamFieldChangeReaches.lower_bound({P, std::string()});
       It != ParamFieldChangeReaches.end() && It->first.first == P; ++It)
    if (StoredInto(It->first.second) && It->second.test(CurrentBlock))
      return true;
  return false;
}

std::optional<facts::ConditionFact> FunctionExtractor::paramOrdering(const BinaryOperator *BO) {
  // Only the branch's own test: a local computed from one elsewhere would be
  // judged by this block's view of the parameter.
  if (!BO->isRelationalOp() || ConditionDepth > 0)
    return std::nullopt;
  BinaryOperatorKind Op = BO->getOpcode();
  const Expr *ParamSide = BO->getLHS();
  std::optional<int64_t> Bound = integerConstant(BO->getRHS(), Ctx);
  if (!Bound) {
    Bound = integerConstant(BO->getLHS(), Ctx);
    ParamSide = BO->getRHS();
    Op = BinaryOperator::reverseComparisonOp(Op);
  }
  // Both operands have the comparison's type once converted: an int
  // compared with a sizeof is an unsigned comparison, left alone.
  const auto *DRE = dyn_cast<DeclRefExpr>(ParamSide->IgnoreParenImpCasts());
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!Bound || !P || !P->getType()->isIntegerType() ||
      !ParamSide->getType()->isSignedIntegerType() || !keepsArgument(P))
    return std::nullopt;
  facts::ConditionFact C;
  C.Param = static_cast<int>(P->getFunctionScopeIndex());
  C.Value = *Bound;
  switch (Op) {
  case BO_GT:
    C.K = facts::ConditionFact::Kind::ParamGreater;
    return C;
  case BO_LT:
    C.K = facts::ConditionFact::Kind::ParamLess;
    return C;
  case BO_GE:
    if (*Bound == INT64_MIN)
      return std::nullopt;
    C.K = facts::ConditionFact::Kind::ParamGreater;
    C.Value = *Bound - 1;
    return C;
  case BO_LE:
    if (*Bound == INT64_MAX)
      return std::nullopt;
    C.K = facts::ConditionFact::Kind::ParamLess;
    C.Value = *Bound + 1;
    return C;
  default:
    return std::nullopt;
  }
}

std::optional<facts::ConditionFact>
FunctionExtractor::inlinedPredicate(const CallExpr *Call, std::optional<int64_t> ComparedTo,
                                    bool &Negated) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  const Expr *Result = Callee ? trivialAccessorResult(Callee) : nullptr;
  if (!Result || ConditionDepth >= 4)
    return std::nullopt;
  bool Flip = false;
  const Expr *Test = strip(Result);
  if (const auto *Choice = dyn_cast<ConditionalOperator>(Test)) {
    std::optional<int64_t> IfTrue = integerConstant(Choice->getTrueExpr(), Ctx);
    std::optional<int64_t> IfFalse = integerConstant(Choice->getFalseExpr(), Ctx);
    if (!IfTrue || !IfFalse || *IfTrue == *IfFalse)
      return std::nullopt;
    // The result is nonzero (or equal to ComparedTo) on one arm only.
    bool TrueArmMatches = ComparedTo ? *IfTrue == *ComparedTo : *IfTrue != 0;
    bool FalseArmMatches = ComparedTo ? *IfFalse == *ComparedTo : *IfFalse != 0;
    if (TrueArmMatches == FalseArmMatches)
      return std::nullopt;
    Flip = FalseArmMatches;
    Test = Choice->getCond();
  } else if (ComparedTo) {
    return std::nullopt;
  }
  bool InnerNegated = false;
  ++ConditionDepth;
  facts::ConditionFact Inner = condition(Test, InnerNegated);
  --ConditionDepth;
  if (!testsContext(Inner.K))
    return std::nullopt;
  if (Inner.Param >= 0) {
    if (static_cast<unsigned>(Inner.Param) >= Call->getNumArgs())
      return std::nullopt;
    const auto *Arg = dyn_cast<DeclRefExpr>(strip(Call->getArg(Inner.Param)));
    const auto *Param = Arg ? dyn_cast<ParmVarDecl>(Arg->getDecl()) : nullptr;
    if (!Param || Param->getDeclContext() != CurrentFunction)
      return std::nullopt;
    Inner.Param = static_cast<int>(Param->getFunctionScopeIndex());
  }
  Negated ^= Flip ^ InnerNegated;
  return Inner;
}

void FunctionExtractor::switchCases(const CFGBlock &B, const SwitchStmt *Switch,
                                    facts::BlockFact &BF) {
  // `switch (flags & (IOMAP_WRITE | IOMAP_ZERO))` selects on the masked bits.
  const Expr *Selector = strip(Switch->getCond());
  int64_t Mask = 0;
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(Selector);
      BO && BO->getOpcode() == BO_And)
    if (std::optional<int64_t> M = integerConstant(BO->getRHS(), Ctx); M && *M != 0) {
      Mask = *M;
      Selector = strip(BO->getLHS());
    }
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Selector);
  const auto *PVD = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!PVD)
    return;
  std::vector<facts::CaseFact> Cases;
  for (const CFGBlock::AdjacentBlock &Succ : B.succs()) {
    facts::CaseFact Case;
    const CFGBlock *Target = Succ.getReachableBlock();
    if (!Target)
      Target = Succ.getPossiblyUnreachableBlock();
    const auto *Label = Target ? dyn_cast_or_null<CaseStmt>(Target->getLabel()) : nullptr;
    if (!Label) {
      // The default label, or the block after a switch without one.
      Case.IsDefault = true;
    } else {
      std::optional<int64_t> Low = integerConstant(Label->getLHS(), Ctx);
      std::optional<int64_t> High =
          Label->getRHS() ? integerConstant(Label->getRHS(), Ctx) : Low;
      if (!Low || !High)
        return;
      Case.Low = *Low;
      Case.High = *High;
    }
    Cases.push_back(Case);
  }
  BF.Condition.K = facts::ConditionFact::Kind::ParamSwitch;
  BF.Condition.Param = static_cast<int>(PVD->getFunctionScopeIndex());
  BF.Condition.Value = Mask;
  BF.Cases = std::move(Cases);
}

facts::ReturnFact FunctionExtractor::returnFact(const ReturnStmt *RS) {
  facts::ReturnFact R;
  R.Loc = loc(RS->getReturnLoc());
  const Expr *V = RS->getRetValue();
  if (!V)
    return R;
  R.Pointer = CurrentFunction->getReturnType()->isPointerType();
  if (V->getType()->isPointerType())
    R.Path = accessPath(V);
  V = strip(V);
  R.K = facts::ReturnFact::Kind::Other;
  Expr::EvalResult EV;
  if (V->getType()->isIntegralOrEnumerationType() && !V->isValueDependent() &&
      V->EvaluateAsInt(EV, Ctx)) {
    R.K = EV.Val.getInt().isZero() ? facts::ReturnFact::Kind::Zero
                                   : facts::ReturnFact::Kind::NonZero;
    if (EV.Val.getInt().getSignificantBits() <= 64)
      R.Value = EV.Val.getInt().getExtValue();
  } else if (const auto *CE = dyn_cast<CallExpr>(V)) {
    auto It = CallIndex.find(CE);
    if (It != CallIndex.end()) {
      R.K = facts::ReturnFact::Kind::CallResult;
      R.Call = It->second;
    }
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(V)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->isLocalVarDecl()) {
      R.K = facts::ReturnFact::Kind::LocalVar;
      R.Var = VD->getName().str();
    }
  }
  return R;
}

} // namespace lockcheck::frontend
