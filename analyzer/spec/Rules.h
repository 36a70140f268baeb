//===- spec/Rules.h - Locking contracts of ops-table methods from YAML ----===//
//
// rules/ holds the locking contracts of methods (a struct type and a field of
// it: `file_operations.fsync`), each with a stable id, a one-line title and
// the citation it rests on (Documentation/filesystems/locking.rst:NNN, a
// commit). A contract says what is held when the method is called, what must
// not be held then, what its implementations must not acquire and whether
// they may block. The format is described in rules/README.md.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_SPEC_RULES_H
#define LOCKCHECK_SPEC_RULES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace lockcheck::spec {

enum class RuleSeverity { Error, Warning, Note };

/// The mode a contract asks of a held lock.
enum class HeldMode { Any, Exclusive, Shared };

/// Which object's lock a contract names, in terms of the method's arguments:
/// argument Argument, or the first argument pointing to a struct ArgumentType
/// (prototypes in documentation drift from the code's), then the pointer
/// fields Path (`dentry.d_inode`).
struct LockObject {
  std::optional<unsigned> Argument;
  std::string ArgumentType;
  /// Each step as `record.field`.
  std::vector<std::string> Path;
};

/// One lock a contract speaks of.
struct ContractLock {
  /// The lock class, `record.field` (`inode.i_rwsem`) as lockcheck names it.
  std::string Lock;
  HeldMode Mode = HeldMode::Any;
  std::optional<LockObject> Object;
  /// must-not-acquire only: instead of a class, every lock the same code
  /// holds around a call of this function (`iomap_dio_rw`).
  std::string HeldAround;
};

struct Rule {
  std::string Id;
  std::string Title;
  std::string Citation;
  std::string Why;
  RuleSeverity Severity = RuleSeverity::Warning;
  bool Enabled = true;
  /// `record.field`; split into Record and Field when loaded.
  std::string Method;
  std::string Record;
  std::string Field;
  std::vector<ContractLock> HeldOnEntry;
  std::vector<ContractLock> NotHeldOnEntry;
  std::vector<ContractLock> MustNotAcquire;
  std::optional<bool> MayBlock;
  /// Where the rule was read from, for messages.
  std::string File;
  unsigned Line = 0;
};

/// Every loaded rule, in load order (files in name order), and which are on.
class Rules {
public:
  /// Loads one YAML file; errors are one line naming file:line[:col].
  llvm::Error loadFile(llvm::StringRef Path);
  /// Loads every *.yaml file of a directory, in name order.
  llvm::Error loadDirectory(llvm::StringRef Dir);
  /// A file or a directory.
  llvm::Error loadPath(llvm::StringRef Path);
  /// Loads from a string; Name stands for the file in errors.
  llvm::Error loadBuffer(llvm::StringRef Text, llvm::StringRef Name);

  /// Turns a rule on or off by id; an unknown id is an error naming it.
  llvm::Error setEnabled(llvm::StringRef Id, bool Enabled);

  llvm::ArrayRef<Rule> all() const { return List; }
  const Rule &rule(unsigned I) const { return List[I]; }
  size_t size() const { return List.size(); }
  /// Indices of the enabled rules about a method, in load order.
  std::vector<unsigned> forMethod(llvm::StringRef Record, llvm::StringRef Field) const;

private:
  std::vector<Rule> List;
};

/// Writes rules as a rules file (the format loadBuffer reads).
void writeRules(llvm::raw_ostream &OS, std::vector<Rule> Rules);

llvm::StringRef severityName(RuleSeverity S);
llvm::StringRef heldModeName(HeldMode M);

} // namespace lockcheck::spec

#endif // LOCKCHECK_SPEC_RULES_H
