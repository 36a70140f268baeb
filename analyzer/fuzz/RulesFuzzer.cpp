//===- fuzz/RulesFuzzer.cpp - libFuzzer target: the rules YAML ------------===//
//
// Rules files are edited by hand and passed with --rules: whatever bytes they
// hold, the reader returns rules or a one-line error, and rules it accepts are
// ones writeRules writes back into a file the reader takes unchanged, as
// infer-contracts relies on.
//
//===----------------------------------------------------------------------===//
#include "spec/Rules.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

std::string written(const lockcheck::spec::Rules &R) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  lockcheck::spec::writeRules(OS, R.all().vec());
  return Text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  lockcheck::spec::Rules Read;
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  if (llvm::Error E = Read.loadBuffer(Text, "fuzz.yaml")) {
    llvm::consumeError(std::move(E));
    return 0;
  }
  std::string Written = written(Read);
  lockcheck::spec::Rules Again;
  if (llvm::Error E = Again.loadBuffer(Written, "written.yaml")) {
    llvm::consumeError(std::move(E));
    __builtin_trap();
  }
  if (written(Again) != Written)
    __builtin_trap();
  return 0;
}
