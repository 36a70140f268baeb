//===- frontend/FunctionExtractor.cpp - Calls, paths and macros to facts -===//
//
// A function body's calls, the macros they were written with, the lockdep
// annotations in it, its assignments, and the blocks of its CFG
// (FunctionExtractor.h); their arguments are read in AccessPaths.cpp.
//
//===----------------------------------------------------------------------===//
#include "frontend/FunctionExtractor.h"

#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace lockcheck::frontend {

facts::CallFact FunctionExtractor::callFact(const CallExpr *CE) {
  facts::CallFact C;
  C.Loc = loc(CE->getBeginLoc());
  C.CalleeText = text(CE->getCallee());
  if (const FunctionDecl *FD = CE->getDirectCallee()) {
    C.Kind = facts::CalleeKind::Direct;
    C.Callee = FD->getName().str();
  } else {
    const Expr *Callee = strip(CE->getCallee());
    if (const auto *UO = dyn_cast<UnaryOperator>(Callee); UO && UO->getOpcode() == UO_Deref)
      Callee = strip(UO->getSubExpr());
    if (const auto *ME = dyn_cast<MemberExpr>(Callee)) {
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
        C.Kind = facts::CalleeKind::Field;
        C.Record = declaringRecord(FD);
        C.Field = FD->getName().str();
      }
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee)) {
      if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
        C.Kind = facts::CalleeKind::Param;
        C.Param = static_cast<int>(PVD->getFunctionScopeIndex());
      }
    }
  }
  for (const Expr *Arg : CE->arguments()) {
    C.Args.push_back(argFact(Arg));
    addStoredFields(CE, Arg, C.Args.back());
    addUsedAfter(CE, Arg, C.Args.back());
  }
  recordMacro(CE, C);
  return C;
}

void FunctionExtractor::recordMacro(const CallExpr *CE, facts::CallFact &C) {
  SourceLocation L = CE->getCallee()->getBeginLoc();
  CharSourceRange R;
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    // A name passed as a macro argument is spelled where the argument is.
    while (L.isMacroID() && SM.isMacroArgExpansion(L))
      L = SM.getImmediateSpellingLoc(L);
    if (!L.isMacroID())
      return;
    CharSourceRange Expansion = SM.getImmediateExpansionRange(L);
    R = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(Expansion.getBegin(), Expansion.getEnd()), SM,
        Ctx.getLangOpts());
    if (R.isValid())
      break;
    L = Expansion.getBegin();
  }
  if (R.isInvalid())
    return;
  // A macro that defines the whole function (TRACE_EVENT(), PAGEFLAG())
  // says nothing about one call in it.
  SourceLocation Body = SM.getExpansionLoc(CurrentFunction->getBody()->getBeginLoc());
  if (SM.getFileID(Body) == SM.getFileID(R.getBegin()) &&
      SM.getFileOffset(R.getBegin()) <= SM.getFileOffset(Body))
    return;
  StringRef Text = Lexer::getSourceText(R, SM, Ctx.getLangOpts());
  size_t Open = Text.find('(');
  StringRef Name = Text.substr(0, Open).trim();
  StringRef Rest = Open == StringRef::npos ? StringRef() : Text.substr(Open + 1).rtrim();
  if (Name.empty() || Name == C.Callee || !Rest.consume_back(")") ||
      !llvm::all_of(Name, [](char Ch) { return isAsciiIdentifierContinue(Ch); }))
    return;
  C.Macro = Name.str();
  int Depth = 0;
  size_t Start = 0;
  for (size_t I = 0; I <= Rest.size(); ++I) {
    char Ch = I < Rest.size() ? Rest[I] : ',';
    if (Ch == '(' || Ch == '[' || Ch == '{')
      ++Depth;
    else if (Ch == ')' || Ch == ']' || Ch == '}')
      --Depth;
    else if (Ch == ',' && Depth == 0) {
      StringRef Arg = Rest.slice(Start, I).trim();
      if (!Arg.empty() || I < Rest.size())
        C.MacroArgs.push_back(macroArg(Arg));
      Start = I + 1;
    }
  }
}

