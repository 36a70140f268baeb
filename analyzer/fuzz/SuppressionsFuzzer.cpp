//===- fuzz/SuppressionsFuzzer.cpp - libFuzzer target: suppressions -------===//
//
// Both forms: the YAML file given with --suppressions, and the `lockcheck:
// ignore` comments read from the sources findings point at.
//
//===----------------------------------------------------------------------===//
#include "report/SuppressionComments.h"
#include "report/Suppressions.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  lockcheck::report::Suppressions S({"recursive-lock"});
  llvm::consumeError(S.loadBuffer(Text, "fuzz.yaml"));
  auto Comments = lockcheck::report::parseSuppressionComments(Text, "fuzz.c");
  if (!Comments)
    llvm::consumeError(Comments.takeError());
  return 0;
}
