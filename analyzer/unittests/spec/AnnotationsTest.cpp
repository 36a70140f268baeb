//===- unittests/spec/AnnotationsTest.cpp - Shipped and broken annotations ===//
#include "spec/Annotations.h"
#include "unittests/spec/AnnotationsTestSupport.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <gtest/gtest.h>

#include <algorithm>
#include <system_error>

using namespace lockcheck::spec;
using namespace lockcheck::spec::testing;

namespace {

/// The shipped annotation files, sorted.
std::vector<std::string> shippedFiles() {
  std::vector<std::string> Files;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(AnnotationsDir, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".yaml")
      Files.push_back(It->path());
  std::sort(Files.begin(), Files.end());
  return Files;
}

TEST(ShippedAnnotationFilesTest, EveryFileLoadsOnItsOwn) {
  std::vector<std::string> Files = shippedFiles();
  // mutex.yaml, rwsem.yaml, spinlock.yaml at least.
  ASSERT_GE(Files.size(), 3u);
  for (const std::string &F : Files) {
    SCOPED_TRACE(F);
    Annotations A;
    llvm::Error E = A.loadFile(F);
    ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
    EXPECT_GT(A.primitiveCount() + A.macroPrimitiveCount() + A.lockTypeCount() +
                  A.constructorCount() + A.sleepPointCount() + A.methodArgumentCount() +
                  A.assertionCount() + A.referenceDropCount(),
              0u);
  }
}

TEST(AnnotationsTest, ConstructorsNeedACitationAndAreListedOnce) {
  Annotations A;
  ASSERT_FALSE(static_cast<bool>(A.loadBuffer("constructors:\n"
                                              "  - function: new_inode\n"
                                              "    citation: fs/inode.c:1083\n",
                                              "ok.yaml")));
  EXPECT_TRUE(A.isConstructor("new_inode"));
  EXPECT_FALSE(A.isConstructor("iget_locked"));
  llvm::Error Twice = A.loadBuffer("constructors:\n"
                                   "  - function: new_inode\n"
                                   "    citation: again\n",
                                   "twice.yaml");
  ASSERT_TRUE(static_cast<bool>(Twice));
  EXPECT_EQ(llvm::toString(std::move(Twice)),
            "twice.yaml: constructor 'new_inode' is listed twice");
  Annotations B;
  llvm::Error NoCitation = B.loadBuffer("constructors:\n"
                                        "  - function: kmalloc\n"
                                        "    citation: ''\n",
                                        "bad.yaml");
  ASSERT_TRUE(static_cast<bool>(NoCitation));
  EXPECT_NE(llvm::toString(std::move(NoCitation)).find("has an empty 'citation'"),
            std::string::npos);
}

TEST(AnnotationsTest, MethodArgumentsAreFoundByMethodAndListedOnce) {
  Annotations A;
  llvm::Error E = A.loadBuffer("method-arguments:\n"
                               "  - method: file_operations.write_iter\n"
                               "    argument: 1\n"
                               "    field: data_source\n"
                               "    value: 1\n"
                               "    citation: fs/read_write.c:489\n",
                               "ok.yaml");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  llvm::ArrayRef<MethodArgument> Write = A.methodArguments("file_operations", "write_iter");
  ASSERT_EQ(Write.size(), 1u);
  EXPECT_EQ(Write[0].Argument, 1u);
  EXPECT_EQ(Write[0].Field, "data_source");
  EXPECT_EQ(Write[0].Value, 1);
  EXPECT_TRUE(A.methodArguments("file_operations", "read_iter").empty());
  llvm::Error Twice = A.loadBuffer("method-arguments:\n"
                                   "  - method: file_operations.write_iter\n"
                                   "    argument: 1\n"
                                   "    field: data_source\n"
                                   "    value: 0\n"
                                   "    citation: again\n",
                                   "twice.yaml");
  ASSERT_TRUE(static_cast<bool>(Twice));
  EXPECT_EQ(llvm::toString(std::move(Twice)),
            "twice.yaml: method argument 'file_operations.write_iter' 1 'data_source' is listed "
            "twice");
}

TEST(AnnotationsTest, MethodArgumentNamesAStructTypeAndField) {
  Annotations A;
  llvm::Error E = A.loadBuffer("method-arguments:\n"
                               "  - method: write_iter\n"
                               "    argument: 1\n"
                               "    field: data_source\n"
                               "    value: 1\n"
                               "    citation: x\n",
                               "bad.yaml");
  ASSERT_TRUE(static_cast<bool>(E));
  std::string Message = llvm::toString(std::move(E));
  EXPECT_NE(Message.find("bad.yaml:"), std::string::npos) << Message;
  EXPECT_NE(Message.find("method 'write_iter' is not 'struct_type.field'"), std::string::npos)
      << Message;
}

TEST_F(ShippedAnnotationsTest, DownWriteIsAnExclusiveRwsemAcquire) {
  const LockPrimitive *P = A.primitive("down_write");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Operation, LockOperation::Acquire);
  EXPECT_EQ(P->Kind, LockKind::RwSemaphore);
  EXPECT_EQ(P->Mode, LockMode::Exclusive);
  EXPECT_EQ(P->LockArgument, 0u);
  EXPECT_EQ(P->SubclassArgument, -1);
  EXPECT_FALSE(P->Citation.empty());
}

