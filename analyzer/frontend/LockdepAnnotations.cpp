//===- frontend/LockdepAnnotations.cpp - lockdep_assert_held() and friends -===//
#include "frontend/LockdepAnnotations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace lockcheck::frontend {

bool isLockdepAnnotation(llvm::StringRef Macro) {
  // include/linux/lockdep.h: the assertions on one lock and the might_lock()
  // family. These are facts about the code, not lock operations: what they
  // promise is for the analysis to decide, so the list names them all.
  static constexpr llvm::StringLiteral Names[] = {
      "lockdep_assert_held",       "lockdep_assert_held_once", "lockdep_assert_held_read",
      "lockdep_assert_held_write", "lockdep_assert_not_held",  "might_lock",
      "might_lock_nested",         "might_lock_read"};
  return llvm::is_contained(Names, Macro) || isSparseContextAnnotation(Macro) ||
         isLockClassAnnotation(Macro);
}

bool isLockClassAnnotation(llvm::StringRef Macro) {
  // include/linux/lockdep.h: a lock's lockdep class is set by the key given,
  // not by where the lock was initialised.
  static constexpr llvm::StringLiteral Names[] = {
      "lockdep_set_class", "lockdep_set_class_and_name", "lockdep_set_class_and_subclass"};
  return llvm::is_contained(Names, Macro);
}

bool isSparseContextAnnotation(llvm::StringRef Macro) {
  // include/linux/compiler_types.h: context attributes for sparse, empty
  // unless __CHECKER__ is defined, written on a function's declaration.
  static constexpr llvm::StringLiteral Names[] = {"__must_hold", "__acquires", "__cond_acquires",
                                                  "__releases"};
  return llvm::is_contained(Names, Macro);
}

/// The function an object-like macro calls when its body is `f()`.
static const FunctionDecl *macroCallee(StringRef Name, ASTContext &Ctx, const Preprocessor &PP) {
  const MacroInfo *MI = PP.getMacroInfo(&Ctx.Idents.get(Name));
  if (!MI || !MI->isObjectLike() || MI->getNumTokens() != 3 ||
      !MI->getReplacementToken(0).is(tok::identifier) ||
      !MI->getReplacementToken(1).is(tok::l_paren) || !MI->getReplacementToken(2).is(tok::r_paren))
    return nullptr;
  IdentifierInfo *Callee = MI->getReplacementToken(0).getIdentifierInfo();
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(Callee))
    if (const auto *Fn = dyn_cast<FunctionDecl>(D))
      return Fn;
  return nullptr;
}

std::optional<TokenPath>
resolveTokenPath(llvm::ArrayRef<ArgumentToken> Tokens, ASTContext &Ctx, const Preprocessor *PP,
                 llvm::function_ref<const VarDecl *(StringRef)> LookupVariable) {
  while (Tokens.size() > 2 && Tokens.front().Kind == tok::l_paren &&
         Tokens.back().Kind == tok::r_paren)
    Tokens = Tokens.drop_front().drop_back();
  if (!Tokens.empty() && Tokens.front().Kind == tok::amp)
    Tokens = Tokens.drop_front();
  // A root, then pairs of `->` or `.` and a field name.
  if (Tokens.empty() || Tokens.size() % 2 == 0 || Tokens.front().Kind != tok::identifier)
    return std::nullopt;
  TokenPath Path;
  QualType T;
  if ((Path.Variable = LookupVariable(Tokens.front().Spelling)))
    T = Path.Variable->getType();
  else if (PP && (Path.Call = macroCallee(Tokens.front().Spelling, Ctx, *PP)))
    T = Path.Call->getReturnType();
  else
    return std::nullopt;
  for (size_t I = 1; I + 1 < Tokens.size(); I += 2) {
    if (Tokens[I + 1].Kind != tok::identifier)
      return std::nullopt;
    if (Tokens[I].Kind == tok::arrow) {
      const auto *PT = T->getAs<PointerType>();
      if (!PT)
        return std::nullopt;
      T = PT->getPointeeType();
    } else if (Tokens[I].Kind != tok::period) {
      return std::nullopt;
    }
    const RecordDecl *RD = T->getAsRecordDecl();
    RD = RD ? RD->getDefinition() : nullptr;
    if (!RD)
      return std::nullopt;
    auto Found = RD->lookup(&Ctx.Idents.get(Tokens[I + 1].Spelling));
    if (Found.empty())
      return std::nullopt;
    // A field of an anonymous member is found through the members leading to it.
    const FieldDecl *Field = nullptr;
    if (const auto *Indirect = dyn_cast<IndirectFieldDecl>(Found.front())) {
      for (const NamedDecl *Member : Indirect->chain())
        if ((Field = dyn_cast<FieldDecl>(Member)))
          Path.Fields.push_back(Field);
    } else if ((Field = dyn_cast<FieldDecl>(Found.front()))) {
      Path.Fields.push_back(Field);
    }
    if (!Field)
      return std::nullopt;
    T = Field->getType();
  }
  return Path;
}

