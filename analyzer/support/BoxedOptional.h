//===- support/BoxedOptional.h - An optional value kept on the heap -------===//
//
// The whole-program step keeps every TU's facts in memory, and most of that
// is blocks: 850,000 of them for the kernel's fs/ and mm/. A block's return
// fact is 190 bytes held inline by std::optional, and one block in ten has
// one, so the returns alone took 160 MB, a quarter of the facts' memory. A
// fact that few of its owners have is kept behind a pointer instead.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_SUPPORT_BOXEDOPTIONAL_H
#define LOCKCHECK_SUPPORT_BOXEDOPTIONAL_H

#include <memory>
#include <optional>
#include <utility>

namespace lockcheck::support {

/// std::optional's interface and value semantics (copies copy the value) over
/// a heap allocation made only when a value is present: an empty one is the
/// size of a pointer.
template <typename T> class BoxedOptional {
public:
  BoxedOptional() = default;
  BoxedOptional(std::nullopt_t) {}
  BoxedOptional(T Value) : Box(std::make_unique<T>(std::move(Value))) {}
  BoxedOptional(std::optional<T> Value) {
    if (Value)
      Box = std::make_unique<T>(std::move(*Value));
  }
  BoxedOptional(const BoxedOptional &O) : Box(O ? std::make_unique<T>(*O) : nullptr) {}
  BoxedOptional(BoxedOptional &&) noexcept = default;
  BoxedOptional &operator=(const BoxedOptional &O) {
    if (this != &O)
      Box = O ? std::make_unique<T>(*O) : nullptr;
    return *this;
  }
  BoxedOptional &operator=(BoxedOptional &&) noexcept = default;

  bool has_value() const { return Box != nullptr; }
  explicit operator bool() const { return has_value(); }
  T &operator*() { return *Box; }
  const T &operator*() const { return *Box; }
  T *operator->() { return Box.get(); }
  const T *operator->() const { return Box.get(); }

  template <typename... Args> T &emplace(Args &&...A) {
    Box = std::make_unique<T>(std::forward<Args>(A)...);
    return *Box;
  }
  void reset() { Box.reset(); }

  friend bool operator==(const BoxedOptional &A, const BoxedOptional &B) {
    return A && B ? *A == *B : A.has_value() == B.has_value();
  }
  friend bool operator!=(const BoxedOptional &A, const BoxedOptional &B) { return !(A == B); }

private:
  std::unique_ptr<T> Box;
};

} // namespace lockcheck::support

#endif