TEST_F(ShippedAnnotationsTest, DownReadTrylockIsASharedTryAcquire) {
  const LockPrimitive *P = A.primitive("down_read_trylock");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Operation, LockOperation::TryAcquire);
  EXPECT_EQ(P->Kind, LockKind::RwSemaphore);
  EXPECT_EQ(P->Mode, LockMode::Shared);
  EXPECT_EQ(P->Success, TrySuccess::NonZero);
}

TEST_F(ShippedAnnotationsTest, MutexLockNestedTakesItsSubclassInArgumentOne) {
  const LockPrimitive *P = A.primitive("mutex_lock_nested");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Operation, LockOperation::Acquire);
  EXPECT_EQ(P->Kind, LockKind::Mutex);
  EXPECT_EQ(P->LockArgument, 0u);
  EXPECT_EQ(P->SubclassArgument, 1);
  // The plain form has no subclass argument.
  const LockPrimitive *Plain = A.primitive("mutex_lock");
  ASSERT_NE(Plain, nullptr);
  EXPECT_EQ(Plain->SubclassArgument, -1);
}

TEST_F(ShippedAnnotationsTest, RawSpinUnlockIsASpinlockRelease) {
  const LockPrimitive *P = A.primitive("_raw_spin_unlock");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Operation, LockOperation::Release);
  EXPECT_EQ(P->Kind, LockKind::Spinlock);
}

// Regression: spin_unlock_irqrestore() ends in _raw_spin_unlock_irqrestore,
// which must be a release (the entries were once misspelled).
TEST_F(ShippedAnnotationsTest, RawSpinUnlockIrqrestoreIsASpinlockRelease) {
  for (const char *Name : {"_raw_spin_unlock_irqrestore", "__raw_spin_unlock_irqrestore",
                           "_raw_read_unlock_irqrestore", "_raw_write_unlock_irqrestore"}) {
    SCOPED_TRACE(Name);
    const LockPrimitive *P = A.primitive(Name);
    ASSERT_NE(P, nullptr);
    EXPECT_EQ(P->Operation, LockOperation::Release);
  }
  EXPECT_EQ(A.primitive("_raw_spin_unlock_irqrestore")->Kind, LockKind::Spinlock);
}

TEST_F(ShippedAnnotationsTest, LockTypes) {
  EXPECT_TRUE(A.isLockType("rw_semaphore"));
  EXPECT_TRUE(A.isLockType("mutex"));
  EXPECT_TRUE(A.isLockType("spinlock"));
  EXPECT_TRUE(A.isLockType("raw_spinlock"));
  // A struct that contains a lock is not one.
  EXPECT_FALSE(A.isLockType("inode"));
  EXPECT_FALSE(A.isLockType("rwsem"));
}

TEST_F(ShippedAnnotationsTest, LoadingAFileTwiceReportsTheDuplicate) {
  // Every primitive is listed once: loading rwsem.yaml again collides.
  std::string Rwsem = std::string(AnnotationsDir) + "/rwsem.yaml";
  llvm::Error E = A.loadFile(Rwsem);
  ASSERT_TRUE(static_cast<bool>(E));
  std::string Message = llvm::toString(std::move(E));
  EXPECT_EQ(Message.rfind(Rwsem + ": primitive '", 0), 0u) << Message;
  EXPECT_NE(Message.find("' is listed twice"), std::string::npos) << Message;
}