facts::ArgFact FunctionExtractor::macroArg(StringRef Text) {
  facts::ArgFact A;
  A.Text = Text.str();
  uint64_t Value = 0;
  if (!Text.getAsInteger(0, Value)) {
    A.IntValue = static_cast<int64_t>(Value);
    return A;
  }
  if (Text.empty() || !llvm::all_of(Text, [](char Ch) { return isAsciiIdentifierContinue(Ch); }))
    return A;
  if (CurrentFunction)
    for (const ParmVarDecl *P : CurrentFunction->parameters())
      if (P->getName() == Text) {
        facts::AccessPath Path;
        Path.Root = facts::PathRoot::Param;
        Path.Param = static_cast<int>(P->getFunctionScopeIndex());
        Path.Name = P->getName().str();
        A.Path = Path;
        return A;
      }
  IdentifierInfo &II = Ctx.Idents.get(Text);
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&II))
    if (const auto *E = dyn_cast<EnumConstantDecl>(D)) {
      A.IntValue = E->getInitVal().getExtValue();
      return A;
    }
  if (PP)
    if (const MacroInfo *MI = PP->getMacroInfo(&II))
      if (MI->isObjectLike() && MI->getNumTokens() == 1 &&
          MI->getReplacementToken(0).is(tok::numeric_constant)) {
        StringRef Digits = PP->getSpelling(MI->getReplacementToken(0), Scratch);
        if (!Digits.rtrim("uUlL").getAsInteger(0, Value))
          A.IntValue = static_cast<int64_t>(Value);
      }
  return A;
}

int FunctionExtractor::annotationSiteOf(const Stmt *S) {
  for (size_t I = 0; I < FunctionSites.size(); ++I)
    if (Annotations->comesFrom(S->getBeginLoc(), *FunctionSites[I]))
      return static_cast<int>(I);
  return -1;
}

void FunctionExtractor::emitAnnotation(int Site, facts::FunctionFact &F, facts::BlockFact &BF) {
  if (SiteEmitted[Site])
    return;
  SiteEmitted[Site] = true;
  const LockdepAnnotationSite &S = *FunctionSites[Site];
  facts::CallFact C;
  C.Kind = facts::CalleeKind::LockdepAnnotation;
  C.Callee = S.Macro;
  C.CalleeText = S.Macro;
  C.Loc = loc(S.Name);
  for (size_t I = 0; I < S.Args.size(); ++I) {
    facts::ArgFact A;
    if (const Expr *E = SiteArguments[Site][I]) {
      A = argFact(E);
    } else {
      A = macroArg(S.Args[I].Text);
      if (!A.IntValue)
        if (std::optional<facts::AccessPath> P = pathFromTokens(S.Args[I].Tokens, S.FileBegin))
          A.Path = std::move(P);
    }
    // The text as written, whatever the expansion made of it.
    A.Text = S.Args[I].Text;
    C.Args.push_back(std::move(A));
  }
  if (isLockClassAnnotation(S.Macro) && !keysStoredPointerField(C))
    return;
  BF.Calls.push_back(F.Calls.size());
  F.Calls.push_back(std::move(C));
}

/// Whether S assigns something other than NULL to the field Record.Field.
static bool storesField(const Stmt *S, StringRef Record, StringRef Field, ASTContext &Ctx) {
  if (!S)
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->getOpcode() == BO_Assign)
    if (const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
          FD && FD->getName() == Field && declaringRecord(FD) == Record &&
          !BO->getRHS()->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        return true;
  return llvm::any_of(S->children(),
                      [&](const Stmt *Child) { return storesField(Child, Record, Field, Ctx); });
}

