//===- frontend/ExprPatterns.cpp - Kernel expression idioms in Clang's AST -===//
#include "frontend/ExprPatterns.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace lockcheck::frontend {

/// The name a record type is known by: its tag, or the typedef that names an
/// anonymous struct (`typedef struct { ... } rwlock_t;`).
std::string recordName(QualType T) {
  T = T.getCanonicalType();
  while (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType().getCanonicalType();
  while (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr()))
    T = AT->getElementType().getCanonicalType();
  if (const auto *RT = T->getAs<RecordType>()) {
    const RecordDecl *RD = RT->getDecl();
    if (!RD->getName().empty())
      return RD->getName().str();
    if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
      return TD->getName().str();
  }
  return "";
}

/// The nearest named record that (through anonymous members) declares Field.
std::string declaringRecord(const FieldDecl *Field) {
  const RecordDecl *RD = Field->getParent();
  while (RD && RD->getName().empty() && !RD->getTypedefNameForAnonDecl()) {
    const auto *Outer = dyn_cast<RecordDecl>(RD->getDeclContext());
    if (!Outer)
      break;
    RD = Outer;
  }
  if (!RD)
    return "";
  if (!RD->getName().empty())
    return RD->getName().str();
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    return TD->getName().str();
  return "";
}

/// Strips what does not change which object or value an expression denotes.
const Expr *strip(const Expr *E) {
  while (E) {
    E = E->IgnoreParenCasts();
    // `((void)(subclass), (lock))`, what raw_spin_lock_nested() passes to
    // _raw_spin_lock() without lockdep, denotes its last operand.
    if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Comma) {
      E = BO->getRHS();
      continue;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      // likely()/unlikely() expand to __builtin_expect(!!(x), v).
      if (CE->getBuiltinCallee() == Builtin::BI__builtin_expect && CE->getNumArgs() > 0) {
        E = CE->getArg(0);
        continue;
      }
    }
    return E;
  }
  return E;
}

/// The operand of a branch condition that its block evaluates last: for
/// `if (a && b)` Clang's CFG gives `a` a block of its own, and the block that
/// branches on the whole condition has evaluated only `b`.
const Expr *lastEvaluated(const Expr *Cond) {
  while (Cond) {
    const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
    if (!BO || !BO->isLogicalOp())
      break;
    Cond = BO->getRHS();
  }
  return Cond;
}

/// The kernel's warnings (include/asm-generic/bug.h, include/linux/ratelimit.h):
/// each evaluates to its condition, and reports a stack trace where it is true.
static bool isWarningMacro(llvm::StringRef Name) {
  static constexpr llvm::StringLiteral Names[] = {
      "WARN_ON",         "WARN_ON_ONCE", "WARN",           "WARN_ONCE",
      "WARN_TAINT",      "WARN_TAINT_ONCE", "WARN_ON_SMP", "WARN_ON_RATELIMIT",
      "WARN_RATELIMIT"};
  return llvm::is_contained(Names, Name);
}

/// Whether E is all of one invocation of a warning macro: it begins with the
/// first token of the outermost expansion and ends with its last, and a
/// warning is among the macros that expanded to its first token (one macro
/// may pass a warning on: WARN_ONCE() is DO_ONCE_LITE_IF(cond, WARN, ...)).
/// An invocation inside another macro's body (`do { if (WARN_ON(x)) ...`)
/// is not recognised.
static bool isWholeWarning(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  SourceLocation Begin = E->getBeginLoc(), End = E->getEndLoc();
  if (!Begin.isMacroID() || !End.isMacroID() ||
      !Lexer::isAtStartOfMacroExpansion(Begin, SM, LO) ||
      !Lexer::isAtEndOfMacroExpansion(End, SM, LO))
    return false;
  for (SourceLocation Loc = Begin; Loc.isMacroID(); Loc = SM.getImmediateMacroCallerLoc(Loc))
    if (isWarningMacro(Lexer::getImmediateMacroName(Loc, SM, LO)))
      return true;
  return false;
}

std::optional<bool> warningValue(const Expr *Cond, const ASTContext &Ctx) {
  bool Value = true;
  for (const Expr *E = Cond; E;) {
    E = E->IgnoreParenImpCasts();
    if (isWholeWarning(E, Ctx))
      return Value;
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_LNot) {
      Value = !Value;
      E = UO->getSubExpr();
    } else if (const auto *CE = dyn_cast<CallExpr>(E);
               CE && CE->getBuiltinCallee() == Builtin::BI__builtin_expect &&
               CE->getNumArgs() > 0) {
      E = CE->getArg(0); // likely(), unlikely()
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

/// Returns the expression a trivial accessor (`return <expr>;` as its whole
/// body) returns, so `file_inode(f)` or `spinlock_check(l)` can be seen through.
const Expr *trivialAccessorResult(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  return Ret ? Ret->getRetValue() : nullptr;
}

const Expr *statementExpressionValue(const Expr *E) {
  const auto *SE = dyn_cast_or_null<StmtExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  if (!SE)
    return nullptr;
  const CompoundStmt *Body = SE->getSubStmt();
  return Body->body_empty() ? nullptr : dyn_cast<Expr>(Body->body_back());
}

const Expr *valueOf(const Expr *E) {
  while (const Expr *Value = statementExpressionValue(E))
    E = Value;
  return E;
}

/// A variable, or a field of one (`iter.flags`), not reached through a pointer.
static bool isVariableObject(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl>(DRE->getDecl());
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return !ME->isArrow() && isVariableObject(strip(ME->getBase()));
  return false;
}

/// The address of an object C never places at NULL.
static bool isObjectAddress(const Expr *E) {
  const Expr *S = strip(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->getOpcode() == UO_AddrOf) {
    const Expr *Object = strip(UO->getSubExpr());
    return isVariableObject(Object) || isa<CompoundLiteralExpr>(Object);
  }
  if (isa<StringLiteral>(S))
    return true;
  return S->getType()->isArrayType() && isVariableObject(S);
}

bool isNonNullAddress(const Expr *E, const ASTContext &Ctx) {
  if (isObjectAddress(E))
    return true;
  const auto *UO = dyn_cast<UnaryOperator>(strip(E));
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return false;
  // The offsets of the fields down to the one reached through the pointer.
  uint64_t Offset = 0;
  for (const auto *ME = dyn_cast<MemberExpr>(strip(UO->getSubExpr())); ME;
       ME = dyn_cast<MemberExpr>(strip(ME->getBase()))) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field || Field->getParent()->isInvalidDecl())
      return false;
    Offset += Ctx.getFieldOffset(Field);
    if (ME->isArrow())
      return Offset != 0;
  }
  return false;
}