TEST(AnnotationsTest, LoadBufferReadsEveryKey) {
  Annotations A;
  llvm::Error E = A.loadBuffer("lock-types: [mutex]\n"
                               "primitives:\n"
                               "  - function: mutex_trylock_like\n"
                               "    operation: try-acquire\n"
                               "    kind: mutex\n"
                               "    mode: shared\n"
                               "    success: zero\n"
                               "    lock-argument: 2\n"
                               "    subclass-argument: 3\n"
                               "    citation: test\n",
                               "ok.yaml");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  const LockPrimitive *P = A.primitive("mutex_trylock_like");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Operation, LockOperation::TryAcquire);
  EXPECT_EQ(P->Kind, LockKind::Mutex);
  EXPECT_EQ(P->Mode, LockMode::Shared);
  EXPECT_EQ(P->Success, TrySuccess::Zero);
  EXPECT_EQ(P->LockArgument, 2u);
  EXPECT_EQ(P->SubclassArgument, 3);
  EXPECT_EQ(P->Citation, "test");
  EXPECT_TRUE(A.isLockType("mutex"));
  EXPECT_EQ(A.primitive("mutex_lock"), nullptr);
}

TEST(AnnotationsTest, UnknownKeyIsAnError) {
  EXPECT_EQ(loadError("primitives:\n"
                      "  - function: down_write\n"
                      "    operation: acquire\n"
                      "    kind: rwsem\n"
                      "    citation: include/linux/rwsem.h\n"
                      "    lock-argumnet: 0\n"),
            "broken.yaml:6:5: unknown key 'lock-argumnet'");
  EXPECT_EQ(loadError("lock-type: [mutex]\n"), "broken.yaml:1:1: unknown key 'lock-type'");
}

TEST(AnnotationsTest, UnknownEnumValueIsAnError) {
  EXPECT_EQ(loadError("primitives:\n"
                      "  - function: down_write\n"
                      "    operation: grab\n"
                      "    kind: rwsem\n"
                      "    citation: include/linux/rwsem.h\n"),
            "broken.yaml:3:16: unknown enumerated scalar");
}

TEST(AnnotationsTest, MissingCitationIsAnError) {
  EXPECT_EQ(loadError("primitives:\n"
                      "  - function: down_write\n"
                      "    operation: acquire\n"
                      "    kind: rwsem\n"),
            "broken.yaml:2:5: missing required key 'citation'");
}

TEST(AnnotationsTest, EmptyCitationIsAnError) {
  EXPECT_EQ(loadError("primitives:\n"
                      "  - function: down_write\n"
                      "    operation: acquire\n"
                      "    kind: rwsem\n"
                      "    citation: ''\n"),
            "broken.yaml:2:5: primitive 'down_write' has an empty 'citation'");
}

TEST(AnnotationsTest, SubclassArgumentMustDifferFromLockArgument) {
  EXPECT_EQ(loadError("primitives:\n"
                      "  - function: mutex_lock_nested\n"
                      "    operation: acquire\n"
                      "    kind: mutex\n"
                      "    subclass-argument: 0\n"
                      "    citation: include/linux/mutex.h\n"),
            "broken.yaml:2:5: primitive 'mutex_lock_nested': 'subclass-argument' equals "
            "'lock-argument'");
}

TEST(AnnotationsTest, DuplicatePrimitiveIsAnError) {
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: down_write, operation: acquire, kind: rwsem, citation: a}\n"
                      "  - {function: up_write, operation: release, kind: rwsem, citation: b}\n"
                      "  - {function: down_write, operation: release, kind: rwsem, citation: c}\n"),
            "broken.yaml: primitive 'down_write' is listed twice");
}

TEST_F(ShippedAnnotationsTest, PreemptDisableIsAnAtomicRegionMacro) {
  EXPECT_EQ(A.primitive("preempt_disable"), nullptr);
  const LockPrimitive *P = A.macroPrimitive("preempt_disable");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Kind, LockKind::Atomic);
  EXPECT_EQ(P->Operation, LockOperation::Acquire);
  EXPECT_EQ(P->LockClass, "preempt_disable()");
  const LockPrimitive *Enable = A.macroPrimitive("preempt_enable");
  ASSERT_NE(Enable, nullptr);
  EXPECT_EQ(Enable->LockClass, P->LockClass);
}