bool FunctionExtractor::keysStoredPointerField(const facts::CallFact &C) const {
  if (C.Args.size() < 2 || !C.Args[0].Path || !C.Args[1].Path || !CurrentFunction)
    return false;
  const facts::AccessPath &Key = *C.Args[1].Path;
  if (Key.Root != facts::PathRoot::Global || !Key.Steps.empty())
    return false;
  // The last step is the lock; its object is what the last pointer before it
  // points to.
  const std::vector<facts::FieldStep> &Steps = C.Args[0].Path->Steps;
  const facts::FieldStep *Via = nullptr;
  for (size_t I = 0; I + 1 < Steps.size(); ++I)
    if (StringRef(Steps[I].FieldType).ends_with("*"))
      Via = &Steps[I];
  return Via && storesField(CurrentFunction->getBody(), Via->Record, Via->Field, Ctx);
}

void FunctionExtractor::emitDeclarationAnnotation(const LockdepAnnotationSite &S, SourceLocation At,
                                                  facts::FunctionFact &F, facts::BlockFact &BF) {
  facts::CallFact C;
  C.Kind = facts::CalleeKind::LockdepAnnotation;
  C.Callee = S.Macro;
  C.CalleeText = S.Macro;
  C.Loc = loc(S.Name);
  for (const LockdepAnnotationSite::Argument &Arg : S.Args) {
    facts::ArgFact A = macroArg(Arg.Text);
    if (!A.IntValue)
      if (std::optional<facts::AccessPath> P = pathFromTokens(Arg.Tokens, At))
        A.Path = std::move(P);
    A.Text = Arg.Text;
    C.Args.push_back(std::move(A));
  }
  BF.Calls.push_back(F.Calls.size());
  F.Calls.push_back(std::move(C));
}

std::optional<facts::AccessPath>
FunctionExtractor::pathFromTokens(llvm::ArrayRef<ArgumentToken> Tokens, SourceLocation At) {
  std::optional<TokenPath> Named =
      resolveTokenPath(Tokens, Ctx, PP, [&](StringRef Name) { return variableNamed(Name, At); });
  if (!Named)
    return std::nullopt;
  std::optional<facts::AccessPath> Path;
  if (Named->Variable) {
    Path = variablePath(Named->Variable, 0);
  } else {
    Path.emplace();
    Path->Root = facts::PathRoot::CallResult;
    Path->Name = Named->Call->getName().str();
    Path->RootType = recordName(Named->Call->getReturnType());
  }
  for (const FieldDecl *Field : Named->Fields)
    addFieldStep(*Path, Field);
  return Path;
}

const VarDecl *FunctionExtractor::copiedLocal(const Expr *E) {
  E = strip(E);
  // `({ type *_ret; ...; _ret; })`: the value is the last statement's.
  if (isa<StmtExpr>(E)) {
    const Expr *Last = statementExpressionValue(E);
    if (!Last)
      return nullptr;
    E = strip(Last);
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->isLocalVarDecl() ? VD : nullptr;
}

facts::AssignFact FunctionExtractor::assignFact(const Decl *Var, const Expr *Value,
                                                const facts::BlockFact &BF) {
  facts::AssignFact A;
  A.Var = cast<NamedDecl>(Var)->getName().str();
  A.AfterCalls = static_cast<unsigned>(BF.Calls.size());
  if (!Value)
    return A;
  A.Value = integerConstant(Value, Ctx);
  A.NonNull = !A.Value && isNonNullAddress(Value, Ctx);
  // Only a tracked local's value can be known at the copy (`_ret`, NULL
  // where the trylock failed, is never branched on itself).
  if (const VarDecl *From = copiedLocal(Value); From && Flags.contains(From))
    A.From = From->getName().str();
  return A;
}

std::optional<facts::AssignFact> FunctionExtractor::storeThrough(const BinaryOperator *BO,
                                                                 const facts::BlockFact &BF) {
  const auto *Deref = dyn_cast<UnaryOperator>(strip(BO->getLHS()));
  if (!Deref || Deref->getOpcode() != UO_Deref)
    return std::nullopt;
  const Expr *Place = strip(Deref->getSubExpr());
  std::optional<facts::AssignFact> A;
  if (const auto *Addr = dyn_cast<UnaryOperator>(Place); Addr && Addr->getOpcode() == UO_AddrOf) {
    // `*(&ptl) = __ptl`, pte_offset_map_lock() given `&ptl`: an assignment
    // to ptl, or a store into the field `&vmf->ptl` names.
    Place = strip(Addr->getSubExpr());
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Place))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->isLocalVarDecl())
        A = assignFact(VD, BO->getRHS(), BF);
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(Place);
             !DRE || !isa<ParmVarDecl>(DRE->getDecl())) {
    // Only a parameter's pointee is a place the caller reads back.
    return std::nullopt;
  }
  if (!BO->getRHS()->getType()->isPointerType())
    return A;
  std::optional<facts::AccessPath> Pointer = accessPath(BO->getRHS());
  if (!Pointer || Pointer->Root == facts::PathRoot::Unknown)
    return A;
  if (A) {
    A->Pointer = std::move(Pointer);
    return A;
  }
  std::optional<facts::AccessPath> Target = accessPath(Place);
  if (!Target ||
      (Target->Root != facts::PathRoot::Param && Target->Root != facts::PathRoot::Global))
    return std::nullopt;
  A.emplace();
  A->AfterCalls = static_cast<unsigned>(BF.Calls.size());
  A->Pointer = std::move(Pointer);
  A->Target = std::move(Target);
  return A;
}

