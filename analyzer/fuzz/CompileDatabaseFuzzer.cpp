//===- fuzz/CompileDatabaseFuzzer.cpp - libFuzzer target: compile_commands.json -===//
//
// The compile database front end: lockcheck's own shape check, then Clang's
// JSONCompilationDatabase and its command-line splitting, then the commands as
// lockcheck takes them.
//
//===----------------------------------------------------------------------===//
#include "frontend/TUExtractor.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Commands = lockcheck::frontend::parseCompileCommands(Text, "compile_commands.json");
  if (!Commands)
    llvm::consumeError(Commands.takeError());
  return 0;
}
