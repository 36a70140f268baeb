//===- facts/Facts.h - What one translation unit says about locking -------===//
//
// The per-TU facts are the only thing that crosses from the Clang frontend to the
// rest of lockcheck. They record what the code says (calls, the access paths of
// their arguments, branch conditions, stores of functions into struct fields),
// never what it means: which calls are lock operations is decided later from
// annotations/, so editing a YAML file never invalidates extracted facts.
//
// A TUFacts value is self-contained: every name it mentions is either defined in
// it or resolved by name at link time, and every location indexes its own file
// table. The whole-program step is a pure function of a set of TUFacts.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_FACTS_FACTS_H
#define LOCKCHECK_FACTS_FACTS_H

#include "support/BoxedOptional.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockcheck::facts {

/// Bumped whenever the meaning or the shape of the facts changes; facts of
/// another version are rejected and re-extracted, never half-read.
constexpr unsigned FactsFormatVersion = 29;

/// A position in a TU's own file table (TUFacts::Files). Line 0 means unknown.
struct SourceLoc {
  uint32_t File = 0;
  uint32_t Line = 0;
  uint32_t Column = 0;
};

/// One member access `->Field` or `.Field`, with the record that declares the
/// field (the innermost named struct or union) and the field's own type name.
struct FieldStep {
  std::string Record;
  std::string Field;
  std::string FieldType;
  /// `->Field[Index]`: an element of an array field. Subscripted with no
  /// Index is an element whose subscript is not a constant.
  bool Subscripted = false;
  std::optional<int64_t> Index;
};

/// What an access path starts from.
enum class PathRoot { Unknown, Param, Global, Local, CallResult };

/// An lvalue or pointer expression reduced to a root and member steps:
/// `&BTRFS_I(inode)->vfs_inode.i_rwsem` is CallResult(BTRFS_I, btrfs_inode)
/// followed by btrfs_inode.vfs_inode and inode.i_rwsem.
struct AccessPath {
  PathRoot Root = PathRoot::Unknown;
  /// PathRoot::Param: the parameter index.
  int Param = -1;
  /// Global or local variable name, or the callee of a CallResult root.
  std::string Name;
  /// Type of what the root points to (or is): a record name, else the type's spelling.
  std::string RootType;
  std::vector<FieldStep> Steps;
};

/// The known bits of a local struct's integer field, whatever path the function
/// took: the bits its initializer and every later store leave set (KnownOne)
/// and those none of them can set (KnownZero). `.flags = IOMAP_DIRECT` with
/// `iomi.flags |= IOMAP_WRITE` on one path only knows IOMAP_DIRECT one and
/// IOMAP_ZERO zero; a field no store changes is an exact constant, every bit
/// known. Values are those of the field's own type, sign- or zero-extended.
struct FieldBits {
  std::string Field;
  uint64_t KnownOne = 0;
  uint64_t KnownZero = 0;

  static FieldBits constant(std::string Field, int64_t Value) {
    return {std::move(Field), static_cast<uint64_t>(Value), ~static_cast<uint64_t>(Value)};
  }
  bool operator==(const FieldBits &O) const {
    return Field == O.Field && KnownOne == O.KnownOne && KnownZero == O.KnownZero;
  }
};

/// One call argument, with every reading of it the analysis may need.
struct ArgFact {
  /// Source spelling, for messages.
  std::string Text;
  /// Set when the argument is an integer constant expression.
  std::optional<int64_t> IntValue;
  /// Otherwise, the constants the argument is one of: a choice between
  /// constants (`type == DIR_INODE ? FI_DIRTY_DIR : FI_DIRTY_FILE`), or a
  /// local initialised to one and never changed.
  std::vector<int64_t> OneOf;
  /// Set when the argument is (the address of) an access path.
  std::optional<AccessPath> Path;
  /// Set when the argument designates a function (a callback).
  std::string FunctionRef;
  /// `&iter` of a local struct: what its integer fields may hold wherever the
  /// function passes it (a field the initializer leaves out starts at 0).
  /// A pointer variable (`args`, a parameter or a local): the fields of its
  /// object that constant stores through it (`args->force = true`) left
  /// known on every path to the call, sorted by field.
  std::vector<FieldBits> FieldValues;
  /// The local pointer the argument is, when some call's result is assigned
  /// to it (`iomap_dio_complete(dio)` after `dio = __iomap_dio_rw(...)`):
  /// what the analysis knows of that object's fields at the call.
  std::string Local;
  /// An address that cannot be NULL: of a variable or of a field of one
  /// (`locks_delete_lock_ctx(fl, &dispose)`, `&iter.flags`), or of a field at a
  /// nonzero offset behind a pointer (`&inode->i_data`), as for assignments.
  bool NonNull = false;
  /// The argument is a pointer variable (a parameter or a local) or the
  /// address of a member of its object, and every path from the call to the
  /// function's return uses that object again (through the variable, or by
  /// passing it to another call) before the variable changes. A reference
  /// the call drops to that object is then not its last: were it the last,
  /// the later use would be a use after free (fsnotify_destroy_mark() calls
  /// fsnotify_free_mark(mark) after fsnotify_detach_mark(mark) has put the
  /// group's reference).
  bool UsedAfter = false;
};