TEST_F(ShippedAnnotationsTest, SleepPoints) {
  const SleepPoint *Kmalloc = A.sleepPoint("kmalloc");
  ASSERT_NE(Kmalloc, nullptr);
  EXPECT_EQ(Kmalloc->GfpArgument, 1);
  const SleepPoint *Msleep = A.sleepPoint("msleep");
  ASSERT_NE(Msleep, nullptr);
  EXPECT_EQ(Msleep->GfpArgument, -1);
  EXPECT_NE(A.sleepMacro("might_sleep"), nullptr);
  EXPECT_EQ(A.sleepPoint("might_sleep"), nullptr);
  EXPECT_EQ(A.gfpDirectReclaim(), 0x400u);
}

TEST(AnnotationsTest, AtomicRegionsNeedALockClass) {
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {macro: preempt_disable, operation: acquire, kind: atomic, citation: a}\n"),
            "broken.yaml:2:6: primitive 'preempt_disable': kind 'atomic' needs a 'lock-class'");
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, operation: acquire, kind: mutex, lock-class: a.b, "
                      "citation: a}\n"),
            "broken.yaml:2:6: primitive 'f': 'lock-class' goes with kind 'atomic' or 'scope', "
            "or operation 'might-acquire' only");
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: memalloc_nofs_save, operation: acquire, kind: scope, "
                      "citation: a}\n"),
            "broken.yaml:2:6: primitive 'memalloc_nofs_save': kind 'scope' needs a "
            "'lock-class'");
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, macro: g, operation: acquire, kind: mutex, citation: a}\n"),
            "broken.yaml:2:6: a primitive needs exactly one of 'function' and 'macro'");
}

TEST_F(ShippedAnnotationsTest, FreezeLevelsAreThreeClasses) {
  const LockPrimitive *Start = A.primitive("__sb_start_write");
  ASSERT_NE(Start, nullptr);
  EXPECT_EQ(Start->Operation, LockOperation::Acquire);
  EXPECT_EQ(Start->Mode, LockMode::Shared);
  EXPECT_EQ(Start->LockArgument, 0u);
  EXPECT_EQ(Start->ClassArgument, 1);
  std::vector<std::pair<int64_t, std::string>> Levels;
  for (const LockClassChoice &C : Start->ClassByValue)
    Levels.emplace_back(C.Value, C.LockClass);
  EXPECT_EQ(Levels, (std::vector<std::pair<int64_t, std::string>>{
                        {1, "sb_writers"}, {2, "sb_pagefaults"}, {3, "sb_internal"}}));
  // The aio hand-over waits for nothing: lockdep's trylock=1.
  const LockPrimitive *Inherit = A.macroPrimitive("__sb_writers_acquired");
  ASSERT_NE(Inherit, nullptr);
  EXPECT_EQ(Inherit->Operation, LockOperation::Inherit);
  const LockPrimitive *Release = A.macroPrimitive("__sb_writers_release");
  ASSERT_NE(Release, nullptr);
  EXPECT_EQ(Release->Operation, LockOperation::Release);
  EXPECT_EQ(Release->ClassByValue.size(), 3u);
  // sb_start_write() and the like are summarised from their bodies.
  EXPECT_EQ(A.primitive("sb_start_write"), nullptr);
}

TEST(AnnotationsTest, ClassArgumentNeedsItsClasses) {
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, operation: acquire, kind: rwsem, class-argument: 1, "
                      "citation: a}\n"),
            "broken.yaml:2:6: primitive 'f': 'class-argument' and 'lock-classes' go together");
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, operation: acquire, kind: rwsem, "
                      "lock-classes: [{value: 1, lock-class: a}], citation: a}\n"),
            "broken.yaml:2:6: primitive 'f': 'class-argument' and 'lock-classes' go together");
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, operation: might-acquire, kind: rwsem, class-argument: 1, "
                      "lock-classes: [{value: 1, lock-class: a}], citation: a}\n"),
            "broken.yaml:2:6: primitive 'f': 'class-argument' goes with neither 'lock-class', "
            "kind 'atomic' or 'scope' nor operation 'might-acquire'");
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, operation: acquire, kind: rwsem, class-argument: 0, "
                      "lock-classes: [{value: 1, lock-class: a}], citation: a}\n"),
            "broken.yaml:2:6: primitive 'f': 'class-argument' equals 'lock-argument'");
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, operation: acquire, kind: rwsem, class-argument: 1, "
                      "lock-classes: [{value: 1}], citation: a}\n"),
            "broken.yaml:2:87: missing required key 'lock-class'");
}

