//===- report/CallLockGraph.cpp --------------------------------------------===//
#include "report/CallLockGraph.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace lockcheck::report {

CallLockGraph::Function &CallLockGraph::function(llvm::StringRef Name) {
  auto [It, New] = FunctionIndex.try_emplace(Name.str(), Functions.size());
  if (New) {
    Function F;
    F.Name = Name.str();
    Functions.push_back(std::move(F));
  }
  return Functions[It->second];
}

void CallLockGraph::addCall(Call C) {
  auto [It, New] =
      CallIndex.try_emplace(std::make_tuple(C.Caller, C.Callee, C.Kind, C.File, C.Line),
                            Calls.size());
  if (New) {
    Calls.push_back(std::move(C));
    return;
  }
  Call &Existing = Calls[It->second];
  Existing.Steps.insert(Existing.Steps.end(), C.Steps.begin(), C.Steps.end());
  llvm::erase_if(Existing.Held,
                 [&](const std::string &Lock) { return !llvm::is_contained(C.Held, Lock); });
}

CallLockGraph witnessGraph(const Finding &F, llvm::StringRef StepUrlPrefix) {
  CallLockGraph G;
  auto Url = [&](unsigned Step) {
    return StepUrlPrefix.empty() ? std::string() : StepUrlPrefix.str() + std::to_string(Step);
  };
  for (unsigned I = 0; I < F.Trace.size(); ++I) {
    const TraceStep &S = F.Trace[I];
    unsigned Step = I + 1;
    if (S.Kind == "identity")
      continue;
    CallLockGraph::Function &Caller = G.function(S.Function);
    if (Caller.Url.empty())
      Caller.Url = Url(Step);
    if (S.Kind == "entry") {
      Caller.Start = true;
      if (!S.Via.empty() && !llvm::is_contained(Caller.EnteredVia, S.Via))
        Caller.EnteredVia.push_back(S.Via);
      Caller.File = S.File;
      Caller.Line = S.Line;
      continue;
    }
    // A step whose checker did not say what it calls is listed, not drawn.
    if (S.Callee.empty())
      continue;
    G.function(S.Callee);
    CallLockGraph::Call C;
    C.Caller = S.Function;
    C.Callee = S.Callee;
    C.File = S.File;
    C.Line = S.Line;
    C.Kind = S.Kind;
    C.Via = S.Via;
    C.Steps.push_back(Step);
    if (S.Kind != "call" && S.Kind != "indirect-call")
      C.Note = S.Detail;
    C.Url = Url(Step);
    G.addCall(std::move(C));
  }
  if (!F.Function.empty())
    G.function(F.Function).Target = true;
  return G;
}

std::string dotQuote(llvm::StringRef Text) {
  std::string Out = "\"";
  for (char C : Text) {
    if (C == '"' || C == '\\')
      Out += '\\';
    if (C == '\n') {
      Out += "\\n";
      continue;
    }
    Out += C;
  }
  return Out + "\"";
}

static std::string site(llvm::StringRef File, unsigned Line) {
  return Line ? (File + ":" + llvm::Twine(Line)).str() : File.str();
}

/// `name=value` pairs, values quoted; empty values left out.
static void writeAttributes(llvm::raw_ostream &OS,
                            llvm::ArrayRef<std::pair<llvm::StringRef, std::string>> Attributes) {
  OS << " [";
  bool First = true;
  for (const auto &[Name, Value] : Attributes) {
    if (Value.empty())
      continue;
    OS << (First ? "" : ", ") << Name << "=" << dotQuote(Value);
    First = false;
  }
  OS << "];\n";
}

static std::string lockNode(llvm::StringRef Lock) { return "lock:" + Lock.str(); }

