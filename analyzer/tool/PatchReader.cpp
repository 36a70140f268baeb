//===- tool/PatchReader.cpp - Patches and mboxes as patch mode reads them -===//
#include "tool/PatchReader.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Path.h"

namespace lockcheck::tool {

namespace {

/// The input cut into lines, each without its line break (nor a mail's `\r`),
/// with the offset where it starts, to take each patch's bytes unchanged.
struct Lines {
  std::vector<llvm::StringRef> Text;
  std::vector<size_t> Offset;
};

Lines splitLines(llvm::StringRef Input) {
  Lines L;
  size_t Pos = 0;
  while (Pos < Input.size()) {
    size_t End = Input.find('\n', Pos);
    if (End == llvm::StringRef::npos)
      End = Input.size();
    L.Text.push_back(Input.slice(Pos, End).rtrim('\r'));
    L.Offset.push_back(Pos);
    Pos = End + 1;
  }
  L.Offset.push_back(Input.size());
  return L;
}

llvm::Error errorAt(llvm::StringRef Name, size_t Index, const llvm::Twine &What) {
  return llvm::createStringError(Name + ":" + llvm::Twine(Index + 1) + ": " + What);
}

/// An mbox's `From ` line, which opens each mail: at the start of the input or
/// after a blank line (a `From ` inside a mail body is escaped as `>From `,
/// and a diff's context line starts with a blank).
bool isMailStart(const Lines &L, size_t I) {
  // I is one past the last line for an empty input (found by fuzzing).
  return I < L.Text.size() && L.Text[I].starts_with("From ") &&
         (I == 0 || L.Text[I - 1].empty());
}

/// Reads `-12,7` or `+12` (a count of 1 when omitted) from a hunk header.
bool readRange(llvm::StringRef &S, char Sign, unsigned &Start, unsigned &Count) {
  if (!S.consume_front(llvm::StringRef(&Sign, 1)) || S.consumeInteger(10, Start))
    return false;
  Count = 1;
  if (S.consume_front(",") && S.consumeInteger(10, Count))
    return false;
  return true;
}

class PatchParser {
public:
  PatchParser(const Lines &L, llvm::StringRef Name) : L(L), Name(Name) {}