TEST_F(ShippedAnnotationsTest, LockTaskSighandNamesTheLockThroughTheTask) {
  const LockPrimitive *P = A.primitive("__lock_task_sighand");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Operation, LockOperation::TryAcquire);
  EXPECT_EQ(P->Success, TrySuccess::NonZero);
  EXPECT_EQ(P->LockArgument, 0u);
  ASSERT_EQ(P->LockFields.size(), 2u);
  EXPECT_EQ(P->LockFields[0].Record, "task_struct");
  EXPECT_EQ(P->LockFields[0].Field, "sighand");
  EXPECT_EQ(P->LockFields[0].FieldType, "sighand_struct");
  EXPECT_EQ(P->LockFields[1].Record, "sighand_struct");
  EXPECT_EQ(P->LockFields[1].Field, "siglock");
  EXPECT_EQ(P->LockFields[1].FieldType, "spinlock");
}

TEST(AnnotationsTest, LockFieldsNeedAllThreeNamesAndNoClassOfTheirOwn) {
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, operation: acquire, kind: spinlock, "
                      "lock-fields: [{record: a, field: b}], citation: a}\n"),
            "broken.yaml:2:70: missing required key 'type'");
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, operation: acquire, kind: spinlock, "
                      "lock-fields: [{record: a, field: '', type: spinlock}], citation: a}\n"),
            "broken.yaml:2:70: a lock field needs a non-empty 'record', 'field' and 'type'");
  EXPECT_EQ(loadError("primitives:\n"
                      "  - {function: f, operation: might-acquire, kind: spinlock, lock-class: c, "
                      "lock-fields: [{record: a, field: b, type: spinlock}], citation: a}\n"),
            "broken.yaml:2:6: primitive 'f': 'lock-fields' goes with neither 'lock-class' nor "
            "'class-argument'");
}

TEST(AnnotationsTest, GfpArgumentNeedsTheDirectReclaimBit) {
  EXPECT_EQ(loadError("sleep-points:\n"
                      "  - {function: kmalloc, gfp-argument: 1, citation: a}\n"),
            "broken.yaml: sleep point 'kmalloc' has a 'gfp-argument' but the file gives no "
            "'gfp-direct-reclaim'");
  EXPECT_EQ(loadError("gfp-direct-reclaim: 0x400\n"
                      "sleep-points:\n"
                      "  - {function: kmalloc, gfp-argument: 1, citation: a}\n"
                      "  - {function: kmalloc, citation: b}\n"),
            "broken.yaml: sleep point 'kmalloc' is listed twice");
}

TEST(AnnotationsTest, ReclaimLockGivesClassFlagsAndCitation) {
  Annotations A;
  llvm::Error E = A.loadBuffer("reclaim-lock:\n"
                               "  lock-class: fs_reclaim\n"
                               "  gfp-flags: 0x480\n"
                               "  citation: mm/page_alloc.c:4757\n",
                               "reclaim.yaml");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  ASSERT_NE(A.reclaimLock(), nullptr);
  EXPECT_EQ(A.reclaimLock()->LockClass, "fs_reclaim");
  EXPECT_EQ(A.reclaimLock()->GfpFlags, 0x480u);
  EXPECT_TRUE(A.reclaimLock()->NotUnder.empty());
  EXPECT_EQ(Annotations().reclaimLock(), nullptr);
  // A second file giving another one is an error: there is one reclaim.
  EXPECT_EQ(llvm::toString(A.loadBuffer("reclaim-lock: {lock-class: other, gfp-flags: 0x400, "
                                        "citation: a}\n",
                                        "more.yaml")),
            "more.yaml: reclaim lock 'other' given, but 'fs_reclaim' was given before: there "
            "is one");
}

