//===- support/YamlFiles.h - The YAML files of a data folder --------------===//
#ifndef LOCKCHECK_SUPPORT_YAMLFILES_H
#define LOCKCHECK_SUPPORT_YAMLFILES_H

#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <string>
#include <vector>

namespace lockcheck::support {

/// The *.yaml files of a folder (annotations/, rules/), in name order so that
/// loading them gives the same result on every machine.
inline llvm::Expected<std::vector<std::string>> yamlFilesIn(llvm::StringRef Dir) {
  std::error_code EC;
  std::vector<std::string> Files;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".yaml")
      Files.push_back(It->path());
  if (EC)
    return llvm::createFileError(Dir, EC);
  std::sort(Files.begin(), Files.end());
  return Files;
}

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_YAMLFILES_H
