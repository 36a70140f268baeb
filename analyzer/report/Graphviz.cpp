//===- report/Graphviz.cpp -------------------------------------------------===//
#include "report/Graphviz.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace lockcheck::report {

llvm::Expected<GraphvizRenderer> GraphvizRenderer::find() {
  llvm::ErrorOr<std::string> Dot = llvm::sys::findProgramByName("dot");
  if (!Dot)
    return llvm::createStringError(
        "graphviz's 'dot' is not on PATH; install the graphviz package");
  return GraphvizRenderer(*Dot);
}

/// A temporary file removed when it goes out of scope.
struct TempFile {
  llvm::SmallString<128> Path;
  std::optional<llvm::FileRemover> Remover;
  std::error_code create(llvm::StringRef Suffix) {
    std::error_code EC = llvm::sys::fs::createTemporaryFile("lockcheck-graph", Suffix, Path);
    if (!EC)
      Remover.emplace(Path);
    return EC;
  }
};

llvm::Expected<std::string> GraphvizRenderer::renderSvg(llvm::StringRef Dot) const {
  TempFile In, Out, Err;
  for (auto [File, Suffix] : {std::pair{&In, "dot"}, {&Out, "svg"}, {&Err, "txt"}})
    if (std::error_code EC = File->create(Suffix))
      return llvm::createStringError("cannot make a temporary file for dot: " + EC.message());
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(In.Path, EC);
    if (EC)
      return llvm::createFileError(In.Path, EC);
    OS << Dot;
    OS.close();
    if (OS.has_error()) {
      EC = OS.error();
      OS.clear_error();
      return llvm::createFileError(In.Path, EC);
    }
  }
  std::optional<llvm::StringRef> Redirects[] = {In.Path.str(), Out.Path.str(), Err.Path.str()};
  std::string Message;
  int Status = llvm::sys::ExecuteAndWait(DotProgram, {DotProgram, "-Tsvg"}, std::nullopt,
                                         Redirects, /*SecondsToWait=*/120, /*MemoryLimit=*/0,
                                         &Message);
  if (Status != 0) {
    if (Message.empty())
      if (auto ErrText = llvm::MemoryBuffer::getFile(Err.Path))
        Message = (*ErrText)->getBuffer().trim().split('\n').first.str();
    return llvm::createStringError("dot -Tsvg failed" +
                                   (Message.empty() ? "" : ": " + Message));
  }
  auto Svg = llvm::MemoryBuffer::getFile(Out.Path);
  if (!Svg)
    return llvm::createFileError(Out.Path, Svg.getError());
  return (*Svg)->getBuffer().str();
}

} // namespace lockcheck::report
