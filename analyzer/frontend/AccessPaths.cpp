//===- frontend/AccessPaths.cpp - Expressions as the objects they name ----===//
//
// Where an expression is and how it is spelled, the access path it names
// (a parameter, global, local or call result, then fields, through casts
// and container_of), a call argument with every reading of it the analysis
// may need, and the known bits of a local struct's fields
// (FunctionExtractor.h).
//
//===----------------------------------------------------------------------===//
#include "frontend/FunctionExtractor.h"

#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
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
  if (!A.IntValue && E->getType()->isIntegralOrEnumerationType())
    A.OneOf = constantChoices(E);
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
  A.NonNull = isNonNullAddress(E, Ctx);
  // Kept only for a local some call's result is assigned to (extract()).
  if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(E)))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getType()->isPointerType())
      A.Local = VD->getName().str();
  return A;
}

std::vector<int64_t> FunctionExtractor::constantChoices(const Expr *E, unsigned Depth) const {
  if (Depth > 4)
    return {};
  E = E->IgnoreParenImpCasts();
  if (std::optional<int64_t> V = integerConstant(E, Ctx))
    return {*V};
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    std::vector<int64_t> Choices = constantChoices(CO->getTrueExpr(), Depth + 1);
    std::vector<int64_t> Other = constantChoices(CO->getFalseExpr(), Depth + 1);
    if (Choices.empty() || Other.empty())
      return {};
    Choices.insert(Choices.end(), Other.begin(), Other.end());
    llvm::sort(Choices);
    Choices.erase(std::unique(Choices.begin(), Choices.end()), Choices.end());
    return Choices;
  }
  // Only a local whose one assignment is its initializer has that value
  // wherever it is read.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      auto Init = SingleAssignmentLocals.find(VD);
      if (Init != SingleAssignmentLocals.end() && Init->second == VD->getInit())
        return constantChoices(Init->second, Depth + 1);
    }
  return {};
}

uint64_t asFieldValue(int64_t V, const FieldDecl *FD, const ASTContext &Ctx) {
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

} // namespace lockcheck::frontend
