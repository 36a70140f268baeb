//===- frontend/TUExtractor.cpp - Compile database and per-TU extraction ---===//
#include "frontend/TUExtractor.h"

#include "frontend/FactsExtractor.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Errc.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/xxhash.h"

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

namespace lockcheck::frontend {

namespace {

/// Remembers the first error the compiler reports and prints nothing: the
/// tool's summary names each failed TU with that line.
class FirstErrorCollector : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error || !First.empty())
      return;
    llvm::SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const clang::SourceManager &SM = Info.getSourceManager();
      clang::PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Info.getLocation()));
      if (P.isValid()) {
        First = (llvm::Twine(P.getFilename()) + ":" + llvm::Twine(P.getLine()) + ":" +
                 llvm::Twine(P.getColumn()) + ": " + Message)
                    .str();
        return;
      }
    }
    First = std::string(Message);
  }
  std::string First;
};

/// Runs the extraction and then, while the SourceManager still holds them,
/// records every file the TU loaded with the digest of its bytes into Out: the
/// facts cache's dependencies. Sets Incomplete when a file could not be
/// digested, as the list then cannot vouch for the facts.
/// WARNING: ToolInvocation destroys its action when the run ends; what it
/// records lives in the caller's variables, never in the action.
class DependencyRecorder : public clang::WrapperFrontendAction {
public:
  DependencyRecorder(std::unique_ptr<clang::FrontendAction> Extract, llvm::StringRef Directory,
                     std::vector<facts::FileDigest> &Out, bool &Incomplete)
      : WrapperFrontendAction(std::move(Extract)), Directory(Directory), Out(Out),
        Incomplete(Incomplete) {}

  // WrapperFrontendAction ends the wrapped action through EndSourceFile, not
  // EndSourceFileAction; the SourceManager lives until the compiler is gone.
  void EndSourceFile() override {
    clang::CompilerInstance &CI = getCompilerInstance();
    if (CI.hasSourceManager()) {
      const clang::SourceManager &SM = CI.getSourceManager();
      for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End; ++It)
        record(It->first.getName(), It->second->getBufferDataIfLoaded());
    }
    WrapperFrontendAction::EndSourceFile();
  }

private:
  void record(llvm::StringRef Name, std::optional<llvm::StringRef> Data) {
    // Names are as the compiler looked them up: relative ones (Kbuild's
    // -I./include) are relative to the command's directory.
    llvm::SmallString<256> Path = Name;
    llvm::sys::fs::make_absolute(Directory, Path);
    // Keep "..": the folder before it may be a symbolic link.
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/false);
    std::optional<uint64_t> Digest;
    if (Data) {
      Digest = llvm::xxh3_64bits(*Data);
    } else if (auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                                         /*RequiresNullTerminator=*/false)) {
      // Known to the SourceManager but never read: its contents did not
      // matter to this parse, the ones on disk serve as well.
      Digest = llvm::xxh3_64bits((*Buffer)->getBuffer());
    }
    if (!Digest)
      Incomplete = true;
    else
      Out.push_back({std::string(Path), *Digest});
  }

  std::string Directory;
  std::vector<facts::FileDigest> &Out;
  bool &Incomplete;
};

/// Drops what would make a syntax-only parse write files or fail on output
/// options: -c, -o X, dependency-file flags (Kbuild passes -Wp,-MMD,file).
std::vector<std::string> syntaxOnlyArgs(const std::vector<std::string> &Args) {
  std::vector<std::string> Out;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (I > 0 && (A == "-o" || A == "-MF" || A == "-MT" || A == "-MQ")) {
      ++I;
      continue;
    }
    if (I > 0 && (A == "-c" || A == "-S" || A == "-E" || A.starts_with("-o") ||
                  A == "-MD" || A == "-MMD" || A == "-M" || A == "-MM" || A == "-MP" ||
                  A.starts_with("-Wp,-MD") || A.starts_with("-Wp,-MMD") ||
                  A.starts_with("-MF") || A == "-fsyntax-only"))
      continue;
    Out.push_back(Args[I]);
  }
  // -fno-caret-diagnostics also keeps Clang from printing "N errors generated".
  Out.insert(Out.begin() + (Out.empty() ? 0 : 1), {"-fsyntax-only", "-w", "-fno-caret-diagnostics"});
  return Out;
}

