//===- facts/FactsJsonFast.cpp - Facts read without a JSON tree ----------===//
//
// The fast path of readFactsJson: facts built straight from the text with a
// JsonCursor, for the texts writeFactsJson writes. Anything else is left to
// the tree reader in FactsJson.cpp, which names the fault.
//
//===----------------------------------------------------------------------===//
#include "facts/FactsJson.h"

#include "facts/JsonCursor.h"

#include <type_traits>

namespace lockcheck::facts {

namespace {

/// Reads facts straight from the text, without nlohmann's tree: the same
/// fields as the tree reader, each required one exactly once. Any doubt (a
/// fault, a repeated or unknown key, JSON the cursor leaves to nlohmann)
/// returns false, and the tree reader reads the text again and names the
/// fault, so both readers accept the same texts and read them the same way.
/// Unknown keys are left to the tree reader, which ignores them, so that a
/// field added to the facts and to the tree reader alone costs time, never
/// facts (and fails FactsJsonFastTest.ReadsWhatTheWriterWrites).
class FastReader {
public:
  explicit FastReader(llvm::StringRef Text) : C(Text) {}

  bool read(TUFacts &TU) {
    static const char *const Names[] = {"lockcheck_facts_version", "main_file", "kbuild_modname",
                                        "files", "functions", "ops_stores"};
    return members(Names, 6, [&](llvm::StringRef Key) {
             if (Key == "lockcheck_facts_version")
               return read(TU.Version) && TU.Version == FactsFormatVersion;
             if (Key == "main_file")
               return read(TU.MainFile);
             if (Key == "kbuild_modname")
               return read(TU.ModuleName);
             if (Key == "files")
               return read(TU.Files);
             if (Key == "functions")
               return read(TU.Functions);
             return read(TU.OpsStores);
           }) &&
           C.atEnd() && locationsInRange(TU);
  }

private:
  /// Reads an object whose members are Names, the first Required of them
  /// required: Member(Key) reads the value of each; any other key fails.
  template <size_t N, typename F>
  bool members(const char *const (&Names)[N], unsigned Required, F Member) {
    static_assert(N <= 32, "members are tracked in a 32-bit mask");
    uint32_t Seen = 0;
    bool Read = C.object([&](llvm::StringRef Key) {
      for (unsigned I = 0; I < N; ++I) {
        if (Key != Names[I])
          continue;
        // nlohmann keeps the last of repeated keys; leave that to it.
        if (Seen & (1u << I))
          return false;
        Seen |= 1u << I;
        return Member(Key);
      }
      return false;
    });
    uint32_t RequiredMask = (uint32_t(1) << Required) - 1;
    return Read && (Seen & RequiredMask) == RequiredMask;
  }

  bool read(std::string &Out) { return C.string(Out); }
  bool read(bool &Out) { return C.boolean(Out); }
  template <typename T>
  std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, bool> read(T &Out) {
    return C.integer(Out);
  }
  template <typename E> bool readEnum(E &Out, int Max) {
    int V = 0;
    if (!C.integer(V) || V < 0 || V > Max)
      return false;
    Out = static_cast<E>(V);
    return true;
  }
  bool readOptional(std::optional<int64_t> &Out) {
    if (C.null())
      return true;
    int64_t V = 0;
    if (!C.integer(V))
      return false;
    Out = V;
    return true;
  }
  template <typename T> bool read(std::vector<T> &Out) {
    Out.clear();
    if (!C.array([&] {
          Out.emplace_back();
          return read(Out.back());
        }))
      return false;
    // Facts stay in memory for the whole run: no room to grow.
    Out.shrink_to_fit();
    return true;
  }
  /// Reads a fixed-length array: Element(I) reads element I, for I < Max;
  /// at least Min elements.
  template <typename F> bool tuple(unsigned Min, unsigned Max, F Element) {
    unsigned I = 0;
    return C.array([&] { return I < Max && Element(I++); }) && I >= Min;
  }