/// How a call site names its callee.
enum class CalleeKind {
  Direct,     ///< `foo(...)`
  Field,      ///< through a struct field: `file->f_op->fsync(...)`
  Param,      ///< through a function-pointer parameter
  Unknown,    ///< through anything else (a local variable, an array, ...)
  /// Not a call: a lockdep annotation macro (`lockdep_assert_held(&inode->i_rwsem)`,
  /// `might_lock(...)`), read from its invocation whatever the kernel
  /// configuration expands it to (a real check with lockdep, nothing without).
  /// Callee is the macro's name, Args its arguments.
  LockdepAnnotation
};

struct CallFact {
  CalleeKind Kind = CalleeKind::Unknown;
  /// CalleeKind::Direct: the function's name; LockdepAnnotation: the macro's.
  std::string Callee;
  /// CalleeKind::Field: the struct type and field holding the function pointer.
  std::string Record;
  std::string Field;
  /// CalleeKind::Param: the parameter index.
  int Param = -1;
  /// Source spelling of the callee expression (`file->f_op->fsync`).
  std::string CalleeText;
  std::vector<ArgFact> Args;
  /// Local variable the result is assigned to (`ret = mutex_lock_killable(...)`).
  std::string ResultVar;
  /// The function-like macro the callee was spelled through, with its
  /// arguments: without lockdep, `down_write_nested(sem, subclass)` expands to
  /// `down_write(sem)`, and only the macro still says which subclass it was.
  /// Through macros that invoke others, the one the source invokes
  /// (`spin_lock_nested()`, not the `raw_spin_lock_nested()` it expands to).
  std::string Macro;
  std::vector<ArgFact> MacroArgs;
  SourceLoc Loc;
};

/// A block's branch condition, normalised so that Succs[0] is taken when it is
/// true (nonzero) and Succs[1] when it is false.
struct ConditionFact {
  enum class Kind {
    None,        ///< no two-way branch on anything we understand
    CallResult,  ///< the result of Calls[Call]
    LocalVar,    ///< a local variable (usually a call's saved result)
    ParamMask,   ///< `param & Value` (Value == -1: the parameter itself)
    ParamEquals, ///< `param == Value`
    TaskMask,    ///< `current->Var & Value` (Value == -1: the field itself)
    TaskEquals,  ///< `current->Var == Value`
    ParamSwitch, ///< `switch (param)`, or `switch (param & Value)` when Value is nonzero:
                 ///< BlockFact::Cases says which value takes which successor
    LocalEquals, ///< `local == Value`, Value nonzero (`ret == -ENOSPC`)
    ParamFieldMask,  ///< `param->Var & Value` (Value == -1: the field itself)
    ParamFieldEquals, ///< `param->Var == Value`
    ParamGreater, ///< `param > Value`, a signed comparison no change of the parameter reaches
    ParamLess,    ///< `param < Value`, likewise
    ParamPredicate ///< a pure predicate of the parameter is nonzero: Var is the
                   ///< call with `$` for the parameter (`__vma_shareable_lock($)`),
                   ///< or the text of a pure expression of it (`*seq & 1`), or
                   ///< `p1 == p2` of it and a later parameter; an input as a
                   ///< field is (frontend: isPurePredicate, isPureExpr)
  };
  Kind K = Kind::None;
  unsigned Call = 0;
  std::string Var;
  /// LocalVar, LocalEquals: a local whose address is never taken, so between
  /// two branches on it only the assignments BlockFact::Assigns lists change
  /// it: a bool, an integer only ever set to constants, or a pointer set to
  /// NULL or copied from another local somewhere (`n = NULL; ... n =
  /// get_node(...); spin_lock(&n->list_lock); ... if (n)`).
  bool VarTracked = false;
  /// ParamMask, ParamEquals, ParamFieldMask, ParamFieldEquals, ParamPredicate:
  /// some change of the parameter in the body reaches the test (`page =
  /// alloc(); if (page)`), or for a field test a store to that field through
  /// it (`pvmw->ptl = NULL`; for a predicate, to any field), so what the
  /// caller passed no longer decides it. Stores made by callees are not seen.
  bool ParamChanged = false;
  /// TaskMask, TaskEquals: Var is the current task's field (`journal_info`).
  /// ParamFieldMask, ParamFieldEquals: Var is a field of parameter Param
  /// (`iter->data_source`, also seen through `iov_iter_rw(iter) == READ`),
  /// a path through struct members (`options.nfs`) for `sbi->options.nfs`.
  int Param = -1;
  int64_t Value = 0;
};