TEST_F(ShippedAnnotationsTest, ReclaimIsLockdepsFsReclaimAndNofsScopesExcludeIt) {
  const ReclaimLock *Reclaim = A.reclaimLock();
  ASSERT_NE(Reclaim, nullptr);
  EXPECT_EQ(Reclaim->LockClass, "fs_reclaim");
  // __GFP_DIRECT_RECLAIM and __GFP_FS, both: GFP_NOFS takes no fs_reclaim.
  EXPECT_EQ(Reclaim->GfpFlags, 0x480u);
  for (const std::string &Scope : Reclaim->NotUnder) {
    SCOPED_TRACE(Scope);
    bool Entered = false;
    for (const char *Save : {"memalloc_nofs_save", "memalloc_noio_save", "memalloc_noreclaim_save"})
      if (const LockPrimitive *P = A.primitive(Save))
        Entered |= P->Kind == LockKind::Scope && P->LockClass == Scope &&
                   P->Operation == LockOperation::Acquire;
    EXPECT_TRUE(Entered) << "no primitive enters the scope";
  }
  EXPECT_EQ(Reclaim->NotUnder.size(), 3u);
}

TEST(AnnotationsTest, BrokenReclaimLockIsAnErrorNamingTheLine) {
  EXPECT_EQ(loadError("reclaim-lock:\n"
                      "  lock-class: fs_reclaim\n"
                      "  citation: a\n"),
            "broken.yaml:2:3: missing required key 'gfp-flags'");
  EXPECT_EQ(loadError("reclaim-lock:\n"
                      "  lock-class: fs_reclaim\n"
                      "  gfp-flags: 0\n"
                      "  citation: a\n"),
            "broken.yaml:2:3: reclaim lock 'fs_reclaim': 'gfp-flags' is 0, which every "
            "allocation has");
  EXPECT_EQ(loadError("reclaim-lock:\n"
                      "  lock-class: ''\n"
                      "  gfp-flags: 0x480\n"
                      "  citation: a\n"),
            "broken.yaml:2:3: reclaim lock: 'lock-class' is empty");
  EXPECT_EQ(loadError("reclaim-lock: {lock-class: fs_reclaim, gfp-flags: 0x480, citation: ''}\n"),
            "broken.yaml:1:16: reclaim lock 'fs_reclaim' has an empty 'citation'");
  EXPECT_EQ(loadError("reclaim-lock: {lock-class: fs_reclaim, gfp-flags: 0x480, citation: a, "
                      "not-under: [memalloc_nofs, '']}\n"),
            "broken.yaml:1:16: reclaim lock 'fs_reclaim': a 'not-under' scope is empty");
  EXPECT_EQ(loadError("reclaim-lock: {lock-class: fs_reclaim, gfp-flags: GFP_KERNEL, "
                      "citation: a}\n"),
            "broken.yaml:1:51: invalid number");
  EXPECT_EQ(loadError("reclaim-lock: {lock-class: fs_reclaim, gfp-flags: 0x480, citation: a, "
                      "gfp-argument: 1}\n"),
            "broken.yaml:1:71: unknown key 'gfp-argument'");
}

TEST(AnnotationsTest, MissingFileNamesThePath) {
  Annotations A;
  std::string Path = std::string(AnnotationsDir) + "/no-such-file.yaml";
  llvm::Error E = A.loadFile(Path);
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_EQ(llvm::toString(std::move(E)),
            "'" + Path + "': " + std::make_error_code(std::errc::no_such_file_or_directory).message());
}

} // namespace

