//===- fuzz/FactsJsonFuzzer.cpp - libFuzzer target: the facts reader ------===//
//
// Facts files come from other runs, other machines and Kbuild's CHECK hook:
// whatever bytes they hold, the reader returns facts or an error, and facts it
// returns are ones the writer can write back.
//
//===----------------------------------------------------------------------===//
#include "facts/FactsJson.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<lockcheck::facts::TUFacts> TU = lockcheck::facts::readFactsJson(Text);
  if (!TU) {
    llvm::consumeError(TU.takeError());
    return 0;
  }
  // What was accepted must survive a round trip unchanged.
  std::string Written = lockcheck::facts::writeFactsJson(*TU);
  llvm::Expected<lockcheck::facts::TUFacts> Again = lockcheck::facts::readFactsJson(Written);
  if (!Again || lockcheck::facts::writeFactsJson(*Again) != Written)
    __builtin_trap();
  return 0;
}