void FunctionExtractor::noteResultAssignment(const Expr *RHS, StringRef Var,
                                             facts::FunctionFact &F) {
  if (const auto *CE = dyn_cast_or_null<CallExpr>(strip(RHS))) {
    auto It = CallIndex.find(CE);
    if (It != CallIndex.end())
      F.Calls[It->second].ResultVar = Var.str();
  }
}

void FunctionExtractor::noteFieldStore(const BinaryOperator *BO, const FunctionDecl *InFunction) {
  const auto *ME = dyn_cast<MemberExpr>(strip(BO->getLHS()));
  if (!ME)
    return;
  const Expr *RHS = strip(BO->getRHS());
  if (const auto *UO = dyn_cast<UnaryOperator>(RHS); UO && UO->getOpcode() == UO_AddrOf)
    RHS = strip(UO->getSubExpr());
  const auto *DRE = dyn_cast<DeclRefExpr>(RHS);
  const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!DRE || !Field || !isa<FunctionDecl>(DRE->getDecl()))
    return;
  facts::OpsStoreFact S;
  S.Record = declaringRecord(Field);
  S.Field = Field->getName().str();
  S.InFunction = InFunction->getName().str();
  S.Function = cast<FunctionDecl>(DRE->getDecl())->getName().str();
  S.Loc = loc(BO->getBeginLoc());
  TU.OpsStores.push_back(std::move(S));
}

