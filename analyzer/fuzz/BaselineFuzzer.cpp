//===- fuzz/BaselineFuzzer.cpp - libFuzzer target: the baseline reader ----===//
#include "report/Baseline.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto B = lockcheck::report::Baseline::parse(Text, "fuzz.json");
  if (!B)
    llvm::consumeError(B.takeError());
  return 0;
}
