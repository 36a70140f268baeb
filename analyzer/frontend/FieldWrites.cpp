//===- frontend/FieldWrites.cpp - Writes to integer fields ----------------===//
//
// What a function stores into integer fields: in order with its calls, the
// stores through a local pointer it returns (FieldStoreFact), so the analysis
// can say what a caller gets back (`dio->flags = 0; ... dio->flags |=
// IOMAP_DIO_NEED_SYNC; ... return dio;`); and, over the whole TU, which bits
// every other write may set or clear (FieldWriteFact), so that a bit is taken
// for known only where nothing else can change it.
//
//===----------------------------------------------------------------------===//
#include "frontend/FunctionExtractor.h"

#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace lockcheck::frontend {

namespace {

/// The writes to integer fields in one body, and the locals it returns.
class FieldWriteFinder : public RecursiveASTVisitor<FieldWriteFinder> {
public:
  struct Write {
    /// The assignment, or null for `++`, `--` and an address taken.
    const BinaryOperator *Assignment;
    const FieldDecl *Field;
  };
  std::vector<Write> Writes;
  /// Records written as a whole (`*p = *q`, `&p->embedded` handed on).
  std::vector<const RecordDecl *> WholeRecords;
  llvm::SmallPtrSet<const VarDecl *, 4> Returned;

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      written(BO->getLHS(), BO);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      written(UO->getSubExpr(), nullptr);
    // `&p->flags` may be written through: set_bit(), WRITE_ONCE()'s volatile
    // store. READ_ONCE()'s cast to a pointer to const only reads.
    else if (UO->getOpcode() == UO_AddrOf && !ReadOnly.contains(UO))
      written(UO->getSubExpr(), nullptr);
    return true;
  }
  bool VisitCastExpr(CastExpr *CE) {
    QualType T = CE->getType();
    if (T->isPointerType() && T->getPointeeType().isConstQualified())
      if (const auto *UO = dyn_cast<UnaryOperator>(CE->getSubExpr()->IgnoreParens());
          UO && UO->getOpcode() == UO_AddrOf)
        ReadOnly.insert(UO);
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *RS) {
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(RS->getRetValue())))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->isLocalVarDecl() && VD->getType()->isPointerType())
        Returned.insert(VD);
    return true;
  }

private:
  void written(const Expr *E, const BinaryOperator *Assignment) {
    E = E->IgnoreParenImpCasts();
    if (const RecordDecl *RD = E->getType()->getAsRecordDecl()) {
      WholeRecords.push_back(RD);
      return;
    }
    const auto *ME = dyn_cast<MemberExpr>(E);
    const auto *FD = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
    if (FD && FD->getType()->isIntegralOrEnumerationType() && !FD->getName().empty())
      Writes.push_back({Assignment, FD});
  }
  llvm::SmallPtrSet<const UnaryOperator *, 4> ReadOnly;
};

} // namespace

/// `p->Field` for a local p the function returns.
static std::pair<const VarDecl *, const FieldDecl *>
returnedLocalField(const Expr *LHS, const llvm::SmallPtrSetImpl<const VarDecl *> &Returned) {
  const auto *ME = dyn_cast<MemberExpr>(LHS->IgnoreParenImpCasts());
  if (!ME || !ME->isArrow())
    return {nullptr, nullptr};
  const auto *DRE = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!VD || !Returned.contains(VD) || !FD || !FD->getType()->isIntegralOrEnumerationType() ||
      FD->getName().empty())
    return {nullptr, nullptr};
  return {VD, FD};
}

/// How an assignment changes its field, and the constant it uses.
static std::pair<facts::FieldStoreOp, uint64_t> storeEffect(const BinaryOperator *BO,
                                                            const FieldDecl *FD,
                                                            const ASTContext &Ctx) {
  std::optional<int64_t> C = BO ? integerConstant(BO->getRHS(), Ctx) : std::nullopt;
  if (!C)
    return {facts::FieldStoreOp::Other, 0};
  uint64_t Bits = asFieldValue(*C, FD, Ctx);
  switch (BO->getOpcode()) {
  case BO_Assign: return {facts::FieldStoreOp::Assign, Bits};
  case BO_OrAssign: return {facts::FieldStoreOp::Or, Bits};
  case BO_AndAssign: return {facts::FieldStoreOp::And, Bits};
  default: return {facts::FieldStoreOp::Other, 0};
  }
}

void FunctionExtractor::findFieldWrites(const FunctionDecl *FD) {
  FieldWriteFinder Finder;
  Finder.TraverseStmt(FD->getBody());
  ReturnedLocals = std::move(Finder.Returned);
  PendingWrites.clear();
  for (const FieldWriteFinder::Write &W : Finder.Writes)
    PendingWrites.push_back({W.Assignment, W.Field});
  for (const RecordDecl *RD : Finder.WholeRecords)
    noteWholeRecordWrite(RD);
}

void FunctionExtractor::noteReturnedObjectStore(const BinaryOperator *BO, facts::BlockFact &BF) {
  auto [VD, FD] = returnedLocalField(BO->getLHS(), ReturnedLocals);
  if (!VD)
    return;
  auto [Op, Bits] = storeEffect(BO, FD, Ctx);
  BF.FieldStores.push_back({VD->getName().str(), declaringRecord(FD), FD->getName().str(), Op,
                            Bits, static_cast<unsigned>(BF.Calls.size())});
  EmittedStores.insert(BO);
}

void FunctionExtractor::finishFieldWrites() {
  // A store through a returned local that no block emitted (the CFG dropped
  // its code as unreachable) still counts as a write.
  for (const auto &[BO, FD] : PendingWrites) {
    if (BO && EmittedStores.contains(BO))
      continue;
    auto [Op, Bits] = storeEffect(BO, FD, Ctx);
    auto [Set, Clear] = facts::storeMasks(Op, Bits);
    auto &Masks = FieldWriteMasks[{declaringRecord(FD), FD->getName().str()}];
    Masks.first |= Set;
    Masks.second |= Clear;
  }
  PendingWrites.clear();
  EmittedStores.clear();
}

void FunctionExtractor::noteWholeRecordWrite(const RecordDecl *RD) {
  // Every integer field of the record, and of the records embedded in it.
  auto &Masks = FieldWriteMasks[{recordName(Ctx.getRecordType(RD)), ""}];
  if (Masks.first == ~uint64_t(0))
    return;
  Masks = {~uint64_t(0), ~uint64_t(0)};
  for (const FieldDecl *FD : RD->fields())
    if (const RecordDecl *Inner = FD->getType()->getAsRecordDecl())
      noteWholeRecordWrite(Inner);
}

void FunctionExtractor::writeFieldWrites() {
  TU.FieldWrites.clear();
  for (const auto &[Key, Masks] : FieldWriteMasks)
    TU.FieldWrites.push_back({Key.first, Key.second, Masks.first, Masks.second});
}

} // namespace lockcheck::frontend