  /// Reads the diffs of the patch spanning lines [Begin, End).
  llvm::Error read(size_t Begin, size_t End, Patch &Out) {
    for (size_t I = Begin; I < End;) {
      llvm::StringRef Line = L.Text[I];
      if (Out.Subject.empty() && Out.Files.empty() && Line.starts_with("Subject: ")) {
        Out.Subject = Line.drop_front(9).trim().str();
        while (I + 1 < End && (L.Text[I + 1].starts_with(" ") || L.Text[I + 1].starts_with("\t")))
          Out.Subject += " " + L.Text[++I].trim().str();
        ++I;
        continue;
      }
      if (Line.starts_with("diff --git ")) {
        if (llvm::Error E = readGitHeader(I, End, Out))
          return E;
        continue;
      }
      if (Line.starts_with("--- ") && I + 2 < End && L.Text[I + 1].starts_with("+++ ") &&
          L.Text[I + 2].starts_with("@@ -")) {
        // A plain unified diff, without git's header.
        Out.Files.emplace_back();
        if (llvm::Error E = readFileNames(I, Out.Files.back()))
          return E;
        I += 2;
        if (llvm::Error E = readHunks(I, End, Out.Files.back()))
          return E;
        continue;
      }
      if (Line.starts_with("GIT binary patch") || Line.starts_with("Binary files "))
        return errorAt(Name, I, "binary patches are not supported");
      ++I;
    }
    return llvm::Error::success();
  }

private:
  /// `diff --git a/X b/Y`, its extended header lines and its hunks.
  llvm::Error readGitHeader(size_t &I, size_t End, Patch &Out) {
    size_t HeaderIndex = I;
    FileDiff File;
    llvm::StringRef Names = L.Text[I].drop_front(strlen("diff --git "));
    if (Names.starts_with("\""))
      return errorAt(Name, I, "quoted file names are not supported");
    // "a/P b/P": without a rename both halves are the same path.
    if (Names.size() % 2 == 1) {
      llvm::StringRef Old = Names.take_front(Names.size() / 2);
      llvm::StringRef New = Names.drop_front(Names.size() / 2 + 1);
      if (Old.size() > 2 && Old.drop_front(2) == New.drop_front(2))
        File.OldPath = File.NewPath = stripPrefix(Old).str();
    }
    for (++I; I < End; ++I) {
      llvm::StringRef Line = L.Text[I];
      llvm::StringRef Mode;
      if (Line.starts_with("new file mode ") || Line.starts_with("new mode ") ||
          Line.starts_with("deleted file mode ") || Line.starts_with("old mode "))
        Mode = Line.rsplit(' ').second;
      if (!Mode.empty() && Mode == "120000")
        return errorAt(Name, I, "symbolic links in patches are not supported");
      if (!Mode.empty() && Mode == "160000")
        return errorAt(Name, I, "submodules in patches are not supported");
      if (Line.starts_with("new file mode "))
        File.OldPath.clear();
      else if (Line.starts_with("deleted file mode "))
        File.NewPath.clear();
      else if (Line.consume_front("rename from ") || Line.consume_front("copy from "))
        File.OldPath = Line.str();
      else if (Line.consume_front("rename to ") || Line.consume_front("copy to "))
        File.NewPath = Line.str();
      else if (Line.starts_with("GIT binary patch") || Line.starts_with("Binary files "))
        return errorAt(Name, I, "binary patches are not supported");
      else if (Line.starts_with("--- ") && I + 1 < End && L.Text[I + 1].starts_with("+++ ")) {
        if (llvm::Error E = readFileNames(I, File))
          return E;
        I += 2;
        if (llvm::Error E = readHunks(I, End, File))
          return E;
        break;
      } else if (!(Line.starts_with("index ") || Line.starts_with("old mode ") ||
                   Line.starts_with("new mode ") || Line.starts_with("similarity index ") ||
                   Line.starts_with("dissimilarity index ")))
        break;
    }
    if (File.OldPath.empty() && File.NewPath.empty())
      return errorAt(Name, HeaderIndex, "cannot tell the file names of this diff");
    for (const std::string *P : {&File.OldPath, &File.NewPath})
      if (!P->empty())
        if (llvm::Error E = checkTreePath(*P))
          return errorAt(Name, HeaderIndex, llvm::toString(std::move(E)));
    Out.Files.push_back(std::move(File));
    return llvm::Error::success();
  }

  /// git's `a/` or `b/` (any first component, as `git apply -p1` strips it).
  static llvm::StringRef stripPrefix(llvm::StringRef Path) {
    size_t Slash = Path.find('/');
    return Slash == llvm::StringRef::npos ? llvm::StringRef() : Path.drop_front(Slash + 1);
  }

  /// The `--- ` and `+++ ` lines at I and I + 1.
  llvm::Error readFileNames(size_t I, FileDiff &File) {
    std::string *Paths[] = {&File.OldPath, &File.NewPath};
    for (size_t K = 0; K < 2; ++K) {
      llvm::StringRef Raw = L.Text[I + K].drop_front(4);
      Raw = Raw.split('\t').first.rtrim(' ');
      if (Raw.starts_with("\""))
        return errorAt(Name, I + K, "quoted file names are not supported");
      if (Raw == "/dev/null") {
        Paths[K]->clear();
        continue;
      }
      if (llvm::sys::path::is_absolute(Raw, llvm::sys::path::Style::posix))
        return errorAt(Name, I + K, "'" + Raw + "' is an absolute path");
      llvm::StringRef Path = stripPrefix(Raw);
      if (llvm::Error E = checkTreePath(Path))
        return errorAt(Name, I + K, llvm::toString(std::move(E)));
      *Paths[K] = Path.str();
    }
    if (File.OldPath.empty() && File.NewPath.empty())
      return errorAt(Name, I, "both sides of the diff are /dev/null");
    return llvm::Error::success();
  }

