//===- report/Graphviz.h - DOT to SVG with Debian's graphviz --------------===//
#ifndef LOCKCHECK_REPORT_GRAPHVIZ_H
#define LOCKCHECK_REPORT_GRAPHVIZ_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace lockcheck::report {

/// Runs Graphviz's `dot -Tsvg` as a subprocess. Found once, up front, so a
/// machine without graphviz fails before any work is done.
class GraphvizRenderer {
public:
  /// `dot` on PATH, or an error saying to install graphviz.
  static llvm::Expected<GraphvizRenderer> find();

  /// The SVG document dot makes of Dot; dot's first complaint as the error.
  llvm::Expected<std::string> renderSvg(llvm::StringRef Dot) const;

private:
  explicit GraphvizRenderer(std::string DotProgram) : DotProgram(std::move(DotProgram)) {}
  std::string DotProgram;
};

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_GRAPHVIZ_H