void LockdepAnnotationRecorder::MacroExpands(const Token &MacroNameTok, const MacroDefinition &MD,
                                             SourceRange Range, const MacroArgs *Args) {
  const IdentifierInfo *II = MacroNameTok.getIdentifierInfo();
  const MacroInfo *MI = MD.getMacroInfo();
  if (!II || !Args || !MI || !MI->isFunctionLike() || !isLockdepAnnotation(II->getName()))
    return;
  const SourceManager &SM = PP.getSourceManager();
  LockdepAnnotationSite Site;
  Site.Macro = II->getName().str();
  Site.Name = MacroNameTok.getLocation();
  Site.FileBegin = SM.getExpansionLoc(Range.getBegin());
  Site.FileEnd = SM.getExpansionRange(Range.getEnd()).getEnd();
  for (unsigned I = 0; I < Args->getNumMacroArguments(); ++I) {
    LockdepAnnotationSite::Argument A;
    for (const Token *T = Args->getUnexpArgument(I); T->isNot(tok::eof); ++T) {
      std::string Spelling = PP.getSpelling(*T);
      if (!A.Text.empty() && T->hasLeadingSpace())
        A.Text += ' ';
      A.Text += Spelling;
      if (A.Tokens.empty())
        A.First = T->getLocation();
      A.Last = T->getLocation();
      A.Tokens.push_back({T->getKind(), std::move(Spelling)});
    }
    Site.Args.push_back(std::move(A));
  }
  Sites.push_back(std::move(Site));
}

LockdepAnnotationIndex::LockdepAnnotationIndex(const SourceManager &SM,
                                               const std::vector<LockdepAnnotationSite> &Sites)
    : SM(SM) {
  for (const LockdepAnnotationSite &Site : Sites)
    ByFile[SM.getFileID(Site.FileBegin)].push_back({SM.getFileOffset(Site.FileBegin), &Site});
  for (auto &[File, List] : ByFile)
    llvm::stable_sort(List, [](const auto &A, const auto &B) { return A.first < B.first; });
}

std::vector<const LockdepAnnotationSite *> LockdepAnnotationIndex::within(SourceRange Range) const {
  std::vector<const LockdepAnnotationSite *> Out;
  SourceLocation Begin = SM.getExpansionLoc(Range.getBegin());
  SourceLocation End = SM.getExpansionRange(Range.getEnd()).getEnd();
  FileID File = SM.getFileID(Begin);
  auto It = ByFile.find(File);
  if (It == ByFile.end() || SM.getFileID(End) != File)
    return Out;
  unsigned From = SM.getFileOffset(Begin), To = SM.getFileOffset(End);
  auto First = llvm::lower_bound(
      It->second, From, [](const auto &Entry, unsigned Offset) { return Entry.first < Offset; });
  for (auto I = First; I != It->second.end() && I->first <= To; ++I)
    Out.push_back(I->second);
  return Out;
}

bool LockdepAnnotationIndex::comesFrom(SourceLocation Loc,
                                       const LockdepAnnotationSite &Site) const {
  if (Loc.isInvalid())
    return false;
  if (Site.invokedInSource()) {
    SourceLocation At = SM.getExpansionLoc(Loc);
    return SM.getFileID(At) == SM.getFileID(Site.FileBegin) &&
           SM.getFileOffset(At) >= SM.getFileOffset(Site.FileBegin) &&
           SM.getFileOffset(At) <= SM.getFileOffset(Site.FileEnd);
  }
  // Invoked by another macro: the site's own expansion is what its name token
  // expanded to, wherever that macro was itself expanded.
  for (unsigned Depth = 0; Loc.isMacroID() && Depth < 64; ++Depth) {
    if (!SM.isMacroArgExpansion(Loc) && SM.getImmediateExpansionRange(Loc).getBegin() == Site.Name)
      return true;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
}

bool LockdepAnnotationIndex::spelledAt(SourceLocation Loc, SourceLocation Target) const {
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    if (Loc == Target)
      return true;
    if (!Loc.isMacroID())
      return false;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
}

namespace {

/// Visits a body's expressions outermost first, keeping for each argument the
/// first one spelled exactly over it.
class ArgumentFinder : public RecursiveASTVisitor<ArgumentFinder> {
public:
  ArgumentFinder(const LockdepAnnotationIndex &Index,
                 llvm::ArrayRef<const LockdepAnnotationSite *> Sites)
      : Index(Index), Sites(Sites) {
    for (const LockdepAnnotationSite *Site : Sites)
      Found.emplace_back(Site->Args.size(), nullptr);
  }
  bool VisitExpr(Expr *E) {
    for (size_t S = 0; S < Sites.size(); ++S)
      for (size_t A = 0; A < Sites[S]->Args.size(); ++A) {
        const LockdepAnnotationSite::Argument &Arg = Sites[S]->Args[A];
        if (!Found[S][A] && Arg.First.isValid() && Index.spelledAt(E->getBeginLoc(), Arg.First) &&
            Index.spelledAt(E->getEndLoc(), Arg.Last))
          Found[S][A] = E;
      }
    return true;
  }
  std::vector<std::vector<const Expr *>> Found;

private:
  const LockdepAnnotationIndex &Index;
  llvm::ArrayRef<const LockdepAnnotationSite *> Sites;
};

} // namespace

std::vector<std::vector<const Expr *>>
LockdepAnnotationIndex::findArguments(const Stmt *Body,
                                      llvm::ArrayRef<const LockdepAnnotationSite *> Sites) const {
  ArgumentFinder Finder(*this, Sites);
  Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(Finder.Found);
}

} // namespace lockcheck::frontend
