//===- frontend/FactsExtractor.cpp - Clang AST and CFG to per-TU facts -----===//
#include "frontend/FactsExtractor.h"

#include "frontend/ExprPatterns.h"
#include "frontend/LockdepAnnotations.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace lockcheck::frontend {

namespace {

class FunctionExtractor {
public:
  FunctionExtractor(ASTContext &Ctx, facts::TUFacts &TU,
                    llvm::DenseMap<FileID, unsigned> &FileIndex)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), TU(TU), FileIndex(FileIndex) {}

  facts::SourceLoc loc(SourceLocation L) {
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

  std::string text(const Expr *E) {
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

  /// Reduces an expression to an access path, seeing through `&`, `*`,
  /// subscripts and trivial accessors. Depth bounds accessor inlining.
  std::optional<facts::AccessPath> accessPath(const Expr *E, unsigned Depth = 0) {
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

  static void addFieldStep(facts::AccessPath &Path, const FieldDecl *FD) {
    // Anonymous struct and union members add no step of their own.
    if (FD->getName().empty())
      return;
    facts::FieldStep Step;
    Step.Record = declaringRecord(FD);
    Step.Field = FD->getName().str();
    Step.FieldType = fieldTypeName(FD->getType());
    Path.Steps.push_back(std::move(Step));
  }

  /// The access path a variable (parameter, local or global) starts.
  std::optional<facts::AccessPath> variablePath(const VarDecl *VD, unsigned Depth) {
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

  /// The one parameter a pointer expression is computed from, if it mentions
  /// exactly one.
  static const ParmVarDecl *soleParameter(const Expr *E) {
    ParamRefFinder Finder;
    Finder.TraverseStmt(const_cast<Expr *>(E));
    return Finder.Params.size() == 1 ? *Finder.Params.begin() : nullptr;
  }

  static std::string fieldTypeName(QualType T) {
    std::string R = recordName(T);
    if (!R.empty() && !T->isPointerType())
      return R;
    return T.getCanonicalType().getAsString();
  }

  facts::ArgFact argFact(const Expr *E) {
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
          A.FieldValues = constantFields(VD);
    return A;
  }

  /// The integer fields of a local struct that its initializer sets to
  /// constants (a field it leaves out is 0) and the function never writes
  /// again: `struct iomap_iter iter = { ..., .flags = IOMAP_REPORT };`.
  std::vector<std::pair<std::string, int64_t>> constantFields(const VarDecl *VD) {
    std::vector<std::pair<std::string, int64_t>> Out;
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
      if (!FD->getType()->isIntegralOrEnumerationType() || FD->getName().empty() ||
          StructWrites.writes(VD, FD))
        continue;
      std::optional<int64_t> V = FieldInit ? integerConstant(FieldInit, Ctx) : 0;
      if (V)
        Out.push_back({FD->getName().str(), *V});
    }
    return Out;
  }

  facts::CallFact callFact(const CallExpr *CE) {
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

  /// When the callee's name comes from the body of a function-like macro
  /// invoked in the source (`down_write_nested(&inode->i_rwsem, subclass)`
  /// expanding to `down_write(sem)` without lockdep), records the macro and
  /// its arguments, re-read from the source text at the invocation. Through
  /// macros that invoke others, the macro is the one the source invokes:
  /// without lockdep `spin_lock_nested(lock, subclass)` becomes
  /// `raw_spin_lock_nested()`, then `_raw_spin_lock()`, and only the outermost
  /// invocation's text still says which lock and subclass.
  void recordMacro(const CallExpr *CE, facts::CallFact &C) {
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

  /// A macro argument as far as its text says: an integer, a parameter of
  /// the enclosing function, an enumerator, or an object-like macro whose
  /// body is one integer (SINGLE_DEPTH_NESTING).
  facts::ArgFact macroArg(StringRef Text) {
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

  /// The index of the lockdep annotation site a statement comes from, or -1.
  int annotationSiteOf(const Stmt *S) {
    for (size_t I = 0; I < FunctionSites.size(); ++I)
      if (Annotations->comesFrom(S->getBeginLoc(), *FunctionSites[I]))
        return static_cast<int>(I);
    return -1;
  }

  /// Appends a lockdep annotation's fact to the block, once per site: a call
  /// of the macro, its arguments read from the AST when the expansion keeps
  /// them (`(void)(l)` without lockdep, `lock_is_held(&(l)->dep_map)` with
  /// it) and from their tokens when it does not (might_lock() without lockdep).
  void emitAnnotation(int Site, facts::FunctionFact &F, facts::BlockFact &BF) {
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

  /// The access path an argument's tokens name when the AST has no expression
  /// for them, built as accessPath() builds the same expression's.
  std::optional<facts::AccessPath> pathFromTokens(llvm::ArrayRef<ArgumentToken> Tokens,
                                                  SourceLocation At) {
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

  /// The parameter, local declared before At, or global a name denotes.
  const VarDecl *variableNamed(StringRef Name, SourceLocation At) {
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

  /// Normalises a branch condition; Negated tells the caller to swap successors.
  facts::ConditionFact condition(const Expr *E, bool &Negated) {
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
      if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
        const Expr *L = strip(BO->getLHS());
        std::optional<int64_t> RV = integerConstant(BO->getRHS(), Ctx);
        bool RConst = RV.has_value();
        int64_t RValue = RV.value_or(0);
        if (RConst && RValue == 0 &&
            (BO->getOpcode() == BO_NE || BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_LT)) {
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
          if (auto [Param, Field] = parameterField(L); Param) {
            C.K = Mask ? facts::ConditionFact::Kind::ParamFieldMask
                       : facts::ConditionFact::Kind::ParamFieldEquals;
            C.Param = static_cast<int>(Param->getFunctionScopeIndex());
            C.Var = Field->getName().str();
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
    if (auto [Param, Field] = parameterField(E); Param) {
      C.K = facts::ConditionFact::Kind::ParamFieldMask;
      C.Param = static_cast<int>(Param->getFunctionScopeIndex());
      C.Var = Field->getName().str();
      C.Value = -1;
      return C;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      if (std::optional<facts::ConditionFact> Inlined =
              inlinedPredicate(CE, std::nullopt, Negated))
        return *Inlined;
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

  /// Whether a condition tests only what a calling context can fix: the
  /// parameters, their fields and the current task.
  static bool testsContext(facts::ConditionFact::Kind K) {
    using Kind = facts::ConditionFact::Kind;
    return K == Kind::ParamMask || K == Kind::ParamEquals || K == Kind::ParamFieldMask ||
           K == Kind::ParamFieldEquals || K == Kind::TaskMask || K == Kind::TaskEquals;
  }

  /// A call to a trivial predicate (`iov_iter_rw(iter)`, whose whole body is
  /// `return i->data_source ? WRITE : READ;`), read as the test it makes on
  /// the caller's parameters; ComparedTo is the constant the result is
  /// compared with (`== READ`), if any. A callee's locals and calls mean
  /// nothing in the caller, so only context tests are seen through.
  std::optional<facts::ConditionFact>
  inlinedPredicate(const CallExpr *Call, std::optional<int64_t> ComparedTo, bool &Negated) {
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

  /// `switch (mode)` on a parameter: which values lead to which successor, so
  /// a constant argument keeps only its own case (ceph's
  /// `__ceph_put_cap_refs(ci, had, PUT_CAP_REFS_NO_CHECK)`).
  void switchCases(const CFGBlock &B, const SwitchStmt *Switch, facts::BlockFact &BF) {
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

  facts::ReturnFact returnFact(const ReturnStmt *RS) {
    facts::ReturnFact R;
    const Expr *V = RS->getRetValue();
    if (!V)
      return R;
    if (V->getType()->isPointerType())
      R.Path = accessPath(V);
    V = strip(V);
    R.K = facts::ReturnFact::Kind::Other;
    Expr::EvalResult EV;
    if (V->getType()->isIntegralOrEnumerationType() && !V->isValueDependent() &&
        V->EvaluateAsInt(EV, Ctx)) {
      R.K = EV.Val.getInt().isZero() ? facts::ReturnFact::Kind::Zero
                                     : facts::ReturnFact::Kind::NonZero;
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

  void noteResultAssignment(const Expr *RHS, StringRef Var, facts::FunctionFact &F) {
    if (const auto *CE = dyn_cast_or_null<CallExpr>(strip(RHS))) {
      auto It = CallIndex.find(CE);
      if (It != CallIndex.end())
        F.Calls[It->second].ResultVar = Var.str();
    }
  }

  void noteFieldStore(const BinaryOperator *BO, const FunctionDecl *InFunction) {
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

  void extract(const FunctionDecl *FD) {
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
    Flags.clear();
    Locals.forEachPlainlyAssigned([&](const VarDecl *VD, llvm::ArrayRef<const Expr *> Values) {
      if (VD->getType()->isBooleanType() ||
          llvm::all_of(Values, [&](const Expr *E) { return E && integerConstant(E, Ctx); }))
        Flags.insert(VD);
    });
    facts::FunctionFact F;
    F.Name = FD->getName().str();
    F.IsStatic = FD->getStorageClass() == SC_Static;
    F.IsInline = FD->isInlined();
    F.Loc = loc(FD->getLocation());
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
              BF.Assigns.push_back({VD->getName().str(),
                                    Plain ? integerConstant(BO->getRHS(), Ctx) : std::nullopt});
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
              BF.Assigns.push_back({DRE->getDecl()->getName().str(), std::nullopt});
        } else if (const auto *DS = dyn_cast<DeclStmt>(St)) {
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit()) {
              BF.Assigns.push_back({VD->getName().str(), integerConstant(VD->getInit(), Ctx)});
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
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        BF.Succs.push_back(Succ.getReachableBlock() ? static_cast<int>(Succ->getBlockID()) : -1);
      if (const auto *Switch = dyn_cast_or_null<SwitchStmt>(B->getTerminatorStmt()))
        switchCases(*B, Switch, BF);
      else if (BF.Succs.size() == 2)
        if (const Expr *Cond = lastEvaluated(dyn_cast_or_null<Expr>(B->getTerminatorCondition(true)))) {
          bool Negated = false;
          BF.Condition = condition(Cond, Negated);
          if (BF.Condition.K != facts::ConditionFact::Kind::None && Negated)
            std::swap(BF.Succs[0], BF.Succs[1]);
        }
    }
    TU.Functions.push_back(std::move(F));
  }

private:
  ASTContext &Ctx;
  SourceManager &SM;
  facts::TUFacts &TU;
  llvm::DenseMap<FileID, unsigned> &FileIndex;
  llvm::DenseMap<const CallExpr *, unsigned> CallIndex;
  const FunctionDecl *CurrentFunction = nullptr;
  unsigned ConditionDepth = 0;
  llvm::DenseMap<const VarDecl *, const Expr *> SingleAssignmentLocals;
  llvm::SmallPtrSet<const Decl *, 8> AddressTaken;
  LocalStructWrites StructWrites;
  llvm::SmallPtrSet<const VarDecl *, 8> Flags;
  SmallString<32> Scratch;
  /// The lockdep annotations invoked in the current function's body, the AST
  /// expression of each argument when the expansion keeps it, and which have
  /// had their fact emitted.
  std::vector<const LockdepAnnotationSite *> FunctionSites;
  std::vector<std::vector<const Expr *>> SiteArguments;
  std::vector<bool> SiteEmitted;

public:
  const Preprocessor *PP = nullptr;
  const LockdepAnnotationIndex *Annotations = nullptr;
};

/// Calls Reach for every function a statement names (calls, callbacks passed
/// as arguments, functions stored in fields).
class FunctionRefCollector : public RecursiveASTVisitor<FunctionRefCollector> {
public:
  explicit FunctionRefCollector(llvm::function_ref<void(const FunctionDecl *)> Reach)
      : Reach(Reach) {}
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *FD = dyn_cast<FunctionDecl>(E->getDecl()))
      Reach(FD);
    return true;
  }

private:
  llvm::function_ref<void(const FunctionDecl *)> Reach;
};

class ExtractConsumer : public ASTConsumer {
public:
  ExtractConsumer(facts::TUFacts &Out, Preprocessor &PP,
                  const std::vector<LockdepAnnotationSite> &Sites)
      : Out(Out), PP(PP), Sites(Sites) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    FunctionExtractor FE(Ctx, Out, FileIndex);
    FE.PP = &PP;
    Out.ModuleName = kbuildModuleName();
    const SourceManager &SM = Ctx.getSourceManager();
    LockdepAnnotationIndex Annotations(SM, Sites);
    FE.Annotations = &Annotations;
    auto InMainFile = [&](const Decl *D) {
      return SM.isInMainFile(SM.getExpansionLoc(D->getLocation()));
    };
    // Every TU includes thousands of header functions it never calls: extract
    // what the main file defines and what it reaches from there, in the
    // order the TU declares them.
    std::vector<const FunctionDecl *> Order;
    llvm::DenseSet<const FunctionDecl *> Reached;
    std::vector<const FunctionDecl *> Worklist;
    auto Reach = [&](const FunctionDecl *FD) {
      const FunctionDecl *Def = nullptr;
      if (FD->hasBody(Def) && Def && !Def->isDependentContext() && Reached.insert(Def).second)
        Worklist.push_back(Def);
    };
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
        if (FD->doesThisDeclarationHaveABody())
          Order.push_back(FD);
        if (FD->doesThisDeclarationHaveABody() && InMainFile(FD))
          Reach(FD);
      } else if (const auto *VD = dyn_cast<VarDecl>(D)) {
        if (VD->hasGlobalStorage() && VD->getInit() && VD->isThisDeclarationADefinition() &&
            InMainFile(VD)) {
          collectTableStores(FE, VD, VD->getInit(), VD->getType());
          FunctionRefCollector Refs(Reach);
          Refs.TraverseStmt(const_cast<Expr *>(VD->getInit()));
        }
      }
    }
    while (!Worklist.empty()) {
      const FunctionDecl *FD = Worklist.back();
      Worklist.pop_back();
      FunctionRefCollector Refs(Reach);
      Refs.TraverseStmt(FD->getBody());
    }
    for (const FunctionDecl *FD : Order)
      if (Reached.contains(FD))
        FE.extract(FD);
  }

private:
  /// KBUILD_MODNAME as Kbuild defines it on the command line (`"ext4"`): the
  /// module every TU of a composite object shares.
  std::string kbuildModuleName() {
    const IdentifierInfo *II = PP.getIdentifierInfo("KBUILD_MODNAME");
    const MacroInfo *MI = II ? PP.getMacroInfo(II) : nullptr;
    if (!MI || MI->getNumTokens() != 1 || !MI->getReplacementToken(0).is(tok::string_literal))
      return "";
    const Token &T = MI->getReplacementToken(0);
    return StringRef(T.getLiteralData(), T.getLength()).trim('"').str();
  }

  /// Walks a global's initializer, recording each function stored in a field.
  void collectTableStores(FunctionExtractor &FE, const VarDecl *Table, const Expr *Init,
                          QualType T) {
    const auto *ILE = dyn_cast<InitListExpr>(Init->IgnoreParenImpCasts());
    if (!ILE)
      return;
    if (ILE->isSyntacticForm() && ILE->getSemanticForm())
      ILE = ILE->getSemanticForm();
    T = T.getCanonicalType();
    if (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr())) {
      for (const Expr *E : ILE->inits())
        collectTableStores(FE, Table, E, AT->getElementType());
      return;
    }
    const auto *RT = T->getAs<RecordType>();
    if (!RT)
      return;
    const RecordDecl *RD = RT->getDecl()->getDefinition();
    if (!RD)
      return;
    if (RD->isUnion()) {
      if (const FieldDecl *FD = ILE->getInitializedFieldInUnion(); FD && ILE->getNumInits() == 1)
        storeField(FE, Table, FD, ILE->getInit(0));
      return;
    }
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields()) {
      if (I >= ILE->getNumInits())
        break;
      storeField(FE, Table, FD, ILE->getInit(I++));
    }
  }

  void storeField(FunctionExtractor &FE, const VarDecl *Table, const FieldDecl *FD,
                  const Expr *Init) {
    if (!Init)
      return;
    const Expr *E = strip(Init);
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      E = strip(UO->getSubExpr());
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *Fn = dyn_cast<FunctionDecl>(DRE->getDecl())) {
        facts::OpsStoreFact S;
        S.Record = declaringRecord(FD);
        S.Field = FD->getName().str();
        S.Table = Table->getName().str();
        S.TableIsStatic = Table->getStorageClass() == SC_Static;
        S.Function = Fn->getName().str();
        S.Loc = FE.loc(Init->getBeginLoc());
        Out.OpsStores.push_back(std::move(S));
      }
      return;
    }
    collectTableStores(FE, Table, Init, FD->getType());
  }

  facts::TUFacts &Out;
  Preprocessor &PP;
  const std::vector<LockdepAnnotationSite> &Sites;
  llvm::DenseMap<FileID, unsigned> FileIndex;
};

class ExtractAction : public ASTFrontendAction {
public:
  explicit ExtractAction(facts::TUFacts &Out) : Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, StringRef File) override {
    llvm::SmallString<256> Path = File;
    CI.getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    Out.MainFile = std::string(Path);
    Preprocessor &PP = CI.getPreprocessor();
    PP.addPPCallbacks(std::make_unique<LockdepAnnotationRecorder>(PP, Sites));
    return std::make_unique<ExtractConsumer>(Out, PP, Sites);
  }

private:
  facts::TUFacts &Out;
  /// Filled while the TU is preprocessed, read once it is parsed.
  std::vector<LockdepAnnotationSite> Sites;
};

} // namespace

std::unique_ptr<FrontendAction> createExtractAction(facts::TUFacts &Out) {
  return std::make_unique<ExtractAction>(Out);
}

} // namespace lockcheck::frontend
