//===- frontend/FunctionExtractor.cpp - Calls, paths and macros to facts -===//
//
// A function body's calls, with their arguments as access paths and
// constants, the macros they were written with, the lockdep annotations in
// it, and the blocks of its CFG (FunctionExtractor.h).
//
//===----------------------------------------------------------------------===//
#include "frontend/FunctionExtractor.h"

#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace lockcheck::frontend {

facts::SourceLoc FunctionExtractor::loc(SourceLocation L) {
  facts::SourceLoc Out;
  if (L.isInvalid())
    return Out;
  L = SM.getExpansionLoc(L);
  FileID FID = SM.getFileID(L);
  auto [It, Inserted] = FileIndex.try_emplace(FID, TU.Files.size());
  if (Inserted) {
    llvm::SmallString<256> Path;
    if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID))
      Path = FE->getName();
    else
      Path = "<unknown>";
    // Relative names are relative to the compile command's directory, which
    // the FileManager knows, not to lockcheck's own.
    SM.getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    TU.Files.push_back(std::string(Path));
  }
  Out.File = It->second;
  Out.Line = SM.getExpansionLineNumber(L);
  Out.Column = SM.getExpansionColumnNumber(L);
  return Out;
}

std::string FunctionExtractor::text(const Expr *E) {
  CharSourceRange R = CharSourceRange::getTokenRange(E->getSourceRange());
  R = Lexer::makeFileCharRange(R, SM, Ctx.getLangOpts());
  if (R.isInvalid())
    return "";
  StringRef T = Lexer::getSourceText(R, SM, Ctx.getLangOpts());
  std::string Out;
  bool Space = false;
  for (char C : T) {
    if (C == '\n' || C == '\t' || C == ' ' || C == '\\') {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

std::optional<facts::AccessPath> FunctionExtractor::accessPath(const Expr *E, unsigned Depth) {
  E = strip(E);
  if (!E || Depth > 8)
    return std::nullopt;
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return accessPath(UO->getSubExpr(), Depth);
    return std::nullopt;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    // `&fi->i_gc_rwsem[WRITE]` and `[READ]` are two locks: the subscript
    // is part of which object the path names.
    std::optional<facts::AccessPath> Base = accessPath(AS->getBase(), Depth);
    if (Base && !Base->Steps.empty() && !Base->Steps.back().Subscripted) {
      Base->Steps.back().Subscripted = true;
      Base->Steps.back().Index = integerConstant(AS->getIdx(), Ctx);
    }
    return Base;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return std::nullopt;
    std::optional<facts::AccessPath> Base = accessPath(ME->getBase(), Depth);
    if (!Base) {
      Base.emplace();
      Base->RootType = recordName(ME->getBase()->getType());
    }
    addFieldStep(*Base, FD);
    return Base;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return variablePath(VD, Depth);
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (const Expr *Result = trivialAccessorResult(Callee)) {
      std::optional<facts::AccessPath> Inner = accessPath(Result, Depth + 1);
      if (Inner && Inner->Root == facts::PathRoot::Param &&
          Inner->Param < static_cast<int>(CE->getNumArgs())) {
        std::optional<facts::AccessPath> Outer = accessPath(CE->getArg(Inner->Param), Depth + 1);
        if (Outer) {
          Outer->Steps.insert(Outer->Steps.end(), Inner->Steps.begin(), Inner->Steps.end());
          return Outer;
        }
      }
    }
    facts::AccessPath P;
    P.Root = facts::PathRoot::CallResult;
    P.Name = Callee ? Callee->getName().str() : "";
    P.RootType = recordName(CE->getType());
    return P;
  }
  if (E->getType()->isPointerType()) {
    // container_of(ptr, type, member) and other statement expressions: a
    // pointer derived from one parameter alone stands for the same object,
    // seen as the record its type names.
    facts::AccessPath P;
    P.RootType = recordName(E->getType());
    if (const ParmVarDecl *PVD = soleParameter(E)) {
      P.Root = facts::PathRoot::Param;
      P.Param = static_cast<int>(PVD->getFunctionScopeIndex());
      P.Name = PVD->getName().str();
      return P;
    }
    if (!P.RootType.empty())
      return P;
  }
  return std::nullopt;
}

void FunctionExtractor::addFieldStep(facts::AccessPath &Path, const FieldDecl *FD) {
  // Anonymous struct and union members add no step of their own.
  if (FD->getName().empty())
    return;
  facts::FieldStep Step;
  Step.Record = declaringRecord(FD);
  Step.Field = FD->getName().str();
  Step.FieldType = fieldTypeName(FD->getType());
  Path.Steps.push_back(std::move(Step));
}

std::optional<facts::AccessPath> FunctionExtractor::variablePath(const VarDecl *VD,
                                                                 unsigned Depth) {
  facts::AccessPath P;
  P.RootType = recordName(VD->getType());
  if (const auto *PVD = dyn_cast<ParmVarDecl>(VD)) {
    P.Root = facts::PathRoot::Param;
    P.Param = static_cast<int>(PVD->getFunctionScopeIndex());
    P.Name = PVD->getName().str();
    return P;
  }
  // `struct inode *inode = file_inode(iocb->ki_filp);` assigned once:
  // the variable names what its initializer names.
  auto Init = SingleAssignmentLocals.find(VD);
  if (Init != SingleAssignmentLocals.end() && VD->getType()->isPointerType())
    if (std::optional<facts::AccessPath> Expanded = accessPath(Init->second, Depth + 1))
      return Expanded;
  P.Root = VD->hasGlobalStorage() ? facts::PathRoot::Global : facts::PathRoot::Local;
  P.Name = VD->getName().str();
  return P;
}

const ParmVarDecl *FunctionExtractor::soleParameter(const Expr *E) {
  ParamRefFinder Finder;
  Finder.TraverseStmt(const_cast<Expr *>(E));
  return Finder.Params.size() == 1 ? *Finder.Params.begin() : nullptr;
}

std::string FunctionExtractor::fieldTypeName(QualType T) {
  std::string R = recordName(T);
  if (!R.empty() && !T->isPointerType())
    return R;
  return T.getCanonicalType().getAsString();
}

facts::ArgFact FunctionExtractor::argFact(const Expr *E) {
  facts::ArgFact A;
  A.Text = text(E);
  A.IntValue = integerConstant(E, Ctx);
  const Expr *S = strip(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->getOpcode() == UO_AddrOf)
    S = strip(UO->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      A.FunctionRef = FD->getName().str();
  if (A.FunctionRef.empty() && !A.IntValue)
    A.Path = accessPath(E);
  if (S != strip(E))
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        A.FieldValues = knownFieldBits(VD);
  return A;
}

/// V as a field of FD's type holds it: a bool is 0 or 1; an integer keeps its
/// width's low bits (a bit-field's own width), sign- or zero-extended.
static uint64_t asFieldValue(int64_t V, const FieldDecl *FD, const ASTContext &Ctx) {
  QualType T = FD->getType();
  if (T->isBooleanType())
    return V != 0;
  unsigned Width = FD->isBitField() ? FD->getBitWidthValue(Ctx) : Ctx.getIntWidth(T);
  if (Width == 0 || Width >= 64)
    return static_cast<uint64_t>(V);
  if (T->isSignedIntegerOrEnumerationType())
    return static_cast<uint64_t>(llvm::SignExtend64(static_cast<uint64_t>(V), Width));
  return static_cast<uint64_t>(V) & llvm::maskTrailingOnes<uint64_t>(Width);
}

std::vector<facts::FieldBits> FunctionExtractor::knownFieldBits(const VarDecl *VD) {
  std::vector<facts::FieldBits> Out;
  if (!VD->isLocalVarDecl() || VD->isStaticLocal() || !VD->getInit())
    return Out;
  const auto *Init = dyn_cast<InitListExpr>(VD->getInit()->IgnoreParenImpCasts());
  const RecordDecl *RD = VD->getType()->getAsRecordDecl();
  if (!Init || !RD || RD->isUnion())
    return Out;
  if (Init->isSyntacticForm() && Init->getSemanticForm())
    Init = Init->getSemanticForm();
  unsigned I = 0;
  for (const FieldDecl *FD : RD->fields()) {
    const Expr *FieldInit = I < Init->getNumInits() ? Init->getInit(I) : nullptr;
    ++I;
    if (!FD->getType()->isIntegralOrEnumerationType() || FD->getName().empty())
      continue;
    std::optional<llvm::ArrayRef<LocalStructWrites::Store>> Stores = StructWrites.stores(VD, FD);
    std::optional<int64_t> Initial = FieldInit ? integerConstant(FieldInit, Ctx) : 0;
    if (!Stores || !Initial)
      continue;
    uint64_t Value = asFieldValue(*Initial, FD, Ctx);
    uint64_t One = Value, Zero = ~Value;
    // Flow-insensitively: whichever stores ran, in whatever order, a bit is
    // one if the initializer and every store that can clear it set it, and
    // zero if the initializer and every store that can set it clear it.
    // __iomap_dio_rw() adds IOMAP_WRITE to `.flags = IOMAP_DIRECT` on its
    // write path only: IOMAP_DIRECT stays one, IOMAP_ZERO zero.
    for (const LocalStructWrites::Store &S : *Stores) {
      std::optional<int64_t> C = integerConstant(S.Value, Ctx);
      uint64_t Bits = C ? asFieldValue(*C, FD, Ctx) : 0;
      switch (S.Op) {
      case BO_Assign:
        One &= C ? Bits : 0;
        Zero &= C ? ~Bits : 0;
        break;
      case BO_OrAssign:
        Zero &= C ? ~Bits : 0;
        break;
      case BO_AndAssign:
        One &= C ? Bits : 0;
        break;
      default:
        One = Zero = 0;
        break;
      }
    }
    if (One | Zero)
      Out.push_back({FD->getName().str(), One, Zero});
  }
  return Out;
}

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
  for (const Expr *Arg : CE->arguments())
    C.Args.push_back(argFact(Arg));
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
  BF.Calls.push_back(F.Calls.size());
  F.Calls.push_back(std::move(C));
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
  if (const auto *SE = dyn_cast<StmtExpr>(E)) {
    const CompoundStmt *Body = SE->getSubStmt();
    const auto *Last = Body->body_empty() ? nullptr : dyn_cast<Expr>(Body->body_back());
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
  // Only a tracked local's value can be known at the copy (`_ret`, NULL
  // where the trylock failed, is never branched on itself).
  if (const VarDecl *From = copiedLocal(Value); From && Flags.contains(From))
    A.From = From->getName().str();
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
  CallIndex.clear();
  CurrentFunction = FD;
  SingleAssignmentFinder Locals(Ctx);
  Locals.TraverseStmt(FD->getBody());
  SingleAssignmentLocals = Locals.result();
  AddressTaken = Locals.addressTaken();
  StructWrites = LocalStructWrites();
  StructWrites.TraverseStmt(FD->getBody());
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
        BF.Condition = condition(Cond, Negated);
        if (BF.Condition.K != facts::ConditionFact::Kind::None && Negated)
          std::swap(BF.Succs[0], BF.Succs[1]);
      }
  }
  TU.Functions.push_back(std::move(F));
}

} // namespace lockcheck::frontend