/// What a `return` statement returns, as far as locking cares.
struct ReturnFact {
  enum class Kind { Void, Zero, NonZero, CallResult, LocalVar, Other };
  Kind K = Kind::Void;
  unsigned Call = 0;
  std::string Var;
  /// A returned pointer as an access path, seen through single-assignment
  /// locals (`ret = inode; return ret;` with `inode = new_inode(sb)`).
  std::optional<AccessPath> Path;
  /// The `return` statement: where a contract on the function's exit state
  /// (sparse's `__acquires(x)`) is broken.
  SourceLoc Loc;
  /// Zero, NonZero: the constant returned. `return true;` after taking a lock
  /// says the caller got it; `return -EINVAL;` is an error return.
  std::optional<int64_t> Value;
  /// The function returns a pointer: a value it returns holding a lock is
  /// the object, an error being NULL or an ERR_PTR().
  bool Pointer = false;
};

/// An assignment to a local variable, with the value when it is a constant.
struct AssignFact {
  std::string Var;
  std::optional<int64_t> Value;
  /// The value is no constant but is not zero: an object's address
  /// (`m1 = &dentry->d_sb->s_vfs_rename_mutex` once the trylock succeeded,
  /// then `if (m1) mutex_unlock(m1);`). Value is then unset.
  bool NonNull = false;
  /// How many of the block's calls are evaluated before the assignment:
  /// `n = get_node(...); spin_lock(&n->list_lock);` and `spin_unlock(&n->list_lock);
  /// n = NULL;` differ only in this order.
  unsigned AfterCalls = 0;
  /// The local whose value is copied, seen through a statement expression's
  /// result (`pcp = pcp_spin_trylock(...)`, a macro ending in `_ret;`), when
  /// it is one that could be tracked (ConditionFact::VarTracked).
  std::string From;
  /// A store through a dereference, the way an out-parameter is filled in:
  /// pte_offset_map_lock(mm, pmd, addr, ptlp) does `*(ptlp) = __ptl;` before
  /// `spin_lock(__ptl)`, with `&ptl`, `&vmf->ptl` or its own caller's `ptlp`
  /// for ptlp. Pointer is the pointer stored, as an access path (`__ptl`, the
  /// page table's lock), when it has one. Var is the local stored into
  /// (`*(&ptl) = ...` is `ptl = ...`); when it is empty, Target is the place
  /// stored into, rooted at a parameter or a global (`vmf->ptl`, `*ptlp`).
  support::BoxedOptional<AccessPath> Pointer;
  support::BoxedOptional<AccessPath> Target;
};

/// An assignment to a field of the current task (`current->journal_info =
/// BTRFS_TRANS_DIO_WRITE_STUB`): per-task state a callee may test. Value is
/// set when the stored value is a constant (a null pointer is 0).
struct TaskStoreFact {
  std::string Field;
  std::optional<int64_t> Value;
  /// How many of the block's calls are evaluated before the store.
  unsigned AfterCalls = 0;
};

/// How a store changes an integer field: `= C`, `|= C`, `&= C`, or in a way
/// not known (a value that is no constant, `+=`, `++`).
enum class FieldStoreOp { Assign, Or, And, Other };

