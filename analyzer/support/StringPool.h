//===- support/StringPool.h - Interned strings compared by id --------------===//
#ifndef LOCKCHECK_SUPPORT_STRINGPOOL_H
#define LOCKCHECK_SUPPORT_STRINGPOOL_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <vector>

namespace lockcheck::support {

/// Interns strings once and hands out dense ids, so hot loops compare ids and
/// output can still be sorted by text.
class StringPool {
public:
  using Id = uint32_t;
  static constexpr Id None = ~0u;

  Id intern(llvm::StringRef S) {
    auto [It, Inserted] = Ids.try_emplace(S, static_cast<Id>(Strings.size()));
    if (Inserted)
      Strings.push_back(It->getKey());
    return It->second;
  }
  Id lookup(llvm::StringRef S) const {
    auto It = Ids.find(S);
    return It == Ids.end() ? None : It->second;
  }
  llvm::StringRef str(Id I) const { return Strings[I]; }
  size_t size() const { return Strings.size(); }

private:
  llvm::StringMap<Id> Ids;
  std::vector<llvm::StringRef> Strings;
};

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_STRINGPOOL_H
