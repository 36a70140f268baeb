//===- frontend/ExprPatterns.cpp - Kernel expression idioms in Clang's AST -===//
#include "frontend/ExprPatterns.h"

#include "clang/AST/Stmt.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

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

std::pair<const ParmVarDecl *, const FieldDecl *> parameterField(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(strip(E));
  if (!ME || !ME->isArrow())
    return {};
  const auto *Base = dyn_cast<DeclRefExpr>(strip(ME->getBase()));
  const auto *Param = Base ? dyn_cast<ParmVarDecl>(Base->getDecl()) : nullptr;
  const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!Param || !Field)
    return {};
  return {Param, Field};
}

} // namespace lockcheck::frontend
