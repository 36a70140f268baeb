//===- unittests/facts/EveryKindOfFact.cpp - Facts with every field set ---===//
#include "unittests/facts/EveryKindOfFact.h"

#include <gtest/gtest.h>

namespace lockcheck::facts::testing {

TUFacts everyKindOfFact() {
  TUFacts TU;
  TU.MainFile = "/src/fs/a.c";
  TU.ModuleName = "afs";
  TU.Files = {"/src/fs/a.c", "/src/include/linux/fs.h"};

  FunctionFact F;
  F.Name = "a_write_iter";
  F.IsStatic = true;
  F.IsInline = true;
  F.Loc = {0, 10, 2};
  F.Params = {"iocb", "from", "flags"};
  F.ParamRecords = {"kiocb", "iov_iter", ""};

  CallFact Lock; // down_write(&file->f_inode->i_rwsem), args: path
  Lock.Kind = CalleeKind::Direct;
  Lock.Callee = "down_write";
  Lock.CalleeText = "down_write";
  ArgFact PathArg;
  PathArg.Text = "&file->f_inode->i_rwsem";
  PathArg.Path = AccessPath{PathRoot::Param, 0, "", "file",
                            {{"file", "f_inode", "inode", false, std::nullopt},
                             {"inode", "i_rwsem", "rw_semaphore", false, std::nullopt}}};
  ArgFact Element; // &fi->i_gc_rwsem[WRITE], then &fi->locks[i]
  Element.Text = "&fi->i_gc_rwsem[WRITE]";
  Element.Path = AccessPath{PathRoot::Param, 1, "fi", "f2fs_inode_info",
                            {{"f2fs_inode_info", "i_gc_rwsem", "f2fs_rwsem", true, 1},
                             {"f2fs_inode_info", "locks", "mutex", true, std::nullopt}}};
  Lock.Args = {PathArg, Element};
  Lock.Loc = {0, 12, 3};
  // Spelled down_write_nested(&file->f_inode->i_rwsem, 1), a macro without lockdep.
  Lock.Macro = "down_write_nested";
  ArgFact Subclass;
  Subclass.Text = "1";
  Subclass.IntValue = 1;
  Lock.MacroArgs = {PathArg, Subclass};

  CallFact Try; // ret = mutex_lock_killable_nested(&g_lock, -2): global path + int
  Try.Kind = CalleeKind::Direct;
  Try.Callee = "mutex_lock_killable_nested";
  Try.CalleeText = "mutex_lock_killable_nested";
  ArgFact Global;
  Global.Text = "&g_lock";
  Global.Path = AccessPath{PathRoot::Global, -1, "g_lock", "mutex", {}};
  ArgFact Int;
  Int.Text = "-2";
  Int.IntValue = -2;
  Try.Args = {Global, Int};
  Try.ResultVar = "ret";
  Try.Loc = {1, 300, 7};

  CallFact Fsync; // file->f_op->fsync(file, ...) with a callback and a call-result path
  Fsync.Kind = CalleeKind::Field;
  Fsync.Record = "file_operations";
  Fsync.Field = "fsync";
  Fsync.CalleeText = "file->f_op->fsync";
  ArgFact Fn;
  Fn.Text = "end_io";
  Fn.FunctionRef = "a_end_io";
  ArgFact Result;
  Result.Text = "&BTRFS_I(inode)->vfs_inode";
  Result.Path = AccessPath{PathRoot::CallResult, -1, "BTRFS_I", "btrfs_inode",
                           {{"btrfs_inode", "vfs_inode", "inode", false, std::nullopt}}};
  // &iter of `struct iomap_iter iter = { .flags = IOMAP_DIRECT }` with
  // `iter.flags |= IOMAP_WRITE` on one path: IOMAP_DIRECT one, bits 1-3 and
  // above 4 zero, bit 0 unknown; len exactly 0; a signed field exactly -2,
  // whose high bits are all one.
  ArgFact Local;
  Local.Text = "&iter";
  Local.Path = AccessPath{PathRoot::Local, -1, "iter", "iomap_iter", {}};
  Local.FieldValues = {{"flags", 0x10, ~uint64_t(0x11)},
                       FieldBits::constant("len", 0),
                       FieldBits::constant("level", -2)};
  Local.NonNull = true;
  // `dio` after `dio = __iomap_dio_rw(...)`.
  ArgFact Object;
  Object.Text = "dio";
  Object.Local = "dio";
  Object.UsedAfter = true;
  // `dir ? FI_DIRTY_DIR : FI_DIRTY_FILE`, and a negative choice.
  ArgFact Choice;
  Choice.Text = "flag";
  Choice.OneOf = {-5, 3, 19};
  Fsync.Args = {Fn, Result, Local, Object, Choice};
  Fsync.Loc = {0, 14, 9};

  CallFact Cb; // cb(iocb) through parameter 1; an Unknown callee
  Cb.Kind = CalleeKind::Param;
  Cb.Param = 1;
  Cb.CalleeText = "cb";
  CallFact Arr;
  Arr.Kind = CalleeKind::Unknown;
  Arr.CalleeText = "handlers[i]";
  ArgFact Text;
  Text.Text = "x + 1"; // only its spelling
  Arr.Args = {Text};
  CallFact Assert; // lockdep_assert_held(&file->f_inode->i_rwsem): no call, a macro
  Assert.Kind = CalleeKind::LockdepAnnotation;
  Assert.Callee = "lockdep_assert_held";
  Assert.CalleeText = "lockdep_assert_held";
  Assert.Args = {PathArg};
  Assert.Loc = {0, 13, 2};
  F.Calls = {Lock, Try, Fsync, Cb, Arr, Assert};

  auto Cond = [](ConditionFact::Kind K, unsigned Call, std::string Var, int Param,
                 int64_t Value) {
    ConditionFact C;
    C.K = K;
    C.Call = Call;
    C.Var = std::move(Var);
    C.Param = Param;
    C.Value = Value;
    return C;
  };
  auto Ret = [](ReturnFact::Kind K, unsigned Call, std::string Var) {
    ReturnFact R;
    R.K = K;
    R.Call = Call;
    R.Var = std::move(Var);
    R.Loc = {0, 20 + static_cast<uint32_t>(K), 3};
    return R;
  };
  auto Block = [](std::vector<unsigned> Calls, std::vector<int> Succs) {
    BlockFact B;
    B.Calls = std::move(Calls);
    B.Succs = std::move(Succs);
    return B;
  };
  // 0 exit; 1..4 one condition kind each; 5..10 one return kind each; 10 entry.
  F.Blocks.push_back(Block({}, {}));
  F.Blocks.push_back(Block({0}, {2, 0}));
  F.Blocks.back().Condition = Cond(ConditionFact::Kind::CallResult, 0, "", -1, 0);
  F.Blocks.push_back(Block({1}, {3, -1}));
  F.Blocks.back().Condition = Cond(ConditionFact::Kind::LocalVar, 0, "ret", -1, 0);
  F.Blocks.push_back(Block({}, {4, 5}));
  F.Blocks.back().Condition = Cond(ConditionFact::Kind::ParamMask, 0, "", 2, 0x4);
  F.Blocks.back().WarningSucc = 1;
  F.Blocks.push_back(Block({}, {5, 6}));
  F.Blocks.back().Condition = Cond(ConditionFact::Kind::ParamEquals, 0, "", 2, -7);
  F.Blocks.back().Condition.ParamChanged = true;
  F.Blocks.push_back(Block({2, 3}, {0}));
  F.Blocks.back().Return = Ret(ReturnFact::Kind::Void, 0, "");
  F.Blocks.push_back(Block({4, 5}, {0}));
  F.Blocks.back().Return = Ret(ReturnFact::Kind::Zero, 0, "");
  F.Blocks.back().Return->Value = 0;
  F.Blocks.push_back(Block({}, {0}));
  F.Blocks.back().Return = Ret(ReturnFact::Kind::NonZero, 0, "");
  F.Blocks.back().Return->Value = -22;
  F.Blocks.back().Return->Pointer = true;
  F.Blocks.push_back(Block({}, {0}));
  F.Blocks.back().Return = Ret(ReturnFact::Kind::CallResult, 1, "");
  F.Blocks.push_back(Block({}, {0}));
  F.Blocks.back().Return = Ret(ReturnFact::Kind::LocalVar, 0, "ret");
  F.Blocks.back().Return->Path = AccessPath{PathRoot::CallResult, -1, "new_inode", "inode", {}};
  F.Blocks.push_back(Block({}, {1, 7, 8, 9}));
  F.Blocks.back().Return = Ret(ReturnFact::Kind::Other, 0, "");
  auto MakeAssign = [](std::string Var, std::optional<int64_t> Value, unsigned AfterCalls,
                   std::string From) {
    AssignFact A;
    A.Var = std::move(Var);
    A.Value = Value;
    A.AfterCalls = AfterCalls;
    A.From = std::move(From);
    return A;
  };
  F.Blocks.back().Assigns = {MakeAssign("skip_ilock", 1, 0, ""),
                             MakeAssign("ret", std::nullopt, 0, ""),
                             MakeAssign("n", 0, 2, ""),
                             MakeAssign("pcp", std::nullopt, 3, "_ret"),
                             MakeAssign("ptl", std::nullopt, 1, ""),
                             MakeAssign("", std::nullopt, 1, ""),
                             MakeAssign("m1", std::nullopt, 0, ""),
                             MakeAssign("m2", std::nullopt, 2, "")};
  // `m1 = &sb->s_vfs_rename_mutex`: no constant, but not NULL; in both of the
  // written forms.
  F.Blocks.back().Assigns[6].NonNull = true;
  F.Blocks.back().Assigns[7].NonNull = true;
  // `*(&ptl) = __ptl` and `*(&vmf->ptl) = __ptl`: the pointer stored, and
  // where when it is no local.
  AccessPath PageLock{PathRoot::CallResult, -1, "pmd_page", "page",
                      {{"page", "ptl", "spinlock", false, std::nullopt}}};
  F.Blocks.back().Assigns[4].Pointer = PageLock;
  F.Blocks.back().Assigns[5].Pointer = PageLock;
  F.Blocks.back().Assigns[5].Target =
      AccessPath{PathRoot::Param, 0, "vmf", "vm_fault",
                 {{"vm_fault", "ptl", "spinlock *", false, std::nullopt}}};
  F.Blocks.back().TaskStores = {{"journal_info", 1, 0}, {"journal_info", std::nullopt, 2}};
  // `dio->flags = 0`, `|= IOMAP_DIO_DIRTY` (bit 31 of an unsigned int), a
  // store of no constant.
  F.Blocks.back().FieldStores = {{"dio", "iomap_dio", "flags", FieldStoreOp::Assign, 0, 0},
                                 {"dio", "iomap_dio", "flags", FieldStoreOp::Or, 0x80000000, 1},
                                 {"dio", "iomap_dio", "size", FieldStoreOp::Other, 0, 2}};
  // 11, 12: the current task's fields.
  F.Blocks.push_back(Block({}, {0, 0}));
  F.Blocks.back().Condition = Cond(ConditionFact::Kind::TaskMask, 0, "flags", -1, 0x800);
  F.Blocks.push_back(Block({}, {0, 0}));
  F.Blocks.back().Condition = Cond(ConditionFact::Kind::TaskEquals, 0, "journal_info", -1, 1);
  // 13: switch (flags) { case 1: case 4 ... 7: default: }
  F.Blocks.push_back(Block({}, {0, 0, -1}));
  F.Blocks.back().Condition = Cond(ConditionFact::Kind::ParamSwitch, 0, "", 2, 0);
  F.Blocks.back().Cases = {{false, 1, 1}, {false, 4, 7}, {true, 0, 0}};
  F.Blocks[2].Condition.VarTracked = true;
  // 14: a pure predicate of a parameter.
  F.Blocks.push_back(Block({}, {0, 0}));
  F.Blocks.back().Condition =
      Cond(ConditionFact::Kind::ParamPredicate, 0, "vma_resv_set($,1)", 2, -1);
  F.Entry = 10;
  F.Exit = 0;
  F.End = {0, 31, 1};
  TU.Functions.push_back(F);

  FunctionFact G; // a second, minimal function: extern, no params
  G.Name = "a_end_io";
  G.Loc = {1, 40, 1};
  G.Blocks = {Block({}, {}), Block({}, {0})};
  G.Entry = 1;
  G.Exit = 0;
  TU.Functions.push_back(G);

  OpsStoreFact Global1{"file_operations", "write_iter", "a_fops", true, "", "a_write_iter",
                       {0, 50, 15}};
  OpsStoreFact Assign{"iomap_dio_ops", "end_io", "", false, "a_init", "a_end_io", {1, 60, 4}};
  TU.OpsStores = {Global1, Assign};
  // `dio->flags &= ~IOMAP_DIO_WRITE_FUA` and a whole-struct copy.
  TU.FieldWrites = {{"iomap_dio", "flags", 0, 0x10000000}, {"iomap_iter", "", ~uint64_t(0),
                                                            ~uint64_t(0)}};
  return TU;
}

namespace {

void expectSameLoc(const SourceLoc &A, const SourceLoc &B) {
  EXPECT_EQ(A.File, B.File);
  EXPECT_EQ(A.Line, B.Line);
  EXPECT_EQ(A.Column, B.Column);
}

void expectSamePath(const AccessPath &A, const AccessPath &B) {
  EXPECT_EQ(A.Root, B.Root);
  EXPECT_EQ(A.Param, B.Param);
  EXPECT_EQ(A.Name, B.Name);
  EXPECT_EQ(A.RootType, B.RootType);
  ASSERT_EQ(A.Steps.size(), B.Steps.size());
  for (size_t I = 0; I < A.Steps.size(); ++I) {
    EXPECT_EQ(A.Steps[I].Record, B.Steps[I].Record);
    EXPECT_EQ(A.Steps[I].Field, B.Steps[I].Field);
    EXPECT_EQ(A.Steps[I].FieldType, B.Steps[I].FieldType);
    EXPECT_EQ(A.Steps[I].Subscripted, B.Steps[I].Subscripted);
    EXPECT_EQ(A.Steps[I].Index, B.Steps[I].Index);
  }
}

void expectSameArgs(const std::vector<ArgFact> &A, const std::vector<ArgFact> &B) {
  ASSERT_EQ(A.size(), B.size());
  for (size_t I = 0; I < A.size(); ++I) {
    SCOPED_TRACE("argument " + std::to_string(I));
    EXPECT_EQ(A[I].Text, B[I].Text);
    EXPECT_EQ(A[I].IntValue, B[I].IntValue);
    EXPECT_EQ(A[I].FunctionRef, B[I].FunctionRef);
    EXPECT_EQ(A[I].FieldValues, B[I].FieldValues);
    EXPECT_EQ(A[I].Local, B[I].Local);
    EXPECT_EQ(A[I].NonNull, B[I].NonNull);
    EXPECT_EQ(A[I].UsedAfter, B[I].UsedAfter);
    EXPECT_EQ(A[I].OneOf, B[I].OneOf);
    ASSERT_EQ(A[I].Path.has_value(), B[I].Path.has_value());
    if (A[I].Path)
      expectSamePath(*A[I].Path, *B[I].Path);
  }
}

void expectSameCall(const CallFact &A, const CallFact &B) {
  EXPECT_EQ(A.Kind, B.Kind);
  EXPECT_EQ(A.Callee, B.Callee);
  EXPECT_EQ(A.Record, B.Record);
  EXPECT_EQ(A.Field, B.Field);
  EXPECT_EQ(A.Param, B.Param);
  EXPECT_EQ(A.CalleeText, B.CalleeText);
  EXPECT_EQ(A.ResultVar, B.ResultVar);
  expectSameLoc(A.Loc, B.Loc);
  expectSameArgs(A.Args, B.Args);
  EXPECT_EQ(A.Macro, B.Macro);
  SCOPED_TRACE("macro arguments");
  expectSameArgs(A.MacroArgs, B.MacroArgs);
}

void expectSameBlock(const BlockFact &A, const BlockFact &B) {
  EXPECT_EQ(A.Calls, B.Calls);
  EXPECT_EQ(A.Succs, B.Succs);
  EXPECT_EQ(A.Condition.K, B.Condition.K);
  EXPECT_EQ(A.Condition.Call, B.Condition.Call);
  EXPECT_EQ(A.Condition.Var, B.Condition.Var);
  EXPECT_EQ(A.Condition.Param, B.Condition.Param);
  EXPECT_EQ(A.Condition.Value, B.Condition.Value);
  EXPECT_EQ(A.Condition.VarTracked, B.Condition.VarTracked);
  EXPECT_EQ(A.Condition.ParamChanged, B.Condition.ParamChanged);
  EXPECT_EQ(A.WarningSucc, B.WarningSucc);
  ASSERT_EQ(A.Assigns.size(), B.Assigns.size());
  for (size_t I = 0; I < A.Assigns.size(); ++I) {
    EXPECT_EQ(A.Assigns[I].Var, B.Assigns[I].Var);
    EXPECT_EQ(A.Assigns[I].Value, B.Assigns[I].Value);
    EXPECT_EQ(A.Assigns[I].NonNull, B.Assigns[I].NonNull);
    EXPECT_EQ(A.Assigns[I].AfterCalls, B.Assigns[I].AfterCalls);
    EXPECT_EQ(A.Assigns[I].From, B.Assigns[I].From);
    ASSERT_EQ(A.Assigns[I].Pointer.has_value(), B.Assigns[I].Pointer.has_value());
    if (A.Assigns[I].Pointer)
      expectSamePath(*A.Assigns[I].Pointer, *B.Assigns[I].Pointer);
    ASSERT_EQ(A.Assigns[I].Target.has_value(), B.Assigns[I].Target.has_value());
    if (A.Assigns[I].Target)
      expectSamePath(*A.Assigns[I].Target, *B.Assigns[I].Target);
  }
  ASSERT_EQ(A.TaskStores.size(), B.TaskStores.size());
  for (size_t I = 0; I < A.TaskStores.size(); ++I) {
    EXPECT_EQ(A.TaskStores[I].Field, B.TaskStores[I].Field);
    EXPECT_EQ(A.TaskStores[I].Value, B.TaskStores[I].Value);
    EXPECT_EQ(A.TaskStores[I].AfterCalls, B.TaskStores[I].AfterCalls);
  }
  ASSERT_EQ(A.FieldStores.size(), B.FieldStores.size());
  for (size_t I = 0; I < A.FieldStores.size(); ++I) {
    EXPECT_EQ(A.FieldStores[I].Var, B.FieldStores[I].Var);
    EXPECT_EQ(A.FieldStores[I].Record, B.FieldStores[I].Record);
    EXPECT_EQ(A.FieldStores[I].Field, B.FieldStores[I].Field);
    EXPECT_EQ(A.FieldStores[I].Op, B.FieldStores[I].Op);
    EXPECT_EQ(A.FieldStores[I].Bits, B.FieldStores[I].Bits);
    EXPECT_EQ(A.FieldStores[I].AfterCalls, B.FieldStores[I].AfterCalls);
  }
  ASSERT_EQ(A.Cases.size(), B.Cases.size());
  for (size_t I = 0; I < A.Cases.size(); ++I) {
    EXPECT_EQ(A.Cases[I].IsDefault, B.Cases[I].IsDefault);
    EXPECT_EQ(A.Cases[I].Low, B.Cases[I].Low);
    EXPECT_EQ(A.Cases[I].High, B.Cases[I].High);
  }
  ASSERT_EQ(A.Return.has_value(), B.Return.has_value());
  if (A.Return) {
    EXPECT_EQ(A.Return->K, B.Return->K);
    EXPECT_EQ(A.Return->Call, B.Return->Call);
    EXPECT_EQ(A.Return->Var, B.Return->Var);
    expectSameLoc(A.Return->Loc, B.Return->Loc);
    ASSERT_EQ(A.Return->Path.has_value(), B.Return->Path.has_value());
    if (A.Return->Path)
      expectSamePath(*A.Return->Path, *B.Return->Path);
    EXPECT_EQ(A.Return->Value, B.Return->Value);
    EXPECT_EQ(A.Return->Pointer, B.Return->Pointer);
  }
}

} // namespace

void expectSameTU(const TUFacts &A, const TUFacts &B) {
  EXPECT_EQ(A.Version, B.Version);
  EXPECT_EQ(A.MainFile, B.MainFile);
  EXPECT_EQ(A.ModuleName, B.ModuleName);
  EXPECT_EQ(A.Files, B.Files);
  ASSERT_EQ(A.Functions.size(), B.Functions.size());
  for (size_t I = 0; I < A.Functions.size(); ++I) {
    const FunctionFact &FA = A.Functions[I], &FB = B.Functions[I];
    SCOPED_TRACE("function " + FA.Name);
    EXPECT_EQ(FA.Name, FB.Name);
    EXPECT_EQ(FA.IsStatic, FB.IsStatic);
    EXPECT_EQ(FA.IsInline, FB.IsInline);
    expectSameLoc(FA.Loc, FB.Loc);
    EXPECT_EQ(FA.Params, FB.Params);
    EXPECT_EQ(FA.ParamRecords, FB.ParamRecords);
    EXPECT_EQ(FA.Entry, FB.Entry);
    EXPECT_EQ(FA.Exit, FB.Exit);
    expectSameLoc(FA.End, FB.End);
    ASSERT_EQ(FA.Calls.size(), FB.Calls.size());
    for (size_t C = 0; C < FA.Calls.size(); ++C) {
      SCOPED_TRACE("call " + std::to_string(C));
      expectSameCall(FA.Calls[C], FB.Calls[C]);
    }
    ASSERT_EQ(FA.Blocks.size(), FB.Blocks.size());
    for (size_t Bl = 0; Bl < FA.Blocks.size(); ++Bl) {
      SCOPED_TRACE("block " + std::to_string(Bl));
      expectSameBlock(FA.Blocks[Bl], FB.Blocks[Bl]);
    }
  }
  ASSERT_EQ(A.FieldWrites.size(), B.FieldWrites.size());
  for (size_t I = 0; I < A.FieldWrites.size(); ++I) {
    EXPECT_EQ(A.FieldWrites[I].Record, B.FieldWrites[I].Record);
    EXPECT_EQ(A.FieldWrites[I].Field, B.FieldWrites[I].Field);
    EXPECT_EQ(A.FieldWrites[I].MaySet, B.FieldWrites[I].MaySet);
    EXPECT_EQ(A.FieldWrites[I].MayClear, B.FieldWrites[I].MayClear);
  }
  ASSERT_EQ(A.OpsStores.size(), B.OpsStores.size());
  for (size_t I = 0; I < A.OpsStores.size(); ++I) {
    SCOPED_TRACE("ops store " + std::to_string(I));
    const OpsStoreFact &SA = A.OpsStores[I], &SB = B.OpsStores[I];
    EXPECT_EQ(SA.Record, SB.Record);
    EXPECT_EQ(SA.Field, SB.Field);
    EXPECT_EQ(SA.Table, SB.Table);
    EXPECT_EQ(SA.TableIsStatic, SB.TableIsStatic);
    EXPECT_EQ(SA.InFunction, SB.InFunction);
    EXPECT_EQ(SA.Function, SB.Function);
    expectSameLoc(SA.Loc, SB.Loc);
  }
}

} // namespace lockcheck::facts::testing
