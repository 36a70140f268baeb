//===- support/CopyOnWriteVector.h - A vector whose copies share storage ---===//
#ifndef LOCKCHECK_SUPPORT_COPYONWRITEVECTOR_H
#define LOCKCHECK_SUPPORT_COPYONWRITEVECTOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/ADT/STLExtras.h"

#include <cstddef>
#include <vector>

namespace lockcheck::support {

/// A vector with value semantics whose copies share one buffer until one of
/// them is changed. For long lists that are copied far more often than
/// changed: the dataflow copies a state into every block and edge, and most
/// blocks leave its lists as they were. The count is not atomic: a vector and
/// its copies stay on one thread.
template <typename T> class CopyOnWriteVector {
public:
  using value_type = T;
  using const_iterator = const T *;
  using iterator = const T *;

  CopyOnWriteVector() = default;
  CopyOnWriteVector(std::vector<T> Items) {
    if (!Items.empty())
      Shared = new Storage(std::move(Items));
  }

  const T *begin() const { return Shared ? Shared->Items.data() : nullptr; }
  const T *end() const { return begin() + size(); }
  size_t size() const { return Shared ? Shared->Items.size() : 0; }
  bool empty() const { return size() == 0; }
  const T &operator[](size_t I) const { return Shared->Items[I]; }
  operator llvm::ArrayRef<T>() const { return {begin(), size()}; }

  /// Whether both are copies of one vector that neither changed since: then
  /// they are equal without looking at the elements.
  bool sharesStorageWith(const CopyOnWriteVector &O) const { return Shared == O.Shared; }

  void push_back(const T &V) { items().push_back(V); }
  /// Erases every element equal to V, copying the buffer only when there is one.
  void erase(const T &V) {
    if (llvm::is_contained(*this, V))
      llvm::erase(items(), V);
  }

  bool operator==(const CopyOnWriteVector &O) const {
    return sharesStorageWith(O) || llvm::equal(*this, O);
  }
  bool operator!=(const CopyOnWriteVector &O) const { return !(*this == O); }

private:
  struct Storage : llvm::RefCountedBase<Storage> {
    Storage() = default;
    explicit Storage(std::vector<T> Items) : Items(std::move(Items)) {}
    /// A copy made to be changed, which mostly means to grow by one: room
    /// for that is made at once rather than by a second allocation.
    Storage(const Storage &O) : llvm::RefCountedBase<Storage>(O) {
      Items.reserve(O.Items.size() + 1);
      Items.assign(O.Items.begin(), O.Items.end());
    }
    std::vector<T> Items;
  };

  /// The elements to change, copied first when another vector shares them.
  std::vector<T> &items() {
    if (!Shared)
      Shared = new Storage();
    else if (Shared->UseCount() > 1)
      Shared = new Storage(*Shared);
    return Shared->Items;
  }

  llvm::IntrusiveRefCntPtr<Storage> Shared;
};

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_COPYONWRITEVECTOR_H
