//===- frontend/ExprPatterns.h - Kernel expression idioms in Clang's AST --===//
//
// The small readings of expressions the extractor relies on: which record a
// type or field names, what a condition or an accessor really tests or
// returns, and which locals are assigned once.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_FRONTEND_EXPRPATTERNS_H
#define LOCKCHECK_FRONTEND_EXPRPATTERNS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <string>

namespace lockcheck::frontend {

/// The name a record type is known by: its tag, or the typedef that names an
/// anonymous struct (`typedef struct { ... } rwlock_t;`).
std::string recordName(clang::QualType T);

/// The nearest named record that (through anonymous members) declares Field.
std::string declaringRecord(const clang::FieldDecl *Field);

/// Strips what does not change which object or value an expression denotes.
const clang::Expr *strip(const clang::Expr *E);

/// The operand of a branch condition that its block evaluates last: for
/// `if (a && b)` Clang's CFG gives `a` a block of its own, and the block that
/// branches on the whole condition has evaluated only `b`.
const clang::Expr *lastEvaluated(const clang::Expr *Cond);

/// Which truth value of a branch condition means a WARN*() macro fired:
/// true for `if (WARN_ON(x))` or `if (unlikely(WARN_ON_ONCE(x)))`, false for
/// `if (!WARN(x, ...))`; nothing when the condition is not a whole invocation
/// of one (the macro's own `if (unlikely(__ret_warn_on))` inside is not).
std::optional<bool> warningValue(const clang::Expr *Cond, const clang::ASTContext &Ctx);

/// Returns the expression a trivial accessor (`return <expr>;` as its whole
/// body) returns, so `file_inode(f)` or `spinlock_check(l)` can be seen through.
const clang::Expr *trivialAccessorResult(const clang::FunctionDecl *FD);

/// The value of a GNU statement expression (`({ ...; x; })`): its last
/// statement's, or null when E is none or ends in no expression.
const clang::Expr *statementExpressionValue(const clang::Expr *E);
/// E itself, or what the statement expressions it is, nested, end in.
const clang::Expr *valueOf(const clang::Expr *E);

/// The integer an expression is a constant for, pointers included: a null
/// pointer constant is 0 and `((void *) 1)` (a marker such as
/// BTRFS_TRANS_DIO_WRITE_STUB) is 1.
std::optional<int64_t> integerConstant(const clang::Expr *E, const clang::ASTContext &Ctx);

/// Whether E is an address that is never NULL: of an object C never places
/// at NULL (`&dispose`, `&iter.flags`, an array variable, a string or compound
/// literal), or of a field at a nonzero offset in what a pointer points to
/// (`&dentry->d_sb->s_vfs_rename_mutex`), which is not NULL even where the
/// pointer is. `&p->f` with f first in its struct is NULL where p is.
bool isNonNullAddress(const clang::Expr *E, const clang::ASTContext &Ctx);

/// V as a field of FD's type holds it: a bool is 0 or 1; an integer keeps its
/// width's low bits (a bit-field's own width), sign- or zero-extended.
uint64_t asFieldValue(int64_t V, const clang::FieldDecl *FD, const clang::ASTContext &Ctx);

/// The field of the current task an expression reads (`current->journal_info`
/// is `journal_info`): `current` is a call to a function without parameters
/// returning the task_struct it runs in.
const clang::FieldDecl *currentTaskField(const clang::Expr *E);

/// A field read through a parameter: `p->field`, `p->outer.inner` (Field is
/// `outer.inner`; anonymous members are left out, as C names through them),
/// or for a struct passed by value `p.field`.
struct ParamField {
  const clang::ParmVarDecl *Param = nullptr;
  std::string Field;
};
/// The parameter field E reads; a null Param when it reads none.
ParamField parameterField(const clang::Expr *E);

/// Whether E computes its value without effects from constants and the
/// variables Leaf accepts, through fields, operators and calls of pure
/// predicates (below, to depth Depth).
bool isPureExpr(const clang::Expr *E, const clang::ASTContext &Ctx, unsigned Depth,
                llvm::function_ref<bool(const clang::DeclRefExpr *)> Leaf);

/// Whether FD's definition computes its result from its parameters alone:
/// its body is `return E;` (after statements without effect, such as a
/// VM_BUG_ON() that expands to a sizeof), and E reads only parameters, their
/// fields and constants, and calls only such functions (to depth MaxDepth).
/// Two calls of it with the same arguments, between which nothing stored
/// through them, give the same result.
bool isPurePredicate(const clang::FunctionDecl *FD, const clang::ASTContext &Ctx,
                     unsigned MaxDepth = 3);

/// Finds the parameters an expression refers to.
class ParamRefFinder : public clang::RecursiveASTVisitor<ParamRefFinder> {
public:
  bool VisitDeclRefExpr(clang::DeclRefExpr *E) {
    if (const auto *P = llvm::dyn_cast<clang::ParmVarDecl>(E->getDecl()))
      Params.insert(P);
    return true;
  }
  llvm::SmallPtrSet<const clang::ParmVarDecl *, 2> Params;
};

/// Local pointers and integers assigned exactly once: by their initializer,
/// or, declared without one or initialised to NULL, by a single plain
/// assignment (`inode = new_inode(sb);`). Anything assigned again, incremented
/// or whose address is taken is left out.
class SingleAssignmentFinder : public clang::RecursiveASTVisitor<SingleAssignmentFinder> {
public:
  explicit SingleAssignmentFinder(clang::ASTContext &Ctx) : Ctx(Ctx) {}
  bool VisitVarDecl(clang::VarDecl *VD) {
    if (VD->isLocalVarDecl() && !VD->hasGlobalStorage() &&
        (VD->getType()->isPointerType() || VD->getType()->isIntegralOrEnumerationType()))
      Values[VD].push_back(VD->getInit());
    return true;
  }
  bool VisitBinaryOperator(clang::BinaryOperator *BO) {
    if (!BO->isAssignmentOp())
      return true;
    if (BO->getOpcode() == clang::BO_Assign)
      if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(BO->getLHS()->IgnoreParenCasts()))
        if (const auto *VD = llvm::dyn_cast<clang::VarDecl>(DRE->getDecl());
            VD && Values.contains(VD)) {
          Values[VD].push_back(BO->getRHS());
          return true;
        }
    forget(BO->getLHS());
    return true;
  }
  bool VisitUnaryOperator(clang::UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == clang::UO_AddrOf)
      forget(UO->getSubExpr());
    if (UO->getOpcode() == clang::UO_AddrOf)
      if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(UO->getSubExpr()->IgnoreParenCasts()))
        AddressTakenSet.insert(DRE->getDecl());
    return true;
  }
  /// Locals whose address is taken: anything may change them.
  const llvm::SmallPtrSet<const clang::Decl *, 8> &addressTaken() const { return AddressTakenSet; }
  /// Integer locals that only ever hold what their initializer and plain
  /// assignments give them, with those expressions (null for no initializer).
  template <typename Fn> void forEachPlainlyAssigned(Fn Visit) const {
    for (const auto &[VD, Exprs] : Values)
      if (!Disqualified.contains(VD) && !AddressTakenSet.contains(VD))
        Visit(VD, llvm::ArrayRef<const clang::Expr *>(Exprs));
  }
  void forget(const clang::Expr *E) {
    if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(E->IgnoreParenCasts()))
      Disqualified.insert(DRE->getDecl());
  }
  llvm::DenseMap<const clang::VarDecl *, const clang::Expr *> result() const {
    llvm::DenseMap<const clang::VarDecl *, const clang::Expr *> Out;
    for (const auto &[VD, Exprs] : Values) {
      if (Disqualified.contains(VD))
        continue;
      // The declaration comes first: its initializer, or null without one.
      // `struct inode *ea_inode = NULL;` only says there is no inode yet.
      bool Initialized =
          Exprs.front() != nullptr &&
          !(VD->getType()->isPointerType() &&
            Exprs.front()->isNullPointerConstant(Ctx, clang::Expr::NPC_ValueDependentIsNotNull));
      if (Initialized && Exprs.size() == 1)
        Out[VD] = Exprs.front();
      else if (!Initialized && Exprs.size() == 2)
        Out[VD] = Exprs.back();
    }
    return Out;
  }