TEST(AnnotationsTest, SparseContextsGiveBothCounts) {
  Annotations A;
  ASSERT_FALSE(static_cast<bool>(A.loadBuffer("assertions:\n"
                                              "  - macro: __releases\n"
                                              "    asserts: context\n"
                                              "    context-entry: 1\n"
                                              "    context-exit: 0\n"
                                              "    citation: include/linux/compiler_types.h:45\n",
                                              "ok.yaml")));
  const LockAssertion *Releases = A.assertion("__releases");
  ASSERT_NE(Releases, nullptr);
  EXPECT_TRUE(Releases->requiresHeld());
  EXPECT_FALSE(Releases->takesLock());
  std::string OneCount = loadError("assertions:\n"
                                   "  - macro: __acquires\n"
                                   "    asserts: context\n"
                                   "    context-exit: 1\n"
                                   "    citation: c\n");
  EXPECT_NE(OneCount.find("'context-entry' and 'context-exit' go with 'asserts: context', both "
                          "of them"),
            std::string::npos)
      << OneCount;
  std::string NotAContext = loadError("assertions:\n"
                                      "  - macro: might_lock\n"
                                      "    asserts: might-acquire\n"
                                      "    context-entry: 0\n"
                                      "    context-exit: 1\n"
                                      "    citation: c\n");
  EXPECT_NE(NotAContext.find("go with 'asserts: context'"), std::string::npos) << NotAContext;
  std::string TwoHeld = loadError("assertions:\n"
                                  "  - macro: __acquires\n"
                                  "    asserts: context\n"
                                  "    context-entry: 0\n"
                                  "    context-exit: 2\n"
                                  "    citation: c\n");
  EXPECT_NE(TwoHeld.find("context counts are 0 or 1"), std::string::npos) << TwoHeld;
}

TEST_F(ShippedAnnotationsTest, SparseAnnotationsCountAsSparseDoes) {
  const LockAssertion *Acquires = A.assertion("__acquires");
  const LockAssertion *MustHold = A.assertion("__must_hold");
  const LockAssertion *CondAcquires = A.assertion("__cond_acquires");
  ASSERT_TRUE(Acquires && MustHold && CondAcquires);
  EXPECT_TRUE(Acquires->takesLock());
  EXPECT_FALSE(Acquires->requiresHeld());
  EXPECT_TRUE(MustHold->requiresHeld());
  EXPECT_EQ(CondAcquires->ContextExit, -1);
}

TEST(AnnotationsTest, ClassSettersNameTwoArgumentsACitationAndAreListedOnce) {
  Annotations A;
  ASSERT_FALSE(static_cast<bool>(A.loadBuffer("class-setters:\n"
                                              "  - macro: lockdep_set_class\n"
                                              "    lock-argument: 0\n"
                                              "    key-argument: 1\n"
                                              "    citation: include/linux/lockdep.h:214\n",
                                              "ok.yaml")));
  const LockClassSetter *S = A.classSetter("lockdep_set_class");
  ASSERT_NE(S, nullptr);
  EXPECT_EQ(S->LockArgument, 0u);
  EXPECT_EQ(S->KeyArgument, 1u);
  EXPECT_EQ(A.classSetter("lockdep_set_subclass"), nullptr);
  llvm::Error Twice = A.loadBuffer("class-setters:\n"
                                   "  - macro: lockdep_set_class\n"
                                   "    lock-argument: 0\n"
                                   "    key-argument: 1\n"
                                   "    citation: again\n",
                                   "twice.yaml");
  ASSERT_TRUE(static_cast<bool>(Twice));
  EXPECT_EQ(llvm::toString(std::move(Twice)),
            "twice.yaml: class setter 'lockdep_set_class' is listed twice");
  std::string Same = loadError("class-setters:\n"
                               "  - macro: m\n"
                               "    lock-argument: 1\n"
                               "    key-argument: 1\n"
                               "    citation: c\n");
  EXPECT_NE(Same.find("'lock-argument' and 'key-argument' are the same"), std::string::npos)
      << Same;
  std::string NoKey = loadError("class-setters:\n"
                                "  - macro: m\n"
                                "    lock-argument: 0\n"
                                "    citation: c\n");
  EXPECT_NE(NoKey.find("key-argument"), std::string::npos) << NoKey;
}

TEST_F(ShippedAnnotationsTest, LockdepSetClassKeysItsFirstArgumentWithItsSecond) {
  for (const char *Macro :
       {"lockdep_set_class", "lockdep_set_class_and_name", "lockdep_set_class_and_subclass"}) {
    const LockClassSetter *S = A.classSetter(Macro);
    ASSERT_NE(S, nullptr) << Macro;
    EXPECT_EQ(S->LockArgument, 0u) << Macro;
    EXPECT_EQ(S->KeyArgument, 1u) << Macro;
  }
}
