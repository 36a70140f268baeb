//===- analysis/LockEvents.h - What the analysis tells checkers -----------===//
//
// Checkers do not walk the program themselves: the one analysis pass calls
// every listener at each event, so adding a checker adds no walk.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_ANALYSIS_LOCKEVENTS_H
#define LOCKCHECK_ANALYSIS_LOCKEVENTS_H

#include "analysis/InputFacts.h"
#include "analysis/Summary.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <string>
#include <vector>

namespace lockcheck::analysis {

/// One rendered witness step, ready for a report.
struct PathStep {
  std::string Function;
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  /// entry, call, indirect-call, or the kind a checker marks a step with
  std::string Kind;
  std::string Detail;
  /// The function a call step enters (or the lock primitive it calls); empty
  /// for an entry step.
  std::string Callee;
  /// The ops-table slot (`table.field`) an indirect call resolved through, or
  /// an entry point is entered through; empty otherwise.
  std::string Via;
};

/// In function Function (reached by Frame's entry path), an acquisition Site
/// is reached while Held, taken in the same function, is still held.
struct AcquireWhileHeld {
  graph::FunctionId Function;
  const Summary &Frame;
  const HeldLock &Held;
  const AcquireSite &Site;
};

/// In function Function (context Frame), call site Step enters Callee while
/// Held (taken in Function) is held.
struct CallWhileHeld {
  graph::FunctionId Function;
  const Summary &Frame;
  const WitnessStep &Step;
  const Summary &Callee;
  const std::vector<HeldLock> &Held;
};

/// In function Function (context Frame), checkpoint Site is reached while
/// Held (taken in Function, or held on entry) is held. With UnmetAtEntry, Site
/// is an assertion that a lock is held that no function on the way from the
/// entry point Frame met.
struct CheckpointReached {
  graph::FunctionId Function;
  const Summary &Frame;
  const Checkpoint &Site;
  const std::vector<HeldLock> &Held;
  bool UnmetAtEntry = false;
};

/// Function, an implementation of the ops-table slot Record.Field of table
/// Table, was summarised as an entry point: Frame is what it does from its
/// entry.
struct MethodEntered {
  graph::FunctionId Function;
  const Summary &Frame;
  llvm::StringRef Record, Field;
  graph::TableId Table;
};

/// What a return returns, as far as the lock state may depend on it.
enum class ReturnValue { Either, NonZero, Zero };

/// The lock state at one return of a function. A return of a trylock-style
/// result (`return mutex_trylock(...)`) is two, one per value.
struct ReturnState {
  ReturnValue Value = ReturnValue::Either;
  /// Held on every path to the return, taken in the function or its callees.
  llvm::ArrayRef<HeldLock> Held;
  /// Held on entry (by a caller) and released on some path to the return.
  llvm::ArrayRef<LockRef> Released;
  /// Of those, the ones some path to the return has released and not taken
  /// again (a helper that drops its caller's lock around a sleep and retakes
  /// it has released it, but does not return it dropped).
  llvm::ArrayRef<LockRef> Dropped;
  /// Of those, the ones other paths to the return did not release, and which
  /// it does not hold: the paths that joined there disagree on them.
  llvm::ArrayRef<LockRef> DroppedOnSomePaths;
  /// The return itself (WitnessStep::Kind::Return).
  WitnessStep At;
  /// The constant it returns, if it returns one (`return true;`, `return -EINVAL;`).
  std::optional<int64_t> Constant;
  /// The function returns a pointer.
  bool Pointer = false;
  /// What the paths to the return found of the function's inputs: returns
  /// whose facts contradict are taken for different inputs.
  llvm::ArrayRef<InputFact> Inputs;
  /// Locks the function held at some point of some path to the return.
  llvm::ArrayRef<LockRef> Taken;
};

/// One of sparse's context annotations on a function's definition
/// (`__acquires(&tree->lock)`): what it declares, of which lock, and the
/// annotation as a step.
struct DeclaredContext {
  const spec::LockAssertion *Assertion = nullptr;
  LockRef Lock;
  WitnessStep At;
};

/// Function Function (context Frame) has been summarised: its lock state at
/// each return, in a stable order.
struct FunctionExit {
  graph::FunctionId Function;
  const Summary &Frame;
  /// False when every return is `return;` or the end of the body.
  bool ReturnsValue;
  llvm::ArrayRef<ReturnState> Returns;
  /// Its sparse context annotations, in source order.
  llvm::ArrayRef<DeclaredContext> Contexts;
  /// When paths that found different things of the function's inputs were
  /// kept apart (InputFacts.h): the returns before Returns joined them back,
  /// each with what its paths found. Empty otherwise.
  llvm::ArrayRef<ReturnState> SplitReturns = {};
};

class PathRenderer;

class LockEventListener {
public:
  virtual ~LockEventListener() = default;
  virtual void onAcquireWhileHeld(const AcquireWhileHeld &Event, const PathRenderer &Paths) {}
  virtual void onCall(const CallWhileHeld &Event, const PathRenderer &Paths) {}
  virtual void onCheckpoint(const CheckpointReached &Event, const PathRenderer &Paths) {}
  virtual void onMethodEntered(const MethodEntered &Event, const PathRenderer &Paths) {}
  virtual void onFunctionExit(const FunctionExit &Event, const PathRenderer &Paths) {}
  /// After the whole program is summarised, with every summary's entry path
  /// shortened to a shortest one: the time to render deferred findings.
  virtual void finish(const PathRenderer &Paths) {}
};

/// Renders witness chains as report steps, and names locks.
class PathRenderer {
public:
  virtual ~PathRenderer() = default;
  virtual std::string lockName(const LockRef &Lock) const = 0;
  /// Entry point and every call from it down to Event.Function.
  virtual void renderEntryPath(const EntryPathNode *Path, std::vector<PathStep> &Out) const = 0;
  /// A witness chain; the step at Marked gets MarkedKind and MarkedDetail.
  virtual void renderChain(const WitnessNode *Chain, unsigned Marked, llvm::StringRef MarkedKind,
                           llvm::StringRef MarkedDetail, std::vector<PathStep> &Out) const = 0;
  virtual PathStep renderStep(const WitnessStep &Step) const = 0;
  /// The function a call step enters (empty for a lock primitive), and for a
  /// call through a struct field, that struct type and field.
  virtual llvm::StringRef calleeName(const WitnessStep &Step) const = 0;
  virtual std::pair<llvm::StringRef, llvm::StringRef> slotOf(const WitnessStep &Step) const = 0;
};

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_LOCKEVENTS_H