  bool read(SourceLoc &L) {
    return tuple(3, 3, [&](unsigned I) {
      return read(I == 0 ? L.File : I == 1 ? L.Line : L.Column);
    });
  }
  bool read(FieldStep &S) {
    return tuple(3, 4, [&](unsigned I) {
      switch (I) {
      case 0: return read(S.Record);
      case 1: return read(S.Field);
      case 2: return read(S.FieldType);
      default: S.Subscripted = true; return readOptional(S.Index);
      }
    });
  }
  bool read(AssignFact &A) {
    return tuple(1, 2, [&](unsigned I) { return I == 0 ? read(A.Var) : readOptional(A.Value); });
  }
  bool read(CaseFact &Case) {
    if (C.null()) {
      Case.IsDefault = true;
      return true;
    }
    return tuple(2, 2, [&](unsigned I) { return read(I == 0 ? Case.Low : Case.High); });
  }
  bool read(TaskStoreFact &S) {
    return tuple(3, 3, [&](unsigned I) {
      return I == 0 ? read(S.Field) : I == 1 ? readOptional(S.Value) : read(S.AfterCalls);
    });
  }
  bool read(AccessPath &P) {
    static const char *const Names[] = {"root", "param", "name", "type", "steps"};
    return members(Names, 5, [&](llvm::StringRef Key) {
      if (Key == "root")
        return readEnum(P.Root, LastPathRoot);
      if (Key == "param")
        return read(P.Param);
      if (Key == "name")
        return read(P.Name);
      if (Key == "type")
        return read(P.RootType);
      return read(P.Steps);
    });
  }
  bool read(ArgFact &A) {
    static const char *const Names[] = {"text", "int", "path", "fn"};
    return members(Names, 1, [&](llvm::StringRef Key) {
      if (Key == "text")
        return read(A.Text);
      if (Key == "int")
        return read(A.IntValue.emplace());
      if (Key == "path")
        return read(A.Path.emplace());
      return read(A.FunctionRef);
    });
  }
  bool read(CallFact &Call) {
    static const char *const Names[] = {"kind", "callee", "record", "field", "param", "text",
                                        "args", "result", "loc", "macro", "macro_args"};
    bool HasMacro = false, HasMacroArgs = false;
    if (!members(Names, 9, [&](llvm::StringRef Key) {
          if (Key == "kind")
            return readEnum(Call.Kind, LastCalleeKind);
          if (Key == "callee")
            return read(Call.Callee);
          if (Key == "record")
            return read(Call.Record);
          if (Key == "field")
            return read(Call.Field);
          if (Key == "param")
            return read(Call.Param);
          if (Key == "text")
            return read(Call.CalleeText);
          if (Key == "args")
            return read(Call.Args);
          if (Key == "result")
            return read(Call.ResultVar);
          if (Key == "loc")
            return read(Call.Loc);
          if (Key == "macro")
            return HasMacro = true, read(Call.Macro);
          return HasMacroArgs = true, read(Call.MacroArgs);
        }))
      return false;
    // The tree reader reads macro_args only with a macro, and then requires
    // them.
    if (!HasMacro)
      Call.MacroArgs.clear();
    return !HasMacro || HasMacroArgs;
  }
  bool read(ConditionFact &Cond) {
    static const char *const Names[] = {"kind", "call", "var", "param", "value", "tracked"};
    return members(Names, 6, [&](llvm::StringRef Key) {
      if (Key == "kind")
        return readEnum(Cond.K, LastConditionKind);
      if (Key == "call")
        return read(Cond.Call);
      if (Key == "var")
        return read(Cond.Var);
      if (Key == "param")
        return read(Cond.Param);
      if (Key == "value")
        return read(Cond.Value);
      return read(Cond.VarTracked);
    });
  }
  bool read(ReturnFact &R) {
    static const char *const Names[] = {"kind", "call", "var", "path"};
    return members(Names, 3, [&](llvm::StringRef Key) {
      if (Key == "kind")
        return readEnum(R.K, LastReturnKind);
      if (Key == "call")
        return read(R.Call);
      if (Key == "var")
        return read(R.Var);
      return read(R.Path.emplace());
    });
  }
  bool read(BlockFact &B) {
    static const char *const Names[] = {"calls", "succs", "assigns", "task_stores",
                                        "cases", "cond",  "ret"};
    return members(Names, 2, [&](llvm::StringRef Key) {
      if (Key == "calls")
        return read(B.Calls);
      if (Key == "succs")
        return read(B.Succs);
      if (Key == "assigns")
        return read(B.Assigns);
      if (Key == "task_stores")
        return read(B.TaskStores);
      if (Key == "cases")
        return read(B.Cases);
      if (Key == "cond")
        return read(B.Condition);
      return read(B.Return.emplace());
    });
  }
  bool read(FunctionFact &F) {
    static const char *const Names[] = {"name",  "static", "inline", "loc",   "params",
                                        "param_records", "calls", "blocks", "entry", "exit"};
    return members(Names, 10,
                   [&](llvm::StringRef Key) {
                     if (Key == "name")
                       return read(F.Name);
                     if (Key == "static")
                       return read(F.IsStatic);
                     if (Key == "inline")
                       return read(F.IsInline);
                     if (Key == "loc")
                       return read(F.Loc);
                     if (Key == "params")
                       return read(F.Params);
                     if (Key == "param_records")
                       return read(F.ParamRecords);
                     if (Key == "calls")
                       return read(F.Calls);
                     if (Key == "blocks")
                       return read(F.Blocks);
                     if (Key == "entry")
                       return read(F.Entry);
                     return read(F.Exit);
                   }) &&
           !functionFault(F);
  }
  bool read(OpsStoreFact &S) {
    static const char *const Names[] = {"record", "field", "table", "table_static",
                                        "in_function", "function", "loc"};
    return members(Names, 7, [&](llvm::StringRef Key) {
      if (Key == "record")
        return read(S.Record);
      if (Key == "field")
        return read(S.Field);
      if (Key == "table")
        return read(S.Table);
      if (Key == "table_static")
        return read(S.TableIsStatic);
      if (Key == "in_function")
        return read(S.InFunction);
      if (Key == "function")
        return read(S.Function);
      return read(S.Loc);
    });
  }

  JsonCursor C;
};

} // namespace

std::optional<TUFacts> readFactsJsonFast(llvm::StringRef Text) {
  TUFacts TU;
  if (!FastReader(Text).read(TU))
    return std::nullopt;
  return TU;
}

} // namespace lockcheck::facts
