//===- support/ErrorMessage.cpp -------------------------------------------===//
#include "support/ErrorMessage.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace lockcheck::support {

std::string errorMessage(llvm::Error E) {
  std::string Out;
  auto Append = [&](const std::string &Message) {
    Out += (Out.empty() ? "" : "; ") + Message;
  };
  llvm::handleAllErrors(
      std::move(E),
      [&](const llvm::FileError &FE) {
        // FileError logs "'NAME': [line N: ]MESSAGE" and keeps the line to itself.
        std::string Logged;
        llvm::raw_string_ostream OS(Logged);
        FE.log(OS);
        std::string Name = FE.getFileName().str();
        llvm::StringRef Rest = llvm::StringRef(Logged).drop_front(Name.size() + 4);
        unsigned Line = 0;
        if (Rest.consume_front("line ")) {
          auto [Number, Message] = Rest.split(": ");
          if (!Number.getAsInteger(10, Line)) {
            Append(Name + ":" + std::to_string(Line) + ": " + Message.str());
            return;
          }
          Rest = llvm::StringRef(Logged).drop_front(Name.size() + 4);
        }
        Append(Name + ": " + Rest.str());
      },
      [&](const llvm::ErrorInfoBase &EI) { Append(EI.message()); });
  return Out;
}

} // namespace lockcheck::support
