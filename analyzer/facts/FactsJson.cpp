//===- facts/FactsJson.cpp - Versioned JSON form of per-TU facts -----------===//
//
// nlohmann_json is used only in its non-throwing forms: parse with
// allow_exceptions=false and check every type before reading, so a malformed
// facts file becomes an llvm::Error naming the field, never an exception.
//
//===----------------------------------------------------------------------===//
#include "facts/FactsJson.h"

#include "support/AtomicFile.h"

#include "llvm/Support/MemoryBuffer.h"
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace lockcheck::facts {

namespace {

json locToJson(const SourceLoc &L) { return json::array({L.File, L.Line, L.Column}); }

json pathToJson(const AccessPath &P) {
  json Steps = json::array();
  for (const FieldStep &S : P.Steps) {
    json Step = json::array({S.Record, S.Field, S.FieldType});
    if (S.Subscripted)
      Step.push_back(S.Index ? json(*S.Index) : json());
    Steps.push_back(std::move(Step));
  }
  return json{{"root", static_cast<int>(P.Root)}, {"param", P.Param}, {"name", P.Name},
              {"type", P.RootType}, {"steps", std::move(Steps)}};
}

json argsToJson(const std::vector<ArgFact> &Args) {
  json Out = json::array();
  for (const ArgFact &A : Args) {
    json J{{"text", A.Text}};
    if (A.IntValue)
      J["int"] = *A.IntValue;
    if (A.Path)
      J["path"] = pathToJson(*A.Path);
    if (!A.FunctionRef.empty())
      J["fn"] = A.FunctionRef;
    Out.push_back(std::move(J));
  }
  return Out;
}

json callToJson(const CallFact &C) {
  json J{{"kind", static_cast<int>(C.Kind)}, {"callee", C.Callee}, {"record", C.Record},
         {"field", C.Field}, {"param", C.Param}, {"text", C.CalleeText},
         {"args", argsToJson(C.Args)}, {"result", C.ResultVar}, {"loc", locToJson(C.Loc)}};
  if (!C.Macro.empty()) {
    J["macro"] = C.Macro;
    J["macro_args"] = argsToJson(C.MacroArgs);
  }
  return J;
}

json optionalInt(const std::optional<int64_t> &V) { return V ? json(*V) : json(); }

json blockToJson(const BlockFact &B) {
  json J{{"calls", B.Calls}, {"succs", B.Succs}};
  if (!B.Assigns.empty()) {
    json Assigns = json::array();
    for (const AssignFact &A : B.Assigns)
      Assigns.push_back(A.Value ? json::array({A.Var, *A.Value}) : json::array({A.Var}));
    J["assigns"] = std::move(Assigns);
  }
  if (!B.TaskStores.empty()) {
    json Stores = json::array();
    for (const TaskStoreFact &S : B.TaskStores)
      Stores.push_back(json::array({S.Field, optionalInt(S.Value), S.AfterCalls}));
    J["task_stores"] = std::move(Stores);
  }
  if (B.Condition.K != ConditionFact::Kind::None)
    J["cond"] = json{{"kind", static_cast<int>(B.Condition.K)}, {"call", B.Condition.Call},
                     {"var", B.Condition.Var}, {"param", B.Condition.Param},
                     {"value", B.Condition.Value}, {"tracked", B.Condition.VarTracked}};
  if (!B.Cases.empty()) {
    json Cases = json::array();
    for (const CaseFact &C : B.Cases)
      Cases.push_back(C.IsDefault ? json() : json::array({C.Low, C.High}));
    J["cases"] = std::move(Cases);
  }
  if (B.Return) {
    J["ret"] = json{{"kind", static_cast<int>(B.Return->K)}, {"call", B.Return->Call},
                    {"var", B.Return->Var}};
    if (B.Return->Path)
      J["ret"]["path"] = pathToJson(*B.Return->Path);
  }
  return J;
}

/// Reads typed fields out of a json tree, remembering the first fault and
/// where it was, so callers can read everything and check once.
class Reader {
public:
  bool failed() const { return !Fault.empty(); }
  const std::string &fault() const { return Fault; }

  const json *field(const json &Obj, const char *Key) {
    if (failed())
      return nullptr;
    if (!Obj.is_object()) {
      fail(Key, "expected an object");
      return nullptr;
    }
    auto It = Obj.find(Key);
    if (It == Obj.end()) {
      fail(Key, "missing");
      return nullptr;
    }
    return &*It;
  }
  template <typename T> void get(const json &Obj, const char *Key, T &Out) {
    const json *J = field(Obj, Key);
    if (J)
      read(*J, Key, Out);
  }
  void read(const json &J, const char *Key, std::string &Out) {
    if (!J.is_string())
      return fail(Key, "expected a string");
    Out = J.get_ref<const std::string &>();
  }
  void read(const json &J, const char *Key, bool &Out) {
    if (!J.is_boolean())
      return fail(Key, "expected a boolean");
    Out = J.get<bool>();
  }
  template <typename T>
  std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>
  read(const json &J, const char *Key, T &Out) {
    if (!J.is_number_integer())
      return fail(Key, "expected an integer");
    Out = J.get<T>();
  }
  template <typename E>
  void getEnum(const json &Obj, const char *Key, E &Out, int Max) {
    int V = 0;
    get(Obj, Key, V);
    if (failed())
      return;
    if (V < 0 || V > Max)
      return fail(Key, "value out of range");
    Out = static_cast<E>(V);
  }
  template <typename T> void read(const json &J, const char *Key, std::vector<T> &Out) {
    if (!J.is_array())
      return fail(Key, "expected an array");
    Out.resize(J.size());
    for (size_t I = 0; I < J.size() && !failed(); ++I)
      read(J[I], Key, Out[I]);
  }
  void read(const json &J, const char *Key, SourceLoc &L) {
    if (!J.is_array() || J.size() != 3)
      return fail(Key, "expected [file, line, column]");
    read(J[0], Key, L.File);
    read(J[1], Key, L.Line);
    read(J[2], Key, L.Column);
  }
  void read(const json &J, const char *Key, FieldStep &S) {
    if (!J.is_array() || J.size() < 3 || J.size() > 4)
      return fail(Key, "expected [record, field, type] or [record, field, type, index]");
    read(J[0], Key, S.Record);
    read(J[1], Key, S.Field);
    read(J[2], Key, S.FieldType);
    if (J.size() == 4) {
      S.Subscripted = true;
      readOptional(J[3], Key, S.Index);
    }
  }
  void readOptional(const json &J, const char *Key, std::optional<int64_t> &Out) {
    if (J.is_null())
      return;
    int64_t V = 0;
    read(J, Key, V);
    Out = V;
  }
  void read(const json &J, const char *Key, AssignFact &A) {
    if (!J.is_array() || J.empty() || J.size() > 2)
      return fail(Key, "expected [variable] or [variable, value]");
    read(J[0], Key, A.Var);
    if (J.size() == 2)
      readOptional(J[1], Key, A.Value);
  }
  void read(const json &J, const char *Key, CaseFact &C) {
    if (J.is_null()) {
      C.IsDefault = true;
      return;
    }
    if (!J.is_array() || J.size() != 2)
      return fail(Key, "expected [low, high] or null");
    read(J[0], Key, C.Low);
    read(J[1], Key, C.High);
  }
  void read(const json &J, const char *Key, TaskStoreFact &S) {
    if (!J.is_array() || J.size() != 3)
      return fail(Key, "expected [field, value, after_calls]");
    read(J[0], Key, S.Field);
    readOptional(J[1], Key, S.Value);
    read(J[2], Key, S.AfterCalls);
  }
  void read(const json &J, const char *, AccessPath &P) {
    getEnum(J, "root", P.Root, LastPathRoot);
    get(J, "param", P.Param);
    get(J, "name", P.Name);
    get(J, "type", P.RootType);
    get(J, "steps", P.Steps);
  }
  void read(const json &J, const char *, ArgFact &A) {
    get(J, "text", A.Text);
    if (failed())
      return;
    if (J.contains("int")) {
      int64_t V = 0;
      get(J, "int", V);
      A.IntValue = V;
    }
    if (J.contains("path")) {
      A.Path.emplace();
      read(J["path"], "path", *A.Path);
    }
    if (J.contains("fn"))
      get(J, "fn", A.FunctionRef);
  }
  void read(const json &J, const char *, CallFact &C) {
    getEnum(J, "kind", C.Kind, LastCalleeKind);
    get(J, "callee", C.Callee);
    get(J, "record", C.Record);
    get(J, "field", C.Field);
    get(J, "param", C.Param);
    get(J, "text", C.CalleeText);
    get(J, "args", C.Args);
    get(J, "result", C.ResultVar);
    get(J, "loc", C.Loc);
    if (!failed() && J.contains("macro")) {
      get(J, "macro", C.Macro);
      get(J, "macro_args", C.MacroArgs);
    }
  }
  void read(const json &J, const char *, BlockFact &B) {
    get(J, "calls", B.Calls);
    get(J, "succs", B.Succs);
    if (failed())
      return;
    if (J.contains("assigns"))
      get(J, "assigns", B.Assigns);
    if (J.contains("task_stores"))
      get(J, "task_stores", B.TaskStores);
    if (J.contains("cases"))
      get(J, "cases", B.Cases);
    if (J.contains("cond")) {
      const json &C = J["cond"];
      getEnum(C, "kind", B.Condition.K, LastConditionKind);
      get(C, "call", B.Condition.Call);
      get(C, "var", B.Condition.Var);
      get(C, "param", B.Condition.Param);
      get(C, "value", B.Condition.Value);
      get(C, "tracked", B.Condition.VarTracked);
    }
    if (J.contains("ret")) {
      const json &R = J["ret"];
      B.Return.emplace();
      getEnum(R, "kind", B.Return->K, LastReturnKind);
      get(R, "call", B.Return->Call);
      get(R, "var", B.Return->Var);
      if (!failed() && R.contains("path")) {
        B.Return->Path.emplace();
        read(R["path"], "path", *B.Return->Path);
      }
    }
  }
  void read(const json &J, const char *, FunctionFact &F) {
    get(J, "name", F.Name);
    get(J, "static", F.IsStatic);
    get(J, "inline", F.IsInline);
    get(J, "loc", F.Loc);
    get(J, "params", F.Params);
    get(J, "param_records", F.ParamRecords);
    get(J, "calls", F.Calls);
    get(J, "blocks", F.Blocks);
    get(J, "entry", F.Entry);
    get(J, "exit", F.Exit);
    if (failed())
      return;
    if (std::optional<std::pair<const char *, std::string>> Fault = functionFault(F))
      fail(Fault->first, Fault->second);
  }
  void read(const json &J, const char *, OpsStoreFact &S) {
    get(J, "record", S.Record);
    get(J, "field", S.Field);
    get(J, "table", S.Table);
    get(J, "table_static", S.TableIsStatic);
    get(J, "in_function", S.InFunction);
    get(J, "function", S.Function);
    get(J, "loc", S.Loc);
  }

  void fail(const std::string &Key, const std::string &What) {
    if (Fault.empty())
      Fault = "'" + Key + "': " + What;
  }

private:
  std::string Fault;
};

} // namespace

/// What is wrong with the indices of a function's facts, as the key and the
/// fault, if anything.
std::optional<std::pair<const char *, std::string>> functionFault(const FunctionFact &F) {
  if (F.Params.size() != F.ParamRecords.size())
    return {{"param_records", "does not match params"}};
  if (F.Entry >= F.Blocks.size() || F.Exit >= F.Blocks.size())
    return {{"entry", "block index out of range in '" + F.Name + "'"}};
  for (const BlockFact &B : F.Blocks) {
    for (unsigned C : B.Calls)
      if (C >= F.Calls.size())
        return {{"calls", "call index out of range in '" + F.Name + "'"}};
    for (int S : B.Succs)
      if (S >= static_cast<int>(F.Blocks.size()) || S < -1)
        return {{"succs", "block index out of range in '" + F.Name + "'"}};
    if (!B.Cases.empty() && B.Cases.size() != B.Succs.size())
      return {{"cases", "one case per successor expected in '" + F.Name + "'"}};
    if (B.Condition.K == ConditionFact::Kind::CallResult && B.Condition.Call >= F.Calls.size())
      return {{"cond", "call index out of range in '" + F.Name + "'"}};
    if (B.Return && B.Return->K == ReturnFact::Kind::CallResult &&
        B.Return->Call >= F.Calls.size())
      return {{"ret", "call index out of range in '" + F.Name + "'"}};
  }
  return std::nullopt;
}

/// Whether every location indexes the TU's file table (or the table is empty).
bool locationsInRange(const TUFacts &TU) {
  auto InRange = [&](const SourceLoc &L) { return L.File < TU.Files.size() || TU.Files.empty(); };
  for (const FunctionFact &F : TU.Functions) {
    if (!InRange(F.Loc))
      return false;
    for (const CallFact &C : F.Calls)
      if (!InRange(C.Loc))
        return false;
  }
  for (const OpsStoreFact &S : TU.OpsStores)
    if (!InRange(S.Loc))
      return false;
  return true;
}

std::string writeFactsJson(const TUFacts &TU) {
  json Functions = json::array();
  for (const FunctionFact &F : TU.Functions) {
    json Calls = json::array();
    for (const CallFact &C : F.Calls)
      Calls.push_back(callToJson(C));
    json Blocks = json::array();
    for (const BlockFact &B : F.Blocks)
      Blocks.push_back(blockToJson(B));
    Functions.push_back(json{{"name", F.Name}, {"static", F.IsStatic}, {"inline", F.IsInline},
                             {"loc", locToJson(F.Loc)}, {"params", F.Params},
                             {"param_records", F.ParamRecords}, {"calls", std::move(Calls)},
                             {"blocks", std::move(Blocks)}, {"entry", F.Entry},
                             {"exit", F.Exit}});
  }
  json Stores = json::array();
  for (const OpsStoreFact &S : TU.OpsStores)
    Stores.push_back(json{{"record", S.Record}, {"field", S.Field}, {"table", S.Table},
                          {"table_static", S.TableIsStatic}, {"in_function", S.InFunction},
                          {"function", S.Function}, {"loc", locToJson(S.Loc)}});
  json Root{{"lockcheck_facts_version", TU.Version}, {"main_file", TU.MainFile},
            {"kbuild_modname", TU.ModuleName}, {"files", TU.Files}, {"functions", std::move(Functions)},
            {"ops_stores", std::move(Stores)}};
  // Source text may hold bytes that are not UTF-8 (a Latin-1 string
  // literal): replace them rather than let nlohmann throw.
  return Root.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

llvm::Expected<TUFacts> readFactsJson(llvm::StringRef Text) {
  json Root = json::parse(Text.begin(), Text.end(), nullptr, /*allow_exceptions=*/false);
  if (Root.is_discarded())
    return llvm::createStringError("not valid JSON");
  Reader R;
  TUFacts TU;
  R.get(Root, "lockcheck_facts_version", TU.Version);
  if (!R.failed() && TU.Version != FactsFormatVersion)
    return llvm::createStringError("facts format version " + std::to_string(TU.Version) +
                                   ", expected " + std::to_string(FactsFormatVersion));
  R.get(Root, "main_file", TU.MainFile);
  R.get(Root, "kbuild_modname", TU.ModuleName);
  R.get(Root, "files", TU.Files);
  R.get(Root, "functions", TU.Functions);
  R.get(Root, "ops_stores", TU.OpsStores);
  if (!R.failed() && !locationsInRange(TU))
    R.fail("loc", "file index out of range");
  if (R.failed())
    return llvm::createStringError("malformed facts: " + R.fault());
  return TU;
}

llvm::Expected<TUFacts> readFactsFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createFileError(Path, Buffer.getError());
  auto TU = readFactsJson((*Buffer)->getBuffer());
  if (!TU)
    return llvm::createFileError(Path, TU.takeError());
  return TU;
}

llvm::Error writeFactsFile(llvm::StringRef Path, const TUFacts &TU) {
  return support::writeFileAtomically(Path, writeFactsJson(TU));
}

} // namespace lockcheck::facts