void FunctionExtractor::extract(const FunctionDecl *FD) {
  CFG::BuildOptions Opts;
  Opts.PruneTriviallyFalseEdges = true;
  std::unique_ptr<CFG> Graph = CFG::buildCFG(FD, FD->getBody(), &Ctx, Opts);
  if (!Graph)
    return;
  findParamChanges(*Graph);
  CallIndex.clear();
  CurrentFunction = FD;
  SingleAssignmentFinder Locals(Ctx);
  Locals.TraverseStmt(FD->getBody());
  SingleAssignmentLocals = Locals.result();
  AddressTaken = Locals.addressTaken();
  findPointerFieldStores(FD, *Graph);
  findUsesAfterCalls(*Graph);
  StructWrites = LocalStructWrites();
  StructWrites.TraverseStmt(FD->getBody());
  findFieldWrites(FD);
  // Flags: bools, and integers only ever set to constants (ceph's
  // `int flushsnaps = 0; ... flushsnaps = 1;`), whose address is not taken.
  // Pointers too when set to NULL or copied from another local somewhere:
  // slub's `n = NULL; ... n = get_node(...); spin_lock(&n->list_lock); ...
  // if (n)`, page_alloc's `pcp = pcp_spin_trylock(...)` whose `_ret` is NULL
  // where the trylock failed.
  Flags.clear();
  Locals.forEachPlainlyAssigned([&](const VarDecl *VD, llvm::ArrayRef<const Expr *> Values) {
    if (VD->getType()->isBooleanType() ||
        llvm::all_of(Values, [&](const Expr *E) { return E && integerConstant(E, Ctx); }))
      Flags.insert(VD);
    else if (VD->getType()->isPointerType() &&
             llvm::any_of(Values, [&](const Expr *E) {
               return E && (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) ||
                            copiedLocal(E));
             }))
      Flags.insert(VD);
  });
  facts::FunctionFact F;
  F.Name = FD->getName().str();
  F.IsStatic = FD->getStorageClass() == SC_Static;
  F.IsInline = FD->isInlined();
  F.Loc = loc(FD->getLocation());
  F.End = loc(FD->getBody()->getEndLoc());
  for (const ParmVarDecl *P : FD->parameters()) {
    F.Params.push_back(P->getName().str());
    F.ParamRecords.push_back(P->getType()->isPointerType() ? recordName(P->getType()) : "");
  }
  FunctionSites = Annotations ? Annotations->within(FD->getBody()->getSourceRange())
                              : std::vector<const LockdepAnnotationSite *>();
  SiteEmitted.assign(FunctionSites.size(), false);
  if (!FunctionSites.empty())
    SiteArguments = Annotations->findArguments(FD->getBody(), FunctionSites);
  F.Blocks.resize(Graph->getNumBlockIDs());
  F.Entry = Graph->getEntry().getBlockID();
  F.Exit = Graph->getExit().getBlockID();
  // Sparse's `__must_hold(x)` and kin on the definition, between its start
  // and its body: facts of the entry block, before anything the body does.
  if (Annotations)
    for (const LockdepAnnotationSite *S : Annotations->within(
             SourceRange(FD->getBeginLoc(), FD->getBody()->getBeginLoc())))
      if (isSparseContextAnnotation(S->Macro))
        emitDeclarationAnnotation(*S, FD->getBody()->getBeginLoc(), F,
                                  F.Blocks[F.Entry]);
  // Blocks are visited in reverse order of ID: Clang numbers them backwards, so
  // this is roughly source order and every call is indexed before a condition
  // in a later block refers to it.
  std::vector<const CFGBlock *> Order(Graph->begin(), Graph->end());
  std::sort(Order.begin(), Order.end(), [](const CFGBlock *A, const CFGBlock *B) {
    return A->getBlockID() > B->getBlockID();
  });
  for (const CFGBlock *B : Order) {
    facts::BlockFact &BF = F.Blocks[B->getBlockID()];
    for (const CFGElement &Elem : *B) {
      std::optional<CFGStmt> S = Elem.getAs<CFGStmt>();
      if (!S)
        continue;
      const Stmt *St = S->getStmt();
      // Where a lockdep annotation's expansion starts, its fact; the calls it
      // expands to with lockdep (lock_is_held_type(), lock_acquire()) are
      // the annotation's own doing, not the function's.
      if (int Site = annotationSiteOf(St); Site >= 0) {
        emitAnnotation(Site, F, BF);
        if (isa<CallExpr>(St))
          continue;
      }
      if (const auto *CE = dyn_cast<CallExpr>(St)) {
        if (CE->getBuiltinCallee() != 0)
          continue;
        CallIndex[CE] = F.Calls.size();
        BF.Calls.push_back(F.Calls.size());
        F.Calls.push_back(callFact(CE));
      } else if (const auto *BO = dyn_cast<BinaryOperator>(St)) {
        if (!BO->isAssignmentOp())
          continue;
        noteReturnedObjectStore(BO, BF);
        bool Plain = BO->getOpcode() == BO_Assign;
        if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(BO->getLHS())))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->isLocalVarDecl())
            BF.Assigns.push_back(assignFact(VD, Plain ? BO->getRHS() : nullptr, BF));
        if (const FieldDecl *Field = currentTaskField(BO->getLHS()))
          BF.TaskStores.push_back({Field->getName().str(),
                                   Plain ? integerConstant(BO->getRHS(), Ctx) : std::nullopt,
                                   static_cast<unsigned>(BF.Calls.size())});
        if (!Plain)
          continue;
        if (std::optional<facts::AssignFact> Store = storeThrough(BO, BF))
          BF.Assigns.push_back(std::move(*Store));
        if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(BO->getLHS())))
          noteResultAssignment(BO->getRHS(), DRE->getDecl()->getName(), F);
        noteFieldStore(BO, FD);
      } else if (const auto *UO = dyn_cast<UnaryOperator>(St)) {
        if (UO->isIncrementDecrementOp())
          if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(UO->getSubExpr())))
            BF.Assigns.push_back(assignFact(DRE->getDecl(), nullptr, BF));
      } else if (const auto *DS = dyn_cast<DeclStmt>(St)) {
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit()) {
            BF.Assigns.push_back(assignFact(VD, VD->getInit(), BF));
            noteResultAssignment(VD->getInit(), VD->getName(), F);
          }
      } else if (const auto *RS = dyn_cast<ReturnStmt>(St)) {
        BF.Return = returnFact(RS);
      }
    }
    // `do { } while (0)`, might_lock() without lockdep, leaves only a
    // terminator behind.
    if (const Stmt *T = B->getTerminatorStmt())
      if (int Site = annotationSiteOf(T); Site >= 0)
        emitAnnotation(Site, F, BF);
    // A block that ends in a call of a noreturn function (BUG(), or the
    // __compiletime_assert_N() that BUILD_BUG_ON_MSG() in min() and clamp()
    // calls under a condition the CFG does not fold) has the exit as its
    // successor only to keep the graph connected: it returns nothing, and
    // read as a return it holds whatever lock the function was holding.
    if (!B->hasNoReturnElement())
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        BF.Succs.push_back(Succ.getReachableBlock() ? static_cast<int>(Succ->getBlockID()) : -1);
    if (const auto *Switch = dyn_cast_or_null<SwitchStmt>(B->getTerminatorStmt()))
      switchCases(*B, Switch, BF);
    else if (BF.Succs.size() == 2)
      if (const Expr *Cond =
              lastEvaluated(dyn_cast_or_null<Expr>(B->getTerminatorCondition(true)))) {
        bool Negated = false;
        CurrentBlock = B->getBlockID();
        BF.Condition = condition(Cond, Negated);
        if (BF.Condition.K == facts::ConditionFact::Kind::None ||
            BF.Condition.K == facts::ConditionFact::Kind::CallResult) {
          bool PureNegated = false;
          if (std::optional<facts::ConditionFact> Pure = pureTestOfParameter(Cond, PureNegated)) {
            BF.Condition = std::move(*Pure);
            Negated = PureNegated;
          }
        }
        BF.Condition.ParamChanged = paramChangeReaches(BF.Condition);
        bool Swapped = BF.Condition.K != facts::ConditionFact::Kind::None && Negated;
        if (Swapped)
          std::swap(BF.Succs[0], BF.Succs[1]);
        if (std::optional<bool> Warns = warningValue(Cond, Ctx))
          BF.WarningSucc = *Warns != Swapped ? 0 : 1;
      }
  }
  finishFieldWrites();
  // An argument's local matters only where a call's result may be in it.
  llvm::StringSet<> Results;
  for (const facts::CallFact &C : F.Calls)
    if (!C.ResultVar.empty())
      Results.insert(C.ResultVar);
  for (facts::CallFact &C : F.Calls)
    for (facts::ArgFact &A : C.Args)
      if (!A.Local.empty() && !Results.contains(A.Local))
        A.Local.clear();
  TU.Functions.push_back(std::move(F));
}

} // namespace lockcheck::frontend