private:
  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::VarDecl *, llvm::SmallVector<const clang::Expr *, 2>> Values;
  llvm::SmallPtrSet<const clang::Decl *, 8> Disqualified;
  llvm::SmallPtrSet<const clang::Decl *, 8> AddressTakenSet;
};

/// The fields of local structs a function body writes besides their
/// initializer, with each store (`iter.flags |= IOMAP_NOWAIT`), and the ones
/// it writes in a way no store describes (`&iter.pos` handed out, `++`, a
/// nested member written): a struct assigned whole is written in every field.
/// `&iter` passed to a callee is how the values are read, not a write.
class LocalStructWrites : public clang::RecursiveASTVisitor<LocalStructWrites> {
public:
  /// `Var.Field Op Value`: a plain or compound assignment.
  struct Store {
    clang::BinaryOperatorKind Op;
    const clang::Expr *Value;
  };

  bool VisitBinaryOperator(clang::BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      written(BO->getLHS(), Store{BO->getOpcode(), BO->getRHS()});
    return true;
  }
  bool VisitUnaryOperator(clang::UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      written(UO->getSubExpr(), std::nullopt);
    else if (UO->getOpcode() == clang::UO_AddrOf &&
             llvm::isa<clang::MemberExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
      written(UO->getSubExpr(), std::nullopt);
    return true;
  }
  /// The stores to VD.FD after its initializer, or none when something else
  /// writes it.
  std::optional<llvm::ArrayRef<Store>> stores(const clang::VarDecl *VD,
                                              const clang::FieldDecl *FD) const {
    if (Whole.contains(VD) || Opaque.contains({VD, FD}))
      return std::nullopt;
    auto It = Stores.find({VD, FD});
    if (It == Stores.end())
      return llvm::ArrayRef<Store>();
    return llvm::ArrayRef<Store>(It->second);
  }

private:
  void written(const clang::Expr *E, std::optional<Store> S) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = llvm::dyn_cast<clang::MemberExpr>(E); ME && !ME->isArrow()) {
      const clang::Expr *Base = ME->getBase()->IgnoreParenImpCasts();
      std::pair<const clang::Decl *, const clang::Decl *> Key;
      if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(Base)) {
        Key = {DRE->getDecl(), ME->getMemberDecl()};
        if (S)
          Stores[Key].push_back(*S);
        else
          Opaque.insert(Key);
      } else {
        written(Base, std::nullopt); // `iter.iomap.flags = ...` writes iter's iomap
      }
      return;
    }
    if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(E))
      Whole.insert(DRE->getDecl());
  }
  llvm::DenseMap<std::pair<const clang::Decl *, const clang::Decl *>, llvm::SmallVector<Store, 2>>
      Stores;
  llvm::DenseSet<std::pair<const clang::Decl *, const clang::Decl *>> Opaque;
  llvm::SmallPtrSet<const clang::Decl *, 4> Whole;
};

} // namespace lockcheck::frontend

#endif // LOCKCHECK_FRONTEND_EXPRPATTERNS_H
