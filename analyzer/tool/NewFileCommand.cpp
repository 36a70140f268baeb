//===- tool/NewFileCommand.cpp - A compile command for a C file a patch adds ===//
#include "tool/NewFileCommand.h"

#include "llvm/Support/Path.h"

namespace lockcheck::tool {

namespace {

/// Kbuild's name-fix: module and base names have `_` for `-` and `,`.
std::string nameFix(llvm::StringRef Name) {
  std::string Out = Name.str();
  for (char &C : Out)
    if (C == '-' || C == ',')
      C = '_';
  return Out;
}

/// Arg with every occurrence of From replaced by To.
std::string replaceAll(llvm::StringRef Arg, llvm::StringRef From, llvm::StringRef To) {
  std::string Out;
  for (size_t At = Arg.find(From); At != llvm::StringRef::npos; At = Arg.find(From)) {
    Out += Arg.take_front(At);
    Out += To;
    Arg = Arg.drop_front(At + From.size());
  }
  return Out + Arg.str();
}

/// The value of `-DNAME=VALUE` without the quotes Kbuild puts around strings.
std::optional<std::string> defineValue(llvm::ArrayRef<std::string> Args, llvm::StringRef Name) {
  std::string Prefix = ("-D" + Name + "=").str();
  for (const std::string &A : Args)
    if (llvm::StringRef(A).starts_with(Prefix))
      return llvm::StringRef(A).drop_front(Prefix.size()).trim("'\"").str();
  return std::nullopt;
}

} // namespace

std::optional<NewFileCommand> commandForNewFile(llvm::ArrayRef<frontend::TUCommand> Commands,
                                                llvm::StringRef NewFile) {
  const frontend::TUCommand *Template = nullptr;
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(NewFile); !Dir.empty() && !Template;
       Dir = llvm::sys::path::parent_path(Dir)) {
    for (const frontend::TUCommand &C : Commands)
      if (llvm::sys::path::parent_path(C.File) == Dir && (!Template || C.File < Template->File))
        Template = &C;
    if (Dir == llvm::sys::path::parent_path(Dir))
      break;
  }
  if (!Template)
    return std::nullopt;

  llvm::StringRef OldStem = llvm::sys::path::stem(Template->File);
  llvm::StringRef NewStem = llvm::sys::path::stem(NewFile);
  std::string OldBase = nameFix(OldStem), NewBase = nameFix(NewStem);
  // The folders from the template's directory down to the new file's
  // (`/newfs` for fs/newfs/super.c made from fs/sync.c), empty in the same one.
  std::string Down = llvm::sys::path::parent_path(NewFile)
                         .drop_front(llvm::sys::path::parent_path(Template->File).size())
                         .str();
  // A one-file object's module is the object: fs/sync.c builds module `sync`.
  bool OneFileObject = defineValue(Template->Args, "KBUILD_MODNAME") == OldBase;
  std::string DepFile = "/." + OldStem.str() + ".o.d", Object = "/" + OldStem.str() + ".o";
  NewFileCommand Out{*Template, Template->File};
  Out.Command.File = NewFile.str();
  for (std::string &A : Out.Command.Args) {
    llvm::StringRef Arg = A;
    if (Arg == Template->File) {
      A = NewFile.str();
    } else if (Arg.starts_with("-DKBUILD_BASENAME=") ||
               (OneFileObject && Arg.starts_with("-DKBUILD_MODNAME="))) {
      A = replaceAll(Arg, "\"" + OldBase + "\"", "\"" + NewBase + "\"");
    } else if (OneFileObject && Arg == "-D__KBUILD_MODNAME=kmod_" + OldBase) {
      A = "-D__KBUILD_MODNAME=kmod_" + NewBase;
    } else if (OneFileObject && Arg.starts_with("-DKBUILD_MODFILE=")) {
      A = replaceAll(Arg, "/" + OldStem.str() + "\"", Down + "/" + NewStem.str() + "\"");
    } else if (Arg.ends_with(DepFile)) {
      // -Wp,-MMD,fs/btrfs/.file.o.d
      A = Arg.drop_back(DepFile.size()).str() + Down + "/." + NewStem.str() + ".o.d";
    } else if (Arg.ends_with(Object)) {
      A = Arg.drop_back(Object.size()).str() + Down + "/" + NewStem.str() + ".o";
    } else if (Arg == OldStem.str() + ".o") {
      A = (Down.empty() ? "" : Down.substr(1) + "/") + NewStem.str() + ".o";
    }
  }
  return Out;
}

} // namespace lockcheck::tool