std::string writeDot(const CallLockGraph &G, llvm::StringRef Name) {
  std::string Dot;
  llvm::raw_string_ostream OS(Dot);
  OS << "digraph " << dotQuote(Name) << " {\n"
     << "  graph [fontname=\"Helvetica\", nodesep=0.4, ranksep=0.45];\n"
     << "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (const CallLockGraph::Function &F : G.Functions) {
    std::string Label = F.Name;
    if (!F.File.empty())
      Label += "\n" + site(F.File, F.Line);
    std::string Style = F.Start || F.Target ? "rounded,bold" : "";
    std::string Color = F.Target ? "#b3261e" : F.Start ? "#1f5fbf" : "";
    OS << "  " << dotQuote(F.Name);
    writeAttributes(OS, {{"kind", "function"},
                         {"label", Label},
                         {"file", F.File},
                         {"line", F.Line ? std::to_string(F.Line) : ""},
                         {"role", F.Target ? "target" : F.Start ? "start" : ""},
                         {"style", Style},
                         {"color", Color},
                         {"URL", F.Url},
                         {"tooltip", F.Name}});
    for (const std::string &Via : F.EnteredVia) {
      std::string Slot = "slot:" + Via;
      OS << "  " << dotQuote(Slot);
      writeAttributes(OS, {{"kind", "slot"}, {"label", Via}, {"shape", "plaintext"}});
      OS << "  " << dotQuote(Slot) << " -> " << dotQuote(F.Name);
      writeAttributes(OS, {{"kind", "entry"}, {"via", Via}, {"style", "dashed"}});
    }
  }
  std::vector<std::string> Locks;
  for (const CallLockGraph::Acquisition &A : G.Acquisitions)
    if (!llvm::is_contained(Locks, A.Lock))
      Locks.push_back(A.Lock);
  for (const std::string &Lock : Locks) {
    OS << "  " << dotQuote(lockNode(Lock));
    writeAttributes(OS, {{"kind", "lock"},
                         {"label", Lock},
                         {"shape", "ellipse"},
                         {"style", "filled"},
                         {"fillcolor", "#fdf0d5"}});
  }
  for (const CallLockGraph::Call &C : G.Calls) {
    std::string Steps, Label;
    for (unsigned Step : C.Steps)
      Steps += (Steps.empty() ? "" : ",") + std::to_string(Step);
    if (!Steps.empty())
      Label = Steps + ". ";
    Label += site(C.File, C.Line);
    if (!C.Via.empty())
      Label += "\nvia " + C.Via;
    std::string Held = llvm::join(C.Held, ",");
    if (!Held.empty())
      Label += "\nheld: " + llvm::join(C.Held, ", ");
    if (!C.Note.empty())
      Label += "\n" + C.Note;
    bool Acquire = C.Kind == "acquire", Reacquire = C.Kind == "reacquire";
    OS << "  " << dotQuote(C.Caller) << " -> " << dotQuote(C.Callee);
    writeAttributes(OS, {{"kind", C.Kind},
                         {"site", site(C.File, C.Line)},
                         {"via", C.Via},
                         {"held", Held},
                         {"steps", Steps},
                         {"label", Label},
                         {"style", C.Kind == "indirect-call" ? "dashed" : ""},
                         {"color", Reacquire ? "#b3261e" : Acquire ? "#1f5fbf" : ""},
                         {"fontcolor", Reacquire ? "#b3261e" : Acquire ? "#1f5fbf" : ""},
                         {"penwidth", Acquire || Reacquire ? "2" : ""},
                         {"URL", C.Url},
                         {"tooltip", C.Note.empty() ? site(C.File, C.Line) : C.Note}});
  }
  for (const CallLockGraph::Acquisition &A : G.Acquisitions) {
    OS << "  " << dotQuote(A.Function) << " -> " << dotQuote(lockNode(A.Lock));
    writeAttributes(OS, {{"kind", "acquire"},
                         {"site", site(A.File, A.Line)},
                         {"label", "takes at " + site(A.File, A.Line)},
                         {"color", "#1f5fbf"},
                         {"fontcolor", "#1f5fbf"}});
  }
  OS << "}\n";
  return Dot;
}

} // namespace lockcheck::report