  /// The hunks starting at line I; leaves I after the last one.
  llvm::Error readHunks(size_t &I, size_t End, FileDiff &File) {
    while (I < End && L.Text[I].starts_with("@@ -")) {
      Hunk H;
      H.Header = L.Text[I].str();
      H.HeaderLine = static_cast<unsigned>(I + 1);
      llvm::StringRef S = L.Text[I].drop_front(3);
      if (!readRange(S, '-', H.OldStart, H.OldCount) || !S.consume_front(" ") ||
          !readRange(S, '+', H.NewStart, H.NewCount) || !S.starts_with(" @@"))
        return errorAt(Name, I, "malformed hunk header '" + H.Header + "'");
      unsigned OldSeen = 0, NewSeen = 0;
      for (++I; OldSeen < H.OldCount || NewSeen < H.NewCount; ++I) {
        if (I >= End)
          return errorAt(Name, H.HeaderLine - 1,
                         "hunk of '" + File.path() + "' ends before its last line");
        llvm::StringRef Line = L.Text[I];
        char Kind = Line.empty() ? ' ' : Line[0];
        if (Kind == ' ') {
          ++OldSeen, ++NewSeen;
        } else if (Kind == '-' && OldSeen < H.OldCount) {
          H.Removed.push_back(H.OldStart + OldSeen++);
          H.RemovedInputLines.push_back(static_cast<unsigned>(I + 1));
        } else if (Kind == '+' && NewSeen < H.NewCount) {
          H.Added.push_back(H.NewStart + NewSeen++);
          H.AddedInputLines.push_back(static_cast<unsigned>(I + 1));
        } else if (Kind != '\\') {
          return errorAt(Name, I, "line does not belong to the hunk at line " +
                                      llvm::Twine(H.HeaderLine));
        }
        if (OldSeen > H.OldCount || NewSeen > H.NewCount)
          return errorAt(Name, I, "hunk at line " + llvm::Twine(H.HeaderLine) +
                                      " is longer than its header says");
      }
      if (I < End && L.Text[I].starts_with("\\"))
        ++I; // "\ No newline at end of file" after the last line
      H.LastLine = static_cast<unsigned>(I);
      File.Hunks.push_back(std::move(H));
    }
    return llvm::Error::success();
  }

  const Lines &L;
  llvm::StringRef Name;
};

} // namespace

llvm::Error checkTreePath(llvm::StringRef Path) {
  if (Path.empty())
    return llvm::createStringError("empty file name");
  if (Path.starts_with("/"))
    return llvm::createStringError("'" + Path + "' is an absolute path");
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Path.split(Parts, '/');
  for (llvm::StringRef Part : Parts) {
    if (Part == "..")
      return llvm::createStringError("'" + Path + "' leaves the tree");
    if (Part.empty() || Part == ".")
      return llvm::createStringError("'" + Path + "' is not a plain relative path");
    if (Part.equals_insensitive(".git"))
      return llvm::createStringError("'" + Path + "' is inside .git");
  }
  return llvm::Error::success();
}

llvm::Expected<std::vector<Patch>> readPatches(llvm::StringRef Text, llvm::StringRef Name) {
  if (Text.size() > MaxPatchInputBytes)
    return llvm::createStringError(Name + ": patch input is larger than the limit of " +
                                   llvm::Twine(MaxPatchInputBytes >> 20) + " MiB");
  Lines L = splitLines(Text);
  for (size_t I = 0; I < L.Text.size(); ++I)
    if (L.Text[I].contains('\0'))
      return errorAt(Name, I, "NUL byte: binary input is not a patch");
  std::vector<size_t> Starts{0};
  for (size_t I = 1; I < L.Text.size(); ++I)
    if (isMailStart(L, I))
      Starts.push_back(I);
  Starts.push_back(L.Text.size());
  std::vector<Patch> Patches;
  PatchParser Parser(L, Name);
  for (size_t K = 0; K + 1 < Starts.size(); ++K) {
    Patch P;
    P.FirstLine = static_cast<unsigned>(Starts[K] + 1);
    P.LastLine = static_cast<unsigned>(Starts[K + 1]);
    P.Text = Text.slice(L.Offset[Starts[K]], L.Offset[Starts[K + 1]]).str();
    if (llvm::Error E = Parser.read(Starts[K], Starts[K + 1], P))
      return E;
    // A mail without a diff is a cover letter (`[PATCH 0/3]`), which git
    // send-email validates too: nothing to check.
    if (P.Files.empty() && !isMailStart(L, Starts[K]))
      return errorAt(Name, Starts[K], "no diff found in the input");
    if (!P.Files.empty())
      Patches.push_back(std::move(P));
  }
  if (L.Text.empty())
    return llvm::createStringError(Name + ": empty input");
  return Patches;
}

} // namespace lockcheck::tool