/// The bits a store of Op with the constant Bits may set, and may clear.
inline std::pair<uint64_t, uint64_t> storeMasks(FieldStoreOp Op, uint64_t Bits) {
  switch (Op) {
  case FieldStoreOp::Assign: return {Bits, ~Bits};
  case FieldStoreOp::Or: return {Bits, 0};
  case FieldStoreOp::And: return {0, ~Bits};
  case FieldStoreOp::Other: break;
  }
  return {~uint64_t(0), ~uint64_t(0)};
}

/// A store to an integer field of the object a local pointer points to, for
/// a local the function returns (`dio->flags |= IOMAP_DIO_NEED_SYNC` before
/// `return dio;`): what the caller may learn of the returned object's fields.
/// Bits is the constant as a value of the field's type.
struct FieldStoreFact {
  std::string Var;
  std::string Record;
  std::string Field;
  FieldStoreOp Op = FieldStoreOp::Other;
  uint64_t Bits = 0;
  /// How many of the block's calls are evaluated before the store.
  unsigned AfterCalls = 0;
};

/// Every other write to Record.Field in the TU, as the bits the writes may
/// set and may clear; Field empty stands for every integer field of Record (a
/// whole-struct assignment). A known bit of a returned object's field holds
/// in a caller only if no such write elsewhere can change it.
struct FieldWriteFact {
  std::string Record;
  std::string Field;
  uint64_t MaySet = 0;
  uint64_t MayClear = 0;
};

/// The values of a switch that lead to one successor: `case Low ... High:`,
/// or, with IsDefault, every value no other successor takes.
struct CaseFact {
  bool IsDefault = false;
  int64_t Low = 0;
  int64_t High = 0;
};

/// A CFG block reduced to its calls in order, an optional return and its
/// successors (-1 for a successor Clang proved unreachable).
struct BlockFact {
  std::vector<unsigned> Calls;
  /// Local variables this block assigns, in order, for correlating branches
  /// on them.
  std::vector<AssignFact> Assigns;
  std::vector<TaskStoreFact> TaskStores;
  std::vector<FieldStoreFact> FieldStores;
  support::BoxedOptional<ReturnFact> Return;
  ConditionFact Condition;
  std::vector<int> Succs;
  /// ConditionFact::Kind::ParamSwitch: one entry per successor.
  std::vector<CaseFact> Cases;
  /// The successor taken only when a WARN*() macro the block branches on
  /// fired (`if (WARN_ON(!list_empty(...)))`), or -1: a kernel invariant
  /// broken, which the kernel itself reports.
  int WarningSucc = -1;
};

struct FunctionFact {
  std::string Name;
  /// Static functions are TU-local; everything else links by name.
  bool IsStatic = false;
  bool IsInline = false;
  SourceLoc Loc;
  std::vector<std::string> Params;
  /// Record name each parameter points to (`file_operations`), or empty.
  std::vector<std::string> ParamRecords;
  std::vector<CallFact> Calls;
  std::vector<BlockFact> Blocks;
  unsigned Entry = 0;
  unsigned Exit = 0;
  /// The body's closing brace: the return of a path that falls off its end.
  SourceLoc End;
};

/// A function stored into a struct field: a designated (or positional)
/// initializer of a global (`.fsync = btrfs_sync_file` in
/// `btrfs_file_operations`), or an assignment `ops->fsync = fn` in a function.
struct OpsStoreFact {
  std::string Record;
  std::string Field;
  /// The global holding the table; empty for an assignment.
  std::string Table;
  bool TableIsStatic = false;
  /// For an assignment: the function doing it.
  std::string InFunction;
  std::string Function;
  SourceLoc Loc;
};

/// Everything lockcheck extracts from one translation unit.
struct TUFacts {
  unsigned Version = FactsFormatVersion;
  /// The main source file as the compile command names it (absolute).
  std::string MainFile;
  /// The Kbuild module the TU is built into (its KBUILD_MODNAME), if any.
  std::string ModuleName;
  std::vector<std::string> Files;
  std::vector<FunctionFact> Functions;
  std::vector<OpsStoreFact> OpsStores;
  /// Writes to integer fields other than the FieldStores of blocks, one
  /// entry per field, sorted.
  std::vector<FieldWriteFact> FieldWrites;
};

} // namespace lockcheck::facts

#endif // LOCKCHECK_FACTS_FACTS_H
