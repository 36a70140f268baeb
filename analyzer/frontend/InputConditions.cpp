//===- frontend/InputConditions.cpp - Tests of what a caller chooses ------===//
//
// Branch conditions that no calling context decides but that only the
// function's inputs do: a pure predicate or expression of one parameter
// (`__vma_shareable_lock(vma)`, `S_ISREG(file_inode(file)->i_mode)`), or a
// comparison of two parameters (`p1 != p2`). The analysis keeps what a path
// found of them as of a parameter's field (ConditionFact::Kind::
// ParamPredicate, analysis/InputFacts.h), so that a lock helper whose caller
// chooses its lock effect is told from one that forgot an unlock.
//
//===----------------------------------------------------------------------===//
#include "frontend/FunctionExtractor.h"

#include <functional>

using namespace clang;

namespace lockcheck::frontend {

std::optional<facts::ConditionFact> FunctionExtractor::parametersEqual(const Expr *E,
                                                                     bool &Negated) {
  const auto *BO = dyn_cast<BinaryOperator>(E);
  if (!BO || (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE))
    return std::nullopt;
  auto ParamOf = [&](const Expr *Side) -> const ParmVarDecl * {
    const auto *Ref = dyn_cast<DeclRefExpr>(strip(Side));
    const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    return P && P->getDeclContext() == CurrentFunction && keepsArgument(P) ? P : nullptr;
  };
  const ParmVarDecl *A = ParamOf(BO->getLHS());
  const ParmVarDecl *B = ParamOf(BO->getRHS());
  if (!A || !B || A == B)
    return std::nullopt;
  if (A->getFunctionScopeIndex() > B->getFunctionScopeIndex())
    std::swap(A, B);
  facts::ConditionFact C;
  C.K = facts::ConditionFact::Kind::ParamPredicate;
  C.Param = static_cast<int>(A->getFunctionScopeIndex());
  C.Var = (A->getName() + " == " + B->getName()).str();
  C.Value = -1;
  if (BO->getOpcode() == BO_NE)
    Negated = !Negated;
  return C;
}

std::optional<facts::ConditionFact> FunctionExtractor::pureTestOfParameter(const Expr *E,
                                                                         bool &Negated) {
  Negated = false;
  E = strip(E);
  while (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_LNot)
      break;
    Negated = !Negated;
    E = strip(UO->getSubExpr());
  }
  if (std::optional<facts::ConditionFact> Same = parametersEqual(E, Negated))
    return Same;
  const ParmVarDecl *Param = nullptr;
  unsigned LocalDepth = 0;
  std::function<bool(const DeclRefExpr *)> Leaf = [&](const DeclRefExpr *Ref) {
    if (const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl())) {
      if (P->getDeclContext() != CurrentFunction || (Param && P != Param))
        return false;
      Param = P;
      return true;
    }
    // A local initialised with such a read and never assigned again.
    const auto *Local = dyn_cast<VarDecl>(Ref->getDecl());
    auto Init = Local ? SingleAssignmentLocals.find(Local) : SingleAssignmentLocals.end();
    if (Init == SingleAssignmentLocals.end() || Init->second != Local->getInit() ||
        LocalDepth >= 4)
      return false;
    ++LocalDepth;
    bool Pure = isPureExpr(Init->second, Ctx, 3, Leaf);
    --LocalDepth;
    return Pure;
  };
  if (!isPureExpr(E, Ctx, 3, Leaf) || !Param)
    return std::nullopt;
  facts::ConditionFact C;
  C.K = facts::ConditionFact::Kind::ParamPredicate;
  C.Param = static_cast<int>(Param->getFunctionScopeIndex());
  llvm::raw_string_ostream Text(C.Var);
  E->printPretty(Text, nullptr, Ctx.getPrintingPolicy());
  Text.flush();
  C.Value = -1;
  return C;
}

const ParmVarDecl *FunctionExtractor::parameterReadPath(const Expr *E, std::string &Path,
                                                        unsigned Depth) {
  E = strip(E);
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    const ParmVarDecl *P = Field ? parameterReadPath(ME->getBase(), Path, Depth) : nullptr;
    if (P && !Field->getName().empty())
      Path += (ME->isArrow() ? "->" : ".") + Field->getName().str();
    return P;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  if (!Ref)
    return nullptr;
  if (const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl())) {
    if (P->getDeclContext() != CurrentFunction)
      return nullptr;
    Path += '$';
    return P;
  }
  // `struct btrfs_root *root = inode->root;`, never assigned again, reads
  // what its initializer reads wherever it is used.
  const auto *Local = dyn_cast<VarDecl>(Ref->getDecl());
  auto Init = Local ? SingleAssignmentLocals.find(Local) : SingleAssignmentLocals.end();
  if (Init == SingleAssignmentLocals.end() || Init->second != Local->getInit() || Depth >= 4)
    return nullptr;
  return parameterReadPath(Init->second, Path, Depth + 1);
}

std::optional<facts::ConditionFact>
FunctionExtractor::predicateOfParameter(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !isPurePredicate(Callee, Ctx))
    return std::nullopt;
  const ParmVarDecl *Param = nullptr;
  std::string Key = Callee->getName().str() + "(";
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    if (I)
      Key += ',';
    const Expr *Arg = strip(Call->getArg(I));
    std::string Read;
    const ParmVarDecl *P = parameterReadPath(Arg, Read, 0);
    if (P && (!Param || P == Param)) {
      Param = P;
      Key += Read;
    } else if (std::optional<int64_t> V = integerConstant(Arg, Ctx)) {
      Key += std::to_string(*V);
    } else {
      return std::nullopt;
    }
  }
  if (!Param)
    return std::nullopt;
  facts::ConditionFact C;
  C.K = facts::ConditionFact::Kind::ParamPredicate;
  C.Param = static_cast<int>(Param->getFunctionScopeIndex());
  C.Var = Key + ")";
  C.Value = -1;
  return C;
}

} // namespace lockcheck::frontend
