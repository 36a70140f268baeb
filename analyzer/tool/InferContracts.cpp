//===- tool/InferContracts.cpp - lockcheck infer-contracts -----------------===//
#include "tool/InferContracts.h"

#include "analysis/ContractInference.h"
#include "analysis/SummaryEngine.h"
#include "graph/ProgramGraph.h"
#include "support/AnalysisProcess.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/Format.h"

#include <memory>
#include <set>

namespace lockcheck::tool {

using analysis::HeldCounts;
using analysis::MethodEntryStats;

static std::string slug(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text.lower())
    Out += llvm::isAlnum(C) ? C : '-';
  return Out;
}

static const char *howOften(unsigned Held, unsigned Ways) {
  return Held == 0 ? "never" : Held == Ways ? "always" : "sometimes";
}

/// What the ways in hold of a documented lock, as a reviewer reads it.
static std::string observed(const MethodEntryStats &M, const std::string &Lock) {
  auto It = M.Locks.find(Lock);
  HeldCounts C = It == M.Locks.end() ? HeldCounts() : It->second;
  return "held on " + std::to_string(C.Held) + " of " + std::to_string(M.Ways) +
         " ways in (exclusive only " + std::to_string(C.Exclusive) + ", shared only " +
         std::to_string(C.Shared) + ")";
}

/// Where a rule and the code disagree, one line each; empty when they agree
/// or the code never calls the method.
static void compareRule(const spec::Rule &R, const MethodEntryStats &M,
                        std::vector<std::string> &Out) {
  auto Count = [&](const std::string &Lock) {
    auto It = M.Locks.find(Lock);
    return It == M.Locks.end() ? HeldCounts() : It->second;
  };
  for (const spec::ContractLock &L : R.HeldOnEntry) {
    HeldCounts C = Count(L.Lock);
    unsigned InMode = L.Mode == spec::HeldMode::Exclusive ? C.Exclusive
                      : L.Mode == spec::HeldMode::Shared  ? C.Shared
                                                          : C.Held;
    if (InMode == M.Ways)
      continue;
    Out.push_back(R.Method + ": documented '" + L.Lock + "' held " +
                  spec::heldModeName(L.Mode).str() + " on entry (" + R.Citation + "); " +
                  observed(M, L.Lock));
  }
  for (const spec::ContractLock &L : R.NotHeldOnEntry) {
    HeldCounts C = Count(L.Lock);
    if (C.Held == 0)
      continue;
    Out.push_back(R.Method + ": documented '" + L.Lock + "' not held on entry (" + R.Citation +
                  ")" + (L.Object ? " of its own object" : "") + "; " + observed(M, L.Lock));
  }
}

