//===- support/ErrorMessage.h - An llvm::Error as the user reads it -------===//
#ifndef LOCKCHECK_SUPPORT_ERRORMESSAGE_H
#define LOCKCHECK_SUPPORT_ERRORMESSAGE_H

#include "llvm/Support/Error.h"

#include <string>

namespace lockcheck::support {

/// The message of E in lockcheck's form `FILE[:LINE]: what is wrong`: a file
/// error names its file bare, not quoted as llvm::FileError logs it. Several
/// errors are joined with "; ".
std::string errorMessage(llvm::Error E);

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_ERRORMESSAGE_H