llvm::Error validateCompileCommands(llvm::StringRef Text) {
  nlohmann::json Root =
      nlohmann::json::parse(Text.begin(), Text.end(), nullptr, /*allow_exceptions=*/false);
  if (Root.is_discarded())
    return llvm::createStringError("not valid JSON");
  if (!Root.is_array())
    return llvm::createStringError("expected a JSON array of compile commands");
  for (size_t I = 0; I < Root.size(); ++I) {
    const nlohmann::json &Entry = Root[I];
    std::string Where = "entry " + std::to_string(I);
    if (!Entry.is_object())
      return llvm::createStringError(Where + " is not an object");
    for (const char *Key : {"directory", "file"})
      if (!Entry.contains(Key) || !Entry[Key].is_string())
        return llvm::createStringError(Where + " has no string '" + Key + "'");
    bool HasArguments = Entry.contains("arguments") && Entry["arguments"].is_array();
    if (HasArguments)
      for (const nlohmann::json &A : Entry["arguments"])
        if (!A.is_string())
          return llvm::createStringError(Where + ": 'arguments' holds a non-string");
    if (Entry.contains("command") && !Entry["command"].is_string())
      return llvm::createStringError(Where + ": 'command' is not a string");
    if (Entry.contains("output") && !Entry["output"].is_string())
      return llvm::createStringError(Where + ": 'output' is not a string");
    bool HasCommand = Entry.contains("command") && Entry["command"].is_string();
    if (!HasArguments && !HasCommand)
      return llvm::createStringError(Where + " has neither 'arguments' nor 'command'");
  }
  return llvm::Error::success();
}

} // namespace

llvm::Expected<std::vector<TUCommand>> loadCompileCommands(llvm::StringRef BuildDir) {
  llvm::SmallString<256> Path = BuildDir;
  llvm::sys::path::append(Path, "compile_commands.json");
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createFileError(Path, Buffer.getError());
  return parseCompileCommands((*Buffer)->getBuffer(), Path);
}

llvm::Expected<std::vector<TUCommand>> parseCompileCommands(llvm::StringRef Text,
                                                           llvm::StringRef Path) {
  // Clang's reader prints YAML parser noise for malformed JSON and names the
  // wrong fault; check the shape first for a one-line error of our own.
  if (llvm::Error E = validateCompileCommands(Text))
    return llvm::createFileError(Path, std::move(E));
  std::string Error;
  std::unique_ptr<clang::tooling::JSONCompilationDatabase> DB =
      clang::tooling::JSONCompilationDatabase::loadFromBuffer(
          Text, Error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return llvm::createFileError(Path, llvm::createStringError(Error));
  std::vector<TUCommand> Out;
  for (const clang::tooling::CompileCommand &C : DB->getAllCompileCommands()) {
    TUCommand T;
    llvm::SmallString<256> File(C.Filename);
    if (!llvm::sys::path::is_absolute(File)) {
      llvm::SmallString<256> Abs(C.Directory);
      llvm::sys::path::append(Abs, File);
      File = Abs;
    }
    llvm::sys::path::remove_dots(File, /*remove_dot_dot=*/true);
    T.File = std::string(File);
    T.Directory = C.Directory;
    T.Args = C.CommandLine;
    Out.push_back(std::move(T));
  }
  return Out;
}

llvm::Expected<TUCommand> commandFromCheckArgs(llvm::ArrayRef<std::string> Args) {
  if (Args.empty())
    return llvm::createStringError("no compiler arguments after '--'");
  TUCommand T;
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  T.Directory = std::string(Cwd);
  T.Args.push_back("clang");
  for (const std::string &A : Args) {
    // sparse's own options, which Kbuild puts in CHECKFLAGS for every checker.
    llvm::StringRef S = A;
    if (S.starts_with("--arch=") || S == "-Wbitwise" || S == "-Wno-return-void" ||
        S == "-Wno-unknown-attribute" || S == "-mlittle-endian" || S == "-mbig-endian")
      continue;
    T.Args.push_back(A);
  }
  llvm::SmallString<256> File = llvm::StringRef(T.Args.back());
  if (!File.ends_with(".c"))
    return llvm::createStringError("the last argument '" + std::string(File) +
                                   "' is not a C source file");
  llvm::sys::fs::make_absolute(File);
  llvm::sys::path::remove_dots(File, /*remove_dot_dot=*/true);
  T.File = std::string(File);
  return T;
}

/// The file system a command compiles against: the real one, seen through the
/// command's `-ivfsoverlay` files when it has any. The compiler driver would
/// apply them itself, but ToolInvocation hands it a FileManager of ours, so
/// they are applied here (patch mode shows a patched tree to the compiler
/// this way, under the real tree's file names).
static llvm::Expected<llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>>
commandFileSystem(const TUCommand &Cmd) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = llvm::vfs::createPhysicalFileSystem();
  for (size_t I = 1; I < Cmd.Args.size(); ++I) {
    llvm::StringRef A = Cmd.Args[I];
    if (!A.consume_front("-ivfsoverlay"))
      continue;
    std::string Overlay = A.empty() && I + 1 < Cmd.Args.size() ? Cmd.Args[++I] : A.str();
    auto Buffer = llvm::MemoryBuffer::getFile(Overlay);
    if (!Buffer)
      return llvm::createFileError(Overlay, Buffer.getError());
    std::string YamlError;
    FS = llvm::vfs::getVFSFromYAML(
        std::move(*Buffer),
        [](const llvm::SMDiagnostic &D, void *Context) {
          *static_cast<std::string *>(Context) = D.getMessage().str();
        },
        Overlay, &YamlError, FS);
    if (!FS)
      return llvm::createFileError(Overlay, llvm::createStringError(
                                                YamlError.empty() ? "invalid overlay" : YamlError));
  }
  return FS;
}