std::string inferContracts(std::vector<facts::TUFacts> TUs, const spec::Annotations &Annotations,
                           const spec::Rules &Documented) {
  auto GraphOwner = std::make_unique<graph::ProgramGraph>(std::move(TUs));
  const graph::ProgramGraph &Graph = *GraphOwner;
  auto EngineOwner = std::make_unique<analysis::SummaryEngine>(Graph, Annotations);
  analysis::SummaryEngine &Engine = *EngineOwner;
  // The code alone: no entry point starts holding what a rule says. The lock
  // classes are those the rules speak of.
  std::set<std::string> Classes;
  for (const spec::Rule &R : Documented.all())
    for (const auto *List : {&R.HeldOnEntry, &R.NotHeldOnEntry, &R.MustNotAcquire})
      for (const spec::ContractLock &L : *List)
        if (!L.Lock.empty())
          Classes.insert(L.Lock);
  Engine.trackHeldBelow(std::vector<std::string>(Classes.begin(), Classes.end()));
  // Every method a rule speaks of, and the file_operations methods: each
  // watched method is a checkpoint per set of locks held below it in every
  // summary above its calls, so watching all of a struct's fields costs
  // gigabytes on fs/ and mm/.
  for (const spec::Rule &R : Documented.all())
    Engine.watchMethod(R.Record, R.Field);
  for (graph::TableId T = 0; T < Graph.tableCount(); ++T)
    if (Graph.table(T).Record == "file_operations")
      for (const auto &[Field, Fn] : Graph.table(T).Slots)
        Engine.watchMethod(Graph.table(T).Record, Field);
  analysis::ContractInference Inference(Engine);
  Engine.addListener(Inference);
  support::runWithAnalysisStack([&] { Engine.run(); });

  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << "# lockcheck infer-contracts: what is held on entry to each ops-table method.\n"
        "# A way in is an entry point that no analyzed code calls, with the set of locks\n"
        "# held on the way from it to the method's call (through its slot, or directly to\n"
        "# an implementation). A lock is 'always' held when every way in holds it.\n#\n";
  OS << llvm::format("# %-44s %5s  %-34s %-9s %5s %5s %6s\n", (const char *)"method",
                     (const char *)"ways", (const char *)"lock", (const char *)"held",
                     (const char *)"on", (const char *)"excl", (const char *)"shared");
  std::vector<spec::Rule> Inferred;
  for (const auto &[Method, M] : Inference.methods()) {
    if (M.Locks.empty())
      OS << llvm::format("# %-44s %5u  %-34s %-9s\n", Method.c_str(), M.Ways, (const char *)"-",
                         (const char *)"never");
    for (const auto &[Lock, C] : M.Locks) {
      OS << llvm::format("# %-44s %5u  %-34s %-9s %5u %5u %6u\n", Method.c_str(), M.Ways,
                         Lock.c_str(), howOften(C.Held, M.Ways), C.Held, C.Exclusive, C.Shared);
      if (C.Held != M.Ways)
        continue;
      spec::Rule R;
      auto [Record, Field] = llvm::StringRef(Method).split('.');
      R.Id = "inferred-" + slug(Method) + "-" + slug(Lock);
      R.Title = "->" + Field.str() + " is called with " + Lock + " held";
      R.Citation = "lockcheck infer-contracts: held on all " + std::to_string(M.Ways) +
                   " ways in";
      R.Enabled = false;
      R.Method = Method;
      spec::ContractLock L;
      L.Lock = Lock;
      L.Mode = C.Exclusive == M.Ways ? spec::HeldMode::Exclusive
               : C.Shared == M.Ways  ? spec::HeldMode::Shared
                                     : spec::HeldMode::Any;
      R.HeldOnEntry.push_back(std::move(L));
      Inferred.push_back(std::move(R));
    }
  }
  OS << "#\n# Inferred rules (off: review before enabling).\n";
  if (Inferred.empty())
    OS << "rules: []\n";
  else
    spec::writeRules(OS, std::move(Inferred));

  std::vector<std::string> Disagree;
  llvm::StringSet<> Documents;
  for (const spec::Rule &R : Documented.all()) {
    Documents.insert(R.Method);
    auto It = Inference.methods().find(R.Method);
    if (It != Inference.methods().end())
      compareRule(R, It->second, Disagree);
  }
  // Methods no rule speaks of, reached both with and without a lock: the
  // contract nobody wrote down (->fsync and i_rwsem in 6.1).
  for (const auto &[Method, M] : Inference.methods()) {
    if (Documents.contains(Method))
      continue;
    for (const auto &[Lock, C] : M.Locks)
      if (C.Held != M.Ways)
        Disagree.push_back(Method + ": not documented; '" + Lock + "' " + observed(M, Lock));
  }
  OS << "\n# Where the rules and the code disagree (" << Disagree.size() << "):\n";
  for (const std::string &Line : Disagree)
    OS << "#   " << Line << "\n";
  // As analyzeFacts: left to the end of the process.
  llvm::BuryPointer(std::move(EngineOwner));
  llvm::BuryPointer(std::move(GraphOwner));
  return Text;
}

} // namespace lockcheck::tool
