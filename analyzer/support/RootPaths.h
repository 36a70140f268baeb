//===- support/RootPaths.h - File names relative to a tree's root ---------===//
//
// A CI runner checks the kernel out wherever it likes: /home/runner/work/x on
// one, /builds/y on another. What lockcheck shares between runners (cache keys,
// cache dependencies, shard manifests) names files relative to the root of the
// tree instead, so it means the same wherever the tree lies. Files outside the
// root (the compiler's own headers) keep their absolute names.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_SUPPORT_ROOTPATHS_H
#define LOCKCHECK_SUPPORT_ROOTPATHS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace lockcheck::support {

/// Whether Path is Dir or lies under it (both absolute, without dots).
bool isUnder(llvm::StringRef Path, llvm::StringRef Dir);

/// Path relative to Root when it lies under it ("." for Root itself); Path
/// unchanged otherwise, or when Root is empty.
std::string relativeToRoot(llvm::StringRef Path, llvm::StringRef Root);

/// The inverse of relativeToRoot: a relative Name joined to Root; an absolute
/// one unchanged.
std::string underRoot(llvm::StringRef Name, llvm::StringRef Root);

/// Path moved from under OldRoot to under NewRoot; unchanged when it does not
/// lie under OldRoot.
std::string rebase(llvm::StringRef Path, llvm::StringRef OldRoot, llvm::StringRef NewRoot);

/// A compiler argument with every spelling of Root in it (`-I/root/include`,
/// `/root/include/linux/kconfig.h`) replaced by `${root}`.
std::string withRootPlaceholder(llvm::StringRef Arg, llvm::StringRef Root);

/// The deepest folder holding every one of Paths (absolute, without dots);
/// "/" when they share nothing more, empty when Paths is.
std::string commonAncestor(llvm::ArrayRef<std::string> Paths);

} // namespace lockcheck::support

#endif // LOCKCHECK_SUPPORT_ROOTPATHS_H
