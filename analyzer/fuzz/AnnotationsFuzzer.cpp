//===- fuzz/AnnotationsFuzzer.cpp - libFuzzer target: annotations YAML ----===//
#include "spec/Annotations.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  lockcheck::spec::Annotations A;
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::consumeError(A.loadBuffer(Text, "fuzz.yaml"));
  return 0;
}
