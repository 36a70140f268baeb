//===- frontend/TUExtractor.h - Compile database and per-TU extraction -----===//
#ifndef LOCKCHECK_FRONTEND_TUEXTRACTOR_H
#define LOCKCHECK_FRONTEND_TUEXTRACTOR_H

#include "facts/Facts.h"
#include "facts/FactsCache.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace lockcheck::frontend {

/// One compile command, in lockcheck's own terms (no Clang types leave the frontend).
struct TUCommand {
  std::string File;      ///< absolute path of the main source file
  std::string Directory; ///< working directory of the command
  std::vector<std::string> Args;
};

/// Reads BuildDir/compile_commands.json. Errors name the file and the fault.
llvm::Expected<std::vector<TUCommand>> loadCompileCommands(llvm::StringRef BuildDir);

/// As loadCompileCommands, from the file's Text; Path names it in errors.
llvm::Expected<std::vector<TUCommand>> parseCompileCommands(llvm::StringRef Text,
                                                           llvm::StringRef Path);

/// Turns a compiler command line as Kbuild hands it to a CHECK tool (flags,
/// then the source file last) into a TUCommand run from the current directory.
llvm::Expected<TUCommand> commandFromCheckArgs(llvm::ArrayRef<std::string> Args);

/// One TU's facts and the files they were extracted from.
struct ExtractedTU {
  facts::TUFacts Facts;
  /// Every file the SourceManager loaded (the main file, each header, each
  /// `-include` file), absolute, with the digest of the very bytes parsed, so a
  /// file edited during the run cannot pair new contents with old facts. Empty
  /// when one of them could not be read: such a TU is not cached.
  std::vector<facts::FileDigest> Dependencies;
};

/// Parses and extracts one TU. A TU that does not parse is an error carrying
/// its first compiler error (`file:line:col: message`).
llvm::Expected<ExtractedTU> extractTU(const TUCommand &Cmd);

} // namespace lockcheck::frontend

#endif // LOCKCHECK_FRONTEND_TUEXTRACTOR_H
