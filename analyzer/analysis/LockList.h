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

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
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
  LockList(llvm::ArrayRef<LockRef> Items) {
    if (Items.empty())
      return;
    Shared = Storage::make(Items.size());
    for (const LockRef &Lock : Items)
      Shared->add(Lock);
  }

  const LockRef *begin() const { return Shared ? Shared->items() : nullptr; }
  const LockRef *end() const { return begin() + size(); }
  size_t size() const { return Shared ? Shared->Size : 0; }
  bool empty() const { return size() == 0; }
  const LockRef &operator[](size_t I) const { return Shared->items()[I]; }
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
    return std::find(begin(), end(), Lock) != end();
  }
  /// Where the list holds Lock first, or size().
  size_t indexOf(const LockRef &Lock) const {
    if (!contains(Lock))
      return size();
    return static_cast<size_t>(std::find(begin(), end(), Lock) - begin());
  }
  /// Whether some lock of the list is known (resolved or parameter-relative).
  bool anyKnown() const { return Shared && Shared->Known != 0; }

  /// Whether both are copies of one list that neither changed since: then
  /// they are equal without looking at the elements.
  bool sharesStorageWith(const LockList &O) const { return Shared == O.Shared; }
  /// How many locks the buffer has room for without growing.
  size_t capacity() const { return Shared ? Shared->Capacity : 0; }

  /// Appends Lock. Room is how many appends are still to come at most (a
  /// callee's releases, what a join adds): a buffer copied or grown for
  /// this one is made with room for them all.
  void push_back(const LockRef &Lock, size_t Room = 1) { storage(1, Room).add(Lock); }
  /// Appends the locks of From that the list does not hold, in From's
  /// order, with one copy or growth of the buffer for them all.
  void appendMissing(const LockList &From) {
    const size_t N = From.size();
    size_t I = 0;
    while (I < N && contains(From[I]))
      ++I;
    if (I == N)
      return;
    Storage &S = storage(N - I, N - I);
    for (S.add(From[I++]); I < N; ++I)
      if (!contains(From[I]))
        S.add(From[I]);
  }
  /// Erases every lock equal to Lock, copying the buffer only when there is one.
  void erase(const LockRef &Lock) {
    if (!contains(Lock))
      return;
    Storage &S = storage(0, 0);
    S.Size = static_cast<uint32_t>(std::remove(S.items(), S.items() + S.Size, Lock) - S.items());
    S.recount();
  }

  bool operator==(const LockList &O) const {
    return sharesStorageWith(O) || llvm::equal(*this, O);
  }
  bool operator!=(const LockList &O) const { return !(*this == O); }

private:
  /// Classes below this have a bit; there are a few hundred on the kernel.
  static constexpr unsigned ClassBits = 1024;
  /// The room of a new list's buffer: most lists that get one lock get more.
  static constexpr size_t FirstCapacity = 4;

  static_assert(std::is_trivially_copyable_v<LockRef> &&
                    std::is_trivially_destructible_v<LockRef>,
                "the locks are copied into raw storage and never destroyed");

  /// The header and the locks in one allocation, the locks right after the
  /// header: copies of lists are the commonest allocation of the analysis,
  /// and each was two (the header and its vector's buffer).
  struct Storage : llvm::RefCountedBase<Storage> {
    static Storage *make(size_t Capacity) {
      void *Memory = ::operator new(sizeof(Storage) + Capacity * sizeof(LockRef));
      Storage *S = new (Memory) Storage();
      S->Capacity = static_cast<uint32_t>(Capacity);
      return S;
    }
    /// A copy of From with room for Capacity locks, to be changed.
    static Storage *copyOf(const Storage &From, size_t Capacity) {
      Storage *S = make(Capacity);
      std::copy(std::begin(From.Classes), std::end(From.Classes), std::begin(S->Classes));
      S->Unresolved = From.Unresolved;
      S->Known = From.Known;
      S->LargeClasses = From.LargeClasses;
      std::uninitialized_copy(From.items(), From.items() + From.Size, S->items());
      S->Size = From.Size;
      return S;
    }
    // RefCountedBase deletes a Storage with `delete`: the memory is make()'s.
    static void operator delete(void *Memory) { ::operator delete(Memory); }

    LockRef *items() { return reinterpret_cast<LockRef *>(this + 1); }
    const LockRef *items() const { return reinterpret_cast<const LockRef *>(this + 1); }

    void add(const LockRef &Lock) {
      assert(Size < Capacity && "storage() makes the room first");
      new (items() + Size++) LockRef(Lock);
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
      for (const LockRef *Lock = items(); Lock != items() + Size; ++Lock)
        note(*Lock);
    }

    uint64_t Classes[ClassBits / 64] = {};
    unsigned Unresolved = 0, Known = 0, LargeClasses = 0;
    uint32_t Size = 0, Capacity = 0;

  private:
    Storage() = default;
  };
  static_assert(sizeof(Storage) % alignof(LockRef) == 0, "the locks follow the header");

  /// The buffer to change, with room for Needed more locks. A buffer copied
  /// (because another list shares it) or grown (as a vector grows, when it
  /// is full) is made with room for Room more, the appends still to come.
  Storage &storage(size_t Needed, size_t Room) {
    Room = std::max(Room, Needed);
    if (!Shared)
      Shared = Storage::make(std::max(Room, FirstCapacity));
    else if (Shared->UseCount() > 1)
      Shared = Storage::copyOf(*Shared, Shared->Size + Room);
    else if (Shared->Size + Needed > Shared->Capacity)
      Shared = Storage::copyOf(*Shared, std::max<size_t>(Shared->Size + Room, 2 * Shared->Capacity));
    return *Shared;
  }

  llvm::IntrusiveRefCntPtr<Storage> Shared;
};

} // namespace lockcheck::analysis

#endif // LOCKCHECK_ANALYSIS_LOCKLIST_H