static bool namedByEnvironment(const char *Variable, llvm::StringRef MainFile) {
  const char *Name = std::getenv(Variable);
  return Name && *Name && llvm::sys::path::filename(MainFile) == Name;
}

/// Test hooks standing for a Clang assertion or a crash in the parser, and
/// for a parse that never ends: with LOCKCHECK_CRASH_ON=NAME in the
/// environment, the frontend aborts on the TU whose main file is named NAME;
/// with LOCKCHECK_HANG_ON=NAME, it never returns from that TU. Hidden: the
/// tests of crash containment and of --tu-timeout use them.
static void misbehaveIfAsked(llvm::StringRef MainFile) {
  if (namedByEnvironment("LOCKCHECK_CRASH_ON", MainFile)) {
    llvm::errs() << "lockcheck: LOCKCHECK_CRASH_ON: aborting on " << MainFile << "\n";
    std::abort();
  }
  if (namedByEnvironment("LOCKCHECK_HANG_ON", MainFile))
    for (;;)
      std::this_thread::sleep_for(std::chrono::hours(1));
}

llvm::Expected<ExtractedTU> extractTU(const TUCommand &Cmd) {
  misbehaveIfAsked(Cmd.File);
  auto CommandFS = commandFileSystem(Cmd);
  if (!CommandFS)
    return CommandFS.takeError();
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = std::move(*CommandFS);
  // Through the overlay: a file a patch adds is only there.
  if (!FS->exists(Cmd.File))
    return llvm::createFileError(Cmd.File,
                                 llvm::make_error_code(llvm::errc::no_such_file_or_directory));
  if (!llvm::sys::fs::is_directory(Cmd.Directory))
    return llvm::createFileError(Cmd.File, llvm::createStringError(
                                               "working directory '" + Cmd.Directory +
                                               "' does not exist"));
  if (std::error_code EC = FS->setCurrentWorkingDirectory(Cmd.Directory))
    return llvm::createFileError(Cmd.Directory, EC);
  llvm::IntrusiveRefCntPtr<clang::FileManager> Files(
      new clang::FileManager(clang::FileSystemOptions{Cmd.Directory}, FS));
  ExtractedTU Out;
  facts::TUFacts &Facts = Out.Facts;
  FirstErrorCollector Errors;
  bool DependenciesIncomplete = false;
  clang::tooling::ToolInvocation Invocation(
      syntaxOnlyArgs(Cmd.Args),
      std::make_unique<DependencyRecorder>(createExtractAction(Facts), Cmd.Directory,
                                           Out.Dependencies, DependenciesIncomplete),
      Files.get());
  Invocation.setDiagnosticConsumer(&Errors);
  bool Ok = Invocation.run();
  // The first error already names its file and line.
  if (!Errors.First.empty())
    return llvm::createStringError(Errors.First);
  if (!Ok)
    return llvm::createFileError(Cmd.File, llvm::createStringError("the compiler failed to run"));
  if (Facts.MainFile.empty())
    Facts.MainFile = Cmd.File;
  if (DependenciesIncomplete)
    Out.Dependencies.clear();
  return Out;
}

} // namespace lockcheck::frontend
