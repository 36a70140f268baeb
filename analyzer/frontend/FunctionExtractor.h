//===- frontend/FunctionExtractor.h - One function body to facts ---------===//
//
// The per-function half of the extraction: one function's CFG, built once,
// reduced to the calls, branch conditions, returns and stores that matter for
// locking. FunctionExtractor.cpp reads calls, access paths and macro
// arguments; BranchConditions.cpp reads branch conditions, switches and
// returns. FactsExtractor.cpp decides which functions of a TU to extract.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_FRONTEND_FUNCTIONEXTRACTOR_H
#define LOCKCHECK_FRONTEND_FUNCTIONEXTRACTOR_H

#include "facts/Facts.h"
#include "frontend/ExprPatterns.h"
#include "frontend/LockdepAnnotations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockcheck::frontend {

/// What constant stores through a pointer left of one field of its object
/// (PointerFieldStores.cpp): known bits, or, with Known unset, a change
/// whose value is not known. A field with no entry was not stored to.
struct PointerFieldStore {
  bool Known = false;
  uint64_t One = 0;
  uint64_t Zero = 0;
  bool operator==(const PointerFieldStore &O) const {
    return Known == O.Known && One == O.One && Zero == O.Zero;
  }
  bool operator!=(const PointerFieldStore &O) const { return !(*this == O); }
};
/// Per pointer variable and field, at one point of a body.
using PointerFieldState =
    std::map<std::pair<const clang::VarDecl *, const clang::FieldDecl *>, PointerFieldStore>;

/// Extracts the facts of the functions of one TU, one function at a time,
/// into the TU's facts; FileIndex numbers the files their locations name.
class FunctionExtractor {
public:
  FunctionExtractor(clang::ASTContext &Ctx, facts::TUFacts &TU,
                    llvm::DenseMap<clang::FileID, unsigned> &FileIndex)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), TU(TU), FileIndex(FileIndex) {}

  /// A location in the TU's file table, numbering its file when new.
  facts::SourceLoc loc(clang::SourceLocation L);

  /// Appends FD's facts to the TU's functions.
  void extract(const clang::FunctionDecl *FD);

  /// Stores the writes to integer fields of every function extracted so far
  /// in the TU's facts (TUFacts::FieldWrites).
  void writeFieldWrites();

  const clang::Preprocessor *PP = nullptr;
  const LockdepAnnotationIndex *Annotations = nullptr;

