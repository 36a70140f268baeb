//===- support/YamlDiagnostic.h - llvm::yaml errors as one line ------------===//
#ifndef LOCKCHECK_SUPPORT_YAMLDIAGNOSTIC_H
#define LOCKCHECK_SUPPORT_YAMLDIAGNOSTIC_H

#include "llvm/ADT/Twine.h"
#include "llvm/Support/SourceMgr.h"

#include <string>

namespace lockcheck::support {

/// Keeps the first diagnostic of an llvm::yaml::Input as `file:line:col:
/// message`, the one-line form users see; pass &handler and the object to the
/// Input's constructor.
struct YamlDiagnostic {
  std::string First;
  static void handler(const llvm::SMDiagnostic &D, void *Ctx) {
    auto *Self = static_cast<YamlDiagnostic *>(Ctx);
    if (!Self->First.empty())
      return;
    Self->First = (llvm::Twine(D.getFilename()) + ":" + llvm::Twine(D.getLineNo()) + ":" +
                   llvm::Twine(D.getColumnNo() + 1) + ": " + D.getMessage())
                      .str();
  }
};

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_YAMLDIAGNOSTIC_H
