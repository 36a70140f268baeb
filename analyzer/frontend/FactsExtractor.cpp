//===- frontend/FactsExtractor.cpp - Clang AST and CFG to per-TU facts -----===//
//
// The TU consumer: which functions of a TU to extract (those the main file
// defines and what they reach), the ops-table stores of its globals, and its
// Kbuild module. Each function's body is FunctionExtractor's.
//
//===----------------------------------------------------------------------===//
#include "frontend/FactsExtractor.h"

#include "frontend/ExprPatterns.h"
#include "frontend/FunctionExtractor.h"
#include "frontend/LockdepAnnotations.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace lockcheck::frontend {

namespace {

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
    FE.writeFieldWrites();
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
