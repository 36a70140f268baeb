//===- fuzz/PatchReaderFuzzer.cpp - libFuzzer target: patches and mboxes --===//
//
// Patch mode reads patches that arrive from public mailing lists: whatever the
// bytes, the reader returns patches or an error.
//
//===----------------------------------------------------------------------===//
#include "tool/PatchReader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Patches = lockcheck::tool::readPatches(Text, "fuzz.patch");
  if (!Patches)
    llvm::consumeError(Patches.takeError());
  return 0;
}
