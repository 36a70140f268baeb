//===- analysis/LockList.h - A state's released-lock lists ----------------===//
//
// The released, dropped and lost lists of a dataflow state are long (a
// release deep in the allocator passes up to every caller), copied into
// every block and edge, and asked all the time whether they hold a lock,
// which is mostly not: each answer was a scan of the whole list. A LockList
// shares its buffer between copies until one of them changes it (as
// support::CopyOnWriteVector does), and the shared buffer carries which
// classes it holds, so that membership of a resolved lock is one bit.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_ANALYSIS_LOCKLIST_H
#define LOCKCHECK_ANALYSIS_LOCKLIST_H

#include "analysis/LockRef.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/ADT/STLExtras.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lockcheck::analysis {

/// A list of locks with value semantics whose copies share one buffer until
/// one of them is changed. The count is not atomic: a list and its copies
/// stay on one thread.
class LockList {
public:
  using value_type = LockRef;
  using const_iterator = const LockRef *;
  using iterator = const LockRef *;

  LockList() = default;
  LockList(std::vector<LockRef> Items) {
    if (!Items.empty())
      Shared = new Storage(std::move(Items));
  }

  const LockRef *begin() const { return Shared ? Shared->Items.data() : nullptr; }
  const LockRef *end() const { return begin() + size(); }
  size_t size() const { return Shared ? Shared->Items.size() : 0; }
  bool empty() const { return size() == 0; }
  const LockRef &operator[](size_t I) const { return Shared->Items[I]; }
  operator llvm::ArrayRef<LockRef>() const { return {begin(), size()}; }

  /// Whether the list holds Lock. Equal locks have the same class, or are
  /// both unresolved: a resolved lock is looked up by its class's bit, an
  /// unresolved one among the unresolved locks only when there are some.
  bool contains(const LockRef &Lock) const {
    if (!Shared)
      return false;
    if (Lock.Class != NoClass) {
      if (Lock.Class < ClassBits)
        return Shared->Classes[Lock.Class / 64] >> (Lock.Class % 64) & 1;
      if (!Shared->LargeClasses)
        return false;
    } else if (!Shared->Unresolved) {
      return false;
    }
    return llvm::is_contained(Shared->Items, Lock);
  }
  /// Where the list holds Lock first, or size().
  size_t indexOf(const LockRef &Lock) const {
    if (!contains(Lock))
      return size();
    return static_cast<size_t>(llvm::find(Shared->Items, Lock) - Shared->Items.begin());
  }
  /// Whether some lock of the list is known (resolved or parameter-relative).
  bool anyKnown() const { return Shared && Shared->Known != 0; }

  /// Whether both are copies of one list that neither changed since: then
  /// they are equal without looking at the elements.
  bool sharesStorageWith(const LockList &O) const { return Shared == O.Shared; }

  /// Appends Lock. Room is how many appends are still to come at most (a
  /// callee's releases, what a join adds): a buffer copied or grown for
  /// this one is made with room for them all.
  void push_back(const LockRef &Lock, size_t Room = 1) {
    Storage &S = storage(Room);
    if (Room > 1 && S.Items.size() == S.Items.capacity())
      S.Items.reserve(S.Items.size() + Room);
    S.Items.push_back(Lock);
    S.note(Lock);
  }
  /// Appends the locks of From that the list does not hold, in From's
  /// order, with one copy or growth of the buffer for them all.
  void appendMissing(const LockList &From) {
    const size_t N = From.size();
    size_t I = 0;
    while (I < N && contains(From[I]))
      ++I;
    if (I == N)
      return;
    Storage &S = storage(N - I);
    if (S.Items.capacity() < S.Items.size() + (N - I))
      S.Items.reserve(S.Items.size() + (N - I));
    for (S.add(From[I++]); I < N; ++I)
      if (!contains(From[I]))
        S.add(From[I]);
  }
  /// Erases every lock equal to Lock, copying the buffer only when there is one.
  void erase(const LockRef &Lock) {
    if (!contains(Lock))
      return;
    Storage &S = storage();
    llvm::erase(S.Items, Lock);
    S.recount();
  }

  bool operator==(const LockList &O) const {
    return sharesStorageWith(O) || llvm::equal(*this, O);
  }
  bool operator!=(const LockList &O) const { return !(*this == O); }

private:
  /// Classes below this have a bit; there are a few hundred on the kernel.
  static constexpr unsigned ClassBits = 1024;

  struct Storage : llvm::RefCountedBase<Storage> {
    Storage() = default;
    explicit Storage(std::vector<LockRef> From) : Items(std::move(From)) { recount(); }
    /// A copy made to be changed, which mostly means to grow: room for
    /// Room more locks is made at once rather than by later allocations.
    Storage(const Storage &O, size_t Room)
        : llvm::RefCountedBase<Storage>(), Unresolved(O.Unresolved), Known(O.Known),
          LargeClasses(O.LargeClasses) {
      Items.reserve(O.Items.size() + Room);
      Items.assign(O.Items.begin(), O.Items.end());
      std::copy(std::begin(O.Classes), std::end(O.Classes), std::begin(Classes));
    }

    void add(const LockRef &Lock) {
      Items.push_back(Lock);
      note(Lock);
    }
    void note(const LockRef &Lock) {
      Known += Lock.isKnown();
      if (Lock.Class == NoClass)
        ++Unresolved;
      else if (Lock.Class < ClassBits)
        Classes[Lock.Class / 64] |= uint64_t(1) << (Lock.Class % 64);
      else
        ++LargeClasses;
    }
    void recount() {
      std::fill(std::begin(Classes), std::end(Classes), 0);
      Unresolved = Known = LargeClasses = 0;
      for (const LockRef &Lock : Items)
        note(Lock);
    }

    std::vector<LockRef> Items;
    uint64_t Classes[ClassBits / 64] = {};
    unsigned Unresolved = 0, Known = 0, LargeClasses = 0;
  };

  /// The buffer to change, copied first when another list shares it.
  Storage &storage(size_t Room = 1) {
    if (!Shared)
      Shared = new Storage();
    else if (Shared->UseCount() > 1)
      Shared = new Storage(*Shared, Room);
    return *Shared;
  }

  llvm::IntrusiveRefCntPtr<Storage> Shared;
};

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_LOCKLIST_H