private:
  std::string text(const clang::Expr *E);

  /// Reduces an expression to an access path, seeing through `&`, `*`,
  /// subscripts and trivial accessors. Depth bounds accessor inlining.
  std::optional<facts::AccessPath> accessPath(const clang::Expr *E, unsigned Depth = 0);

  static void addFieldStep(facts::AccessPath &Path, const clang::FieldDecl *FD);

  /// The access path a variable (parameter, local or global) starts.
  std::optional<facts::AccessPath> variablePath(const clang::VarDecl *VD, unsigned Depth);

  /// The one parameter a pointer expression is computed from, if it mentions
  /// exactly one.
  static const clang::ParmVarDecl *soleParameter(const clang::Expr *E);

  static std::string fieldTypeName(clang::QualType T);

  facts::ArgFact argFact(const clang::Expr *E);
  /// The constants an integer expression is one of, when it is a choice
  /// between constants or a local initialised to one and never changed;
  /// empty otherwise.
  std::vector<int64_t> constantChoices(const clang::Expr *E, unsigned Depth = 0) const;

  /// What the integer fields of a local struct initialised with constants
  /// (a field it leaves out is 0) may hold wherever the function passes it:
  /// `struct iomap_iter iter = { ..., .flags = IOMAP_REPORT };` exactly that,
  /// with `iter.flags |= IOMAP_NOWAIT;` somewhere, the bits both leave known.
  std::vector<facts::FieldBits> knownFieldBits(const clang::VarDecl *VD);

  facts::CallFact callFact(const clang::CallExpr *CE);

  /// When the callee's name comes from the body of a function-like macro
  /// invoked in the source (`down_write_nested(&inode->i_rwsem, subclass)`
  /// expanding to `down_write(sem)` without lockdep), records the macro and
  /// its arguments, re-read from the source text at the invocation. Through
  /// macros that invoke others, the macro is the one the source invokes:
  /// without lockdep `spin_lock_nested(lock, subclass)` becomes
  /// `raw_spin_lock_nested()`, then `_raw_spin_lock()`, and only the outermost
  /// invocation's text still says which lock and subclass.
  void recordMacro(const clang::CallExpr *CE, facts::CallFact &C);

  /// A macro argument as far as its text says: an integer, a parameter of
  /// the enclosing function, an enumerator, or an object-like macro whose
  /// body is one integer (SINGLE_DEPTH_NESTING).
  facts::ArgFact macroArg(llvm::StringRef Text);

  /// The index of the lockdep annotation site a statement comes from, or -1.
  int annotationSiteOf(const clang::Stmt *S);

  /// Appends a lockdep annotation's fact to the block, once per site: a call
  /// of the macro, its arguments read from the AST when the expansion keeps
  /// them (`(void)(l)` without lockdep, `lock_is_held(&(l)->dep_map)` with
  /// it) and from their tokens when it does not (might_lock() without lockdep).
  void emitAnnotation(int Site, facts::FunctionFact &F, facts::BlockFact &BF);

  /// For lockdep_set_class() and kin: whether the class is set on a lock
  /// reached through a pointer field (`&sdp->sd_quota_inode->i_rwsem`) that
  /// the function also stores, with a global key. lockdep keys the object;
  /// lockcheck names a lock by its access path, and only then does the
  /// field name the object: gfs2's init_inodes() stores sd_quota_inode and
  /// keys its i_rwsem (fs/gfs2/ops_fstype.c:905-916 in 6.1), while the
  /// `inode->i_mapping` hugetlbfs keys is every inode's. Other sites are not
  /// recorded.
  bool keysStoredPointerField(const facts::CallFact &C) const;

  /// Appends a sparse context annotation of the function's declaration: it
  /// expands to nothing outside sparse, so its argument is read from its
  /// tokens, in the scope of the body (At) where the parameters are.
  void emitDeclarationAnnotation(const LockdepAnnotationSite &S, clang::SourceLocation At,
                                 facts::FunctionFact &F, facts::BlockFact &BF);

  /// The access path an argument's tokens name when the AST has no expression
  /// for them, built as accessPath() builds the same expression's.
  std::optional<facts::AccessPath> pathFromTokens(llvm::ArrayRef<ArgumentToken> Tokens,
                                                  clang::SourceLocation At);

  /// The parameter, local declared before At, or global a name denotes.
  const clang::VarDecl *variableNamed(llvm::StringRef Name, clang::SourceLocation At);

  /// Normalises a branch condition; Negated tells the caller to swap successors.
  facts::ConditionFact condition(const clang::Expr *E, bool &Negated);

  /// Whether a condition tests only what a calling context can fix: the
  /// parameters, their fields and the current task.
  static bool testsContext(facts::ConditionFact::Kind K);

  /// A call to a trivial predicate (`iov_iter_rw(iter)`, whose whole body is
  /// `return i->data_source ? WRITE : READ;`), read as the test it makes on
  /// the caller's parameters; ComparedTo is the constant the result is
  /// compared with (`== READ`), if any. A callee's locals and calls mean
  /// nothing in the caller, so only context tests are seen through.
  std::optional<facts::ConditionFact>
  inlinedPredicate(const clang::CallExpr *Call, std::optional<int64_t> ComparedTo, bool &Negated);

  /// A call of a pure predicate (ExprPatterns.h: isPurePredicate) on one
  /// parameter, or on what it reads through fields of it, the other
  /// arguments constants: `__vma_shareable_lock(vma)`,
  /// `btrfs_is_zoned(root->fs_info)` with `root = inode->root`. Its result is
  /// an input of the function as a field of that parameter is
  /// (ConditionFact::Kind::ParamPredicate).
  std::optional<facts::ConditionFact> predicateOfParameter(const clang::CallExpr *Call);
  /// A branch condition no other kind reads, when it is a pure expression
  /// (ExprPatterns.h: isPureExpr) of one parameter of the current function,
  /// also through locals initialised with such reads and never assigned
  /// again: `S_ISREG(file_inode(file)->i_mode)`, `*seq & 1`. Kept as
  /// ConditionFact::Kind::ParamPredicate, named by its text; Negated as for
  /// condition().
  std::optional<facts::ConditionFact> pureTestOfParameter(const clang::Expr *E, bool &Negated);
  /// `p1 == p2` or `p1 != p2` of two parameters neither of which the body
  /// changed on the way (unlock_rename()): whether the caller passed one
  /// object twice, an input kept under the text `p1 == p2`, lower index first.
  std::optional<facts::ConditionFact> parametersEqual(const clang::Expr *E, bool &Negated);
  /// The current function's parameter E reads, itself or through fields
  /// (also through a local initialised with such a read and never assigned),
  /// with the read appended to Path (`$->root->fs_info`); null for any other E.
  const clang::ParmVarDecl *parameterReadPath(const clang::Expr *E, std::string &Path,
                                              unsigned Depth);

  /// `switch (mode)` on a parameter: which values lead to which successor, so
  /// a constant argument keeps only its own case (ceph's
  /// `__ceph_put_cap_refs(ci, had, PUT_CAP_REFS_NO_CHECK)`).
  void switchCases(const clang::CFGBlock &B, const clang::SwitchStmt *Switch, facts::BlockFact &BF);

  facts::ReturnFact returnFact(const clang::ReturnStmt *RS);

  void noteResultAssignment(const clang::Expr *RHS, llvm::StringRef Var, facts::FunctionFact &F);
  /// The local E copies (`p = q`, `p = ({ ...; q; })`), if any.
  static const clang::VarDecl *copiedLocal(const clang::Expr *E);
  /// An assignment of Value (null: not a plain one) to Var, made after the
  /// calls BF holds so far.
  facts::AssignFact assignFact(const clang::Decl *Var, const clang::Expr *Value,
                               const facts::BlockFact &BF);

  /// A store through a dereference, as an out-parameter is filled in
  /// (`*(ptlp) = __ptl` in pte_offset_map_lock()): through `&local`, an
  /// assignment to the local; through `&p->field` or a parameter `*ptlp`, a
  /// store into that place, kept only with the pointer stored.
  std::optional<facts::AssignFact> storeThrough(const clang::BinaryOperator *BO,
                                                const facts::BlockFact &BF);

  void noteFieldStore(const clang::BinaryOperator *BO, const clang::FunctionDecl *InFunction);
  void findParamChanges(const clang::CFG &Graph);
  /// Whether P still holds the caller's argument in the current block.
  bool keepsArgument(const clang::ParmVarDecl *P) const;
  /// Whether a change of what the parameter test C (of the current block)
  /// tests reaches it: ConditionFact::ParamChanged.
  bool paramChangeReaches(const facts::ConditionFact &C) const;
  /// `param > C`, `param <= C`, `C < param`, ...: a signed ordering test of a
  /// parameter against a constant, as ParamGreater or ParamLess.
  std::optional<facts::ConditionFact> paramOrdering(const clang::BinaryOperator *BO);

  // Writes to integer fields (FieldWrites.cpp).
  /// Finds FD's writes to integer fields and the locals it returns.
  void findFieldWrites(const clang::FunctionDecl *FD);
  /// A store through a local the function returns becomes a fact of its
  /// block, in order with the calls.
  void noteReturnedObjectStore(const clang::BinaryOperator *BO, facts::BlockFact &BF);
  /// Adds the function's other writes to the TU's (FieldWriteMasks).
  void finishFieldWrites();
  void noteWholeRecordWrite(const clang::RecordDecl *RD);

  // Constant stores through pointers before calls (PointerFieldStores.cpp).
  /// Finds, for each call of FD, what the constant stores through pointer
  /// variables on every path to it left known of their objects' fields.
  void findPointerFieldStores(const clang::FunctionDecl *FD, const clang::CFG &Graph);
  void storeTransfer(const clang::Stmt *St, PointerFieldState &State);
  /// Forgets the fields (all, or Only) of the objects of the followed
  /// pointers that share an alias class with a variable of Named, but Except.
  void forgetAliases(const llvm::SmallPtrSetImpl<const clang::VarDecl *> &Named,
                     PointerFieldState &State, const clang::FieldDecl *Only,
                     const clang::VarDecl *Except) const;
  /// Adds to A's FieldValues what the stores left known of the fields of the
  /// object the argument Arg of CE points to, when Arg is a followed pointer.
  void addStoredFields(const clang::CallExpr *CE, const clang::Expr *Arg, facts::ArgFact &A);

  // Objects used again after a call (UsesAfterCalls.cpp).
  /// Finds, for each call of the body, the pointer variables pointed into by
  /// its arguments whose object every path from the call to the return uses
  /// again before the variable changes.
  void findUsesAfterCalls(const clang::CFG &Graph);
  /// Sets A.UsedAfter when the argument Arg of CE points into such an object.
  void addUsedAfter(const clang::CallExpr *CE, const clang::Expr *Arg, facts::ArgFact &A) const;

  clang::ASTContext &Ctx;
  clang::SourceManager &SM;
  facts::TUFacts &TU;
  llvm::DenseMap<clang::FileID, unsigned> &FileIndex;
  llvm::DenseMap<const clang::CallExpr *, unsigned> CallIndex;
  const clang::FunctionDecl *CurrentFunction = nullptr;
  unsigned ConditionDepth = 0;
  llvm::DenseMap<const clang::VarDecl *, const clang::Expr *> SingleAssignmentLocals;
  llvm::SmallPtrSet<const clang::Decl *, 8> AddressTaken;
  LocalStructWrites StructWrites;
  llvm::SmallPtrSet<const clang::VarDecl *, 8> Flags;
  /// For each parameter the body changes, the CFG blocks a change reaches
  /// (its own included): there a test of the parameter may see another value
  /// than the caller's.
  llvm::DenseMap<const clang::ParmVarDecl *, llvm::BitVector> ParamChangeReaches;
  /// The same for stores to a field through a parameter, by field path.
  std::map<std::pair<const clang::ParmVarDecl *, std::string>, llvm::BitVector>
      ParamFieldChangeReaches;
  /// The CFG block whose branch condition() is reading.
  unsigned CurrentBlock = 0;
  /// The current function's locals that a `return` returns, its writes to
  /// integer fields (the assignment, or null for `++` and an address taken),
  /// and those emitted as block facts.
  llvm::SmallPtrSet<const clang::VarDecl *, 4> ReturnedLocals;
  std::vector<std::pair<const clang::BinaryOperator *, const clang::FieldDecl *>> PendingWrites;
  llvm::SmallPtrSet<const clang::BinaryOperator *, 4> EmittedStores;
  /// Per record and field of the TU, the bits other writes may set and clear.
  std::map<std::pair<std::string, std::string>, std::pair<uint64_t, uint64_t>> FieldWriteMasks;
  /// The pointers some constant store goes through, each variable's alias
  /// class (by a member standing for it), and the state before each call.
  llvm::SmallPtrSet<const clang::VarDecl *, 4> TrackedPointers;
  llvm::DenseMap<const clang::VarDecl *, const clang::VarDecl *> AliasClass;
  llvm::DenseMap<const clang::CallExpr *, PointerFieldState> CallStores;
  llvm::DenseMap<const clang::CallExpr *, llvm::SmallPtrSet<const clang::VarDecl *, 2>>
      UsedAfterCall;
  llvm::SmallString<32> Scratch;
  /// The lockdep annotations invoked in the current function's body, the AST
  /// expression of each argument when the expansion keeps it, and which have
  /// had their fact emitted.
  std::vector<const LockdepAnnotationSite *> FunctionSites;
  std::vector<std::vector<const clang::Expr *>> SiteArguments;
  std::vector<bool> SiteEmitted;
};

} // namespace lockcheck::frontend

#endif // LOCKCHECK_FRONTEND_FUNCTIONEXTRACTOR_H
