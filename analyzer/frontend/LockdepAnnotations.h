//===- frontend/LockdepAnnotations.h - lockdep_assert_held() and friends --===//
//
// The lockdep annotations (`lockdep_assert_held(&inode->i_rwsem)`,
// `might_lock(&mm->mmap_lock)`, ...) say what a function expects of a lock,
// but what they expand to depends on the kernel configuration: with
// CONFIG_PROVE_LOCKING a real check (calls of lock_is_held_type(),
// lock_acquire(), branches on debug_locks), without it `do { (void)(l); }
// while (0)` or nothing at all. They are read from the macro invocation
// instead, as the preprocessor sees it, so that both builds give the same fact.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_FRONTEND_LOCKDEPANNOTATIONS_H
#define LOCKCHECK_FRONTEND_LOCKDEPANNOTATIONS_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/TokenKinds.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Expr;
class FieldDecl;
class FunctionDecl;
class Preprocessor;
class Stmt;
class VarDecl;
class SourceManager;
} // namespace clang

namespace lockcheck::frontend {

/// One token of a macro argument as written at the invocation.
struct ArgumentToken {
  clang::tok::TokenKind Kind;
  std::string Spelling;
};

/// One invocation of a lockdep annotation macro.
struct LockdepAnnotationSite {
  std::string Macro;
  /// The macro name token: a file location when the source invokes the macro,
  /// a location inside another macro's expansion when that macro does
  /// (`dma_resv_assert_held(obj)`).
  clang::SourceLocation Name;
  /// The extent of the invocation in its file (for one invoked by another
  /// macro, that macro's invocation).
  clang::SourceLocation FileBegin, FileEnd;

  struct Argument {
    /// The tokens as written, blank-separated where the source has blanks.
    std::string Text;
    /// The first and last token, which the AST expression of the argument, if
    /// the expansion keeps one, is spelled at.
    clang::SourceLocation First, Last;
    std::vector<ArgumentToken> Tokens;
  };
  std::vector<Argument> Args;

  bool invokedInSource() const { return Name.isFileID(); }
};

/// What an argument's tokens name when the expansion drops the argument
/// (might_lock() without lockdep): `&var(->field|.field)*` from a variable, or
/// from an object-like macro over a call (`current`, that is `get_current()`).
struct TokenPath {
  const clang::VarDecl *Variable = nullptr;
  const clang::FunctionDecl *Call = nullptr;
  /// The fields in order, anonymous struct and union members included.
  std::vector<const clang::FieldDecl *> Fields;
};

/// Resolves an argument's tokens; LookupVariable finds the variable a name
/// denotes where the argument is.
std::optional<TokenPath>
resolveTokenPath(llvm::ArrayRef<ArgumentToken> Tokens, clang::ASTContext &Ctx,
                 const clang::Preprocessor *PP,
                 llvm::function_ref<const clang::VarDecl *(llvm::StringRef)> LookupVariable);

/// Whether a macro is one of the lockdep annotations recorded as facts.
bool isLockdepAnnotation(llvm::StringRef Macro);

/// Whether it is one of lockdep's class-setting macros
/// (`lockdep_set_class(&sdp->sd_quota_inode->i_rwsem, &gfs2_quota_imutex_key)`),
/// recorded where the function also stores the pointer the lock is reached
/// through (FunctionExtractor::emitAnnotation).
bool isLockClassAnnotation(llvm::StringRef Macro);

/// Whether it is one of sparse's context annotations (`__must_hold(x)`,
/// `__acquires(x)`, `__releases(x)`), which sit on a function's declaration
/// and are recorded as facts at its entry.
bool isSparseContextAnnotation(llvm::StringRef Macro);

/// Records every invocation of a lockdep annotation macro while the TU is
/// preprocessed.
class LockdepAnnotationRecorder : public clang::PPCallbacks {
public:
  LockdepAnnotationRecorder(const clang::Preprocessor &PP,
                            std::vector<LockdepAnnotationSite> &Sites)
      : PP(PP), Sites(Sites) {}
  void MacroExpands(const clang::Token &MacroNameTok, const clang::MacroDefinition &MD,
                    clang::SourceRange Range, const clang::MacroArgs *Args) override;

private:
  const clang::Preprocessor &PP;
  std::vector<LockdepAnnotationSite> &Sites;
};

/// The recorded sites of a parsed TU, found by where they are.
class LockdepAnnotationIndex {
public:
  LockdepAnnotationIndex(const clang::SourceManager &SM,
                         const std::vector<LockdepAnnotationSite> &Sites);

  /// The sites whose invocation lies within a file range (a function body).
  std::vector<const LockdepAnnotationSite *> within(clang::SourceRange Range) const;

  /// Whether the code at Loc comes from Site's expansion: its macro body, or,
  /// for a site the source invokes, its arguments too (`BTRFS_I(inode)` in
  /// `lockdep_assert_held(&BTRFS_I(inode)->i_mmap_lock)` is part of the
  /// annotation, evaluated once with lockdep and never without).
  bool comesFrom(clang::SourceLocation Loc, const LockdepAnnotationSite &Site) const;

  /// Whether the token at Loc is, through macro arguments and expansions, the
  /// one written at Target.
  bool spelledAt(clang::SourceLocation Loc, clang::SourceLocation Target) const;

  /// For each site, the AST expression of each argument, when the expansion
  /// keeps one (the outermost expression spelled from the argument's first to
  /// its last token), else null.
  std::vector<std::vector<const clang::Expr *>>
  findArguments(const clang::Stmt *Body, llvm::ArrayRef<const LockdepAnnotationSite *> Sites) const;

private:
  const clang::SourceManager &SM;
  /// Per file, the sites by offset of FileBegin.
  llvm::DenseMap<clang::FileID, std::vector<std::pair<unsigned, const LockdepAnnotationSite *>>>
      ByFile;
};

} // namespace lockcheck::frontend

#endif // LOCKCHECK_FRONTEND_LOCKDEPANNOTATIONS_H
