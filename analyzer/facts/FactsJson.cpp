//===- facts/FactsJson.cpp - Versioned JSON form of per-TU facts -----------===//
//
// The writer, and the checks every reader makes. The reader itself is in
// FactsReader.cpp. nlohmann_json is used only in its non-throwing forms: a
// malformed facts file becomes an llvm::Error naming the field, never an
// exception.
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
    if (!A.FieldValues.empty()) {
      json Fields = json::array();
      for (const FieldBits &F : A.FieldValues)
        Fields.push_back(json::array({F.Field, F.KnownOne, F.KnownZero}));
      J["fields"] = std::move(Fields);
    }
    if (!A.Local.empty())
      J["local"] = A.Local;
    if (A.NonNull)
      J["nonnull"] = true;
    if (A.UsedAfter)
      J["used_after"] = true;
    if (!A.OneOf.empty())
      J["one_of"] = A.OneOf;
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

/// An assignment's value: its constant, true when it is no constant but not
/// zero, or null.
json assignedValue(const AssignFact &A) { return A.NonNull ? json(true) : optionalInt(A.Value); }

json blockToJson(const BlockFact &B) {
  json J{{"calls", B.Calls}, {"succs", B.Succs}};
  if (!B.Assigns.empty()) {
    json Assigns = json::array();
    for (const AssignFact &A : B.Assigns)
      if (A.Pointer) {
        json Store = json::array(
            {A.Var, assignedValue(A), A.AfterCalls, A.From, pathToJson(*A.Pointer)});
        if (A.Target)
          Store.push_back(pathToJson(*A.Target));
        Assigns.push_back(std::move(Store));
      } else if (A.From.empty() && A.AfterCalls == 0)
        Assigns.push_back(A.Value || A.NonNull ? json::array({A.Var, assignedValue(A)})
                                               : json::array({A.Var}));
      else if (A.From.empty())
        Assigns.push_back(json::array({A.Var, assignedValue(A), A.AfterCalls}));
      else
        Assigns.push_back(json::array({A.Var, assignedValue(A), A.AfterCalls, A.From}));
    J["assigns"] = std::move(Assigns);
  }
  if (!B.TaskStores.empty()) {
    json Stores = json::array();
    for (const TaskStoreFact &S : B.TaskStores)
      Stores.push_back(json::array({S.Field, optionalInt(S.Value), S.AfterCalls}));
    J["task_stores"] = std::move(Stores);
  }
  if (!B.FieldStores.empty()) {
    json Stores = json::array();
    for (const FieldStoreFact &S : B.FieldStores)
      Stores.push_back(json::array(
          {S.Var, S.Record, S.Field, static_cast<int>(S.Op), S.Bits, S.AfterCalls}));
    J["field_stores"] = std::move(Stores);
  }
  if (B.Condition.K != ConditionFact::Kind::None)
    J["cond"] = json{{"kind", static_cast<int>(B.Condition.K)}, {"call", B.Condition.Call},
                     {"var", B.Condition.Var}, {"param", B.Condition.Param},
                     {"value", B.Condition.Value}, {"tracked", B.Condition.VarTracked},
                     {"param_changed", B.Condition.ParamChanged}};
  if (!B.Cases.empty()) {
    json Cases = json::array();
    for (const CaseFact &C : B.Cases)
      Cases.push_back(C.IsDefault ? json() : json::array({C.Low, C.High}));
    J["cases"] = std::move(Cases);
  }
  if (B.WarningSucc >= 0)
    J["warning_succ"] = B.WarningSucc;
  if (B.Return) {
    J["ret"] = json{{"kind", static_cast<int>(B.Return->K)}, {"call", B.Return->Call},
                    {"var", B.Return->Var}, {"loc", locToJson(B.Return->Loc)}};
    if (B.Return->Path)
      J["ret"]["path"] = pathToJson(*B.Return->Path);
    if (B.Return->Value)
      J["ret"]["value"] = *B.Return->Value;
    if (B.Return->Pointer)
      J["ret"]["pointer"] = true;
  }
  return J;
}

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
    if (B.WarningSucc < -1 || B.WarningSucc >= static_cast<int>(B.Succs.size()))
      return {{"warning_succ", "successor index out of range in '" + F.Name + "'"}};
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
    if (!InRange(F.Loc) || !InRange(F.End))
      return false;
    for (const BlockFact &B : F.Blocks)
      if (B.Return && !InRange(B.Return->Loc))
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
                             {"exit", F.Exit}, {"end", locToJson(F.End)}});
  }
  json Stores = json::array();
  for (const OpsStoreFact &S : TU.OpsStores)
    Stores.push_back(json{{"record", S.Record}, {"field", S.Field}, {"table", S.Table},
                          {"table_static", S.TableIsStatic}, {"in_function", S.InFunction},
                          {"function", S.Function}, {"loc", locToJson(S.Loc)}});
  json Writes = json::array();
  for (const FieldWriteFact &W : TU.FieldWrites)
    Writes.push_back(json::array({W.Record, W.Field, W.MaySet, W.MayClear}));
  json Root{{"lockcheck_facts_version", TU.Version}, {"main_file", TU.MainFile},
            {"kbuild_modname", TU.ModuleName}, {"files", TU.Files}, {"functions", std::move(Functions)},
            {"ops_stores", std::move(Stores)}, {"field_writes", std::move(Writes)}};
  // Source text may hold bytes that are not UTF-8 (a Latin-1 string
  // literal): replace them rather than let nlohmann throw.
  return Root.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
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