std::optional<int64_t> integerConstant(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent())
    return std::nullopt;
  if (E->getType()->isPointerType()) {
    if (E->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                 Expr::NPC_ValueDependentIsNotNull))
      return 0;
    // Only an integer cast to a pointer: `&global` is no integer.
    E = E->IgnoreParenCasts();
    if (!E->getType()->isIntegralOrEnumerationType())
      return std::nullopt;
  }
  Expr::EvalResult R;
  if (E->getType()->isIntegralOrEnumerationType() &&
      E->EvaluateAsInt(R, Ctx, Expr::SE_AllowSideEffects))
    return R.Val.getInt().getExtValue();
  return std::nullopt;
}

const FieldDecl *currentTaskField(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(strip(E));
  if (!ME || !ME->isArrow())
    return nullptr;
  const auto *Call = dyn_cast<CallExpr>(strip(ME->getBase()));
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || Callee->getNumParams() != 0 || recordName(Callee->getReturnType()) != "task_struct")
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

ParamField parameterField(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(strip(E));
  if (!ME)
    return {};
  llvm::SmallVector<llvm::StringRef, 2> Names;
  const Expr *Base = nullptr;
  for (;;) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field)
      return {};
    if (!Field->getName().empty())
      Names.push_back(Field->getName());
    Base = strip(ME->getBase());
    if (ME->isArrow())
      break;
    const auto *Outer = dyn_cast<MemberExpr>(Base);
    if (!Outer)
      break;
    ME = Outer;
  }
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Base);
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  // Through `.` only a struct the function got by value is its own input.
  if (!Param || Names.empty() || (!ME->isArrow() && !Param->getType()->isRecordType()))
    return {};
  std::string Path;
  for (llvm::StringRef Name : llvm::reverse(Names)) {
    if (!Path.empty())
      Path += '.';
    Path += Name;
  }
  return {Param, std::move(Path)};
}

bool isPureExpr(const Expr *E, const ASTContext &Ctx, unsigned Depth,
                llvm::function_ref<bool(const DeclRefExpr *)> Leaf) {
  E = E->IgnoreParens();
  if (isa<IntegerLiteral, CharacterLiteral, UnaryExprOrTypeTraitExpr>(E))
    return true;
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    return isPureExpr(Cast->getSubExpr(), Ctx, Depth, Leaf);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return isa<EnumConstantDecl>(Ref->getDecl()) || Leaf(Ref);
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return isPureExpr(ME->getBase(), Ctx, Depth, Leaf);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return !UO->isIncrementDecrementOp() && isPureExpr(UO->getSubExpr(), Ctx, Depth, Leaf);
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && isPureExpr(BO->getLHS(), Ctx, Depth, Leaf) &&
           isPureExpr(BO->getRHS(), Ctx, Depth, Leaf);
  if (const auto *Choice = dyn_cast<ConditionalOperator>(E))
    return isPureExpr(Choice->getCond(), Ctx, Depth, Leaf) &&
           isPureExpr(Choice->getTrueExpr(), Ctx, Depth, Leaf) &&
           isPureExpr(Choice->getFalseExpr(), Ctx, Depth, Leaf);
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return isPureExpr(Subscript->getBase(), Ctx, Depth, Leaf) &&
           isPureExpr(Subscript->getIdx(), Ctx, Depth, Leaf);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    unsigned Builtin = Call->getBuiltinCallee();
    if (Builtin == Builtin::BI__builtin_constant_p)
      return true;
    if (Builtin != Builtin::BI__builtin_expect &&
        (Builtin != 0 || Depth == 0 || !isPurePredicate(Call->getDirectCallee(), Ctx, Depth - 1)))
      return false;
    return llvm::all_of(Call->arguments(),
                        [&](const Expr *Arg) { return isPureExpr(Arg, Ctx, Depth, Leaf); });
  }
  return false;
}

bool isPurePredicate(const FunctionDecl *FD, const ASTContext &Ctx, unsigned MaxDepth) {
  const FunctionDecl *Def = nullptr;
  if (!FD || FD->isVariadic() || !FD->hasBody(Def) || !Def || Def->hasAttr<WeakAttr>())
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->body_empty())
    return false;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_back());
  if (!Ret || !Ret->getRetValue())
    return false;
  for (const Stmt *S : Body->body()) {
    if (S == Ret || isa<NullStmt>(S))
      continue;
    const auto *Effectless = dyn_cast<Expr>(S);
    if (!Effectless || Effectless->HasSideEffects(Ctx, /*IncludePossibleEffects=*/true))
      return false;
  }
  return isPureExpr(Ret->getRetValue(), Ctx, MaxDepth, [](const DeclRefExpr *Ref) {
    return isa<ParmVarDecl>(Ref->getDecl());
  });
}

} // namespace lockcheck::frontend
