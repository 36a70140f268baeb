//===- unittests/analysis/FactBuilder.h - Facts written in code for tests -===//
//
// Builds the facts the frontend would extract, without Clang: arguments with
// access paths, call sites, CFG blocks with conditions, TUs and ops-table
// stores. Blocks are numbered the way Clang numbers them (entry highest, exit
// 0, source order descending) unless a test asks otherwise, so the analysis
// sees bodies shaped like real ones.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_UNITTESTS_ANALYSIS_FACTBUILDER_H
#define LOCKCHECK_UNITTESTS_ANALYSIS_FACTBUILDER_H

#include "facts/Facts.h"

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockcheck::testing {

/// `->Field` (or `.Field`) of a struct Record, Field being of type FieldType:
/// a step of an access path, not subscripted.
inline facts::FieldStep fieldStep(std::string Record, std::string Field, std::string FieldType) {
  return {std::move(Record), std::move(Field), std::move(FieldType), false, std::nullopt};
}

/// `&p->a.b`: a path below parameter Param, which points to RootType.
inline facts::ArgFact paramPath(int Param, std::string RootType,
                                std::vector<facts::FieldStep> Steps, std::string Text) {
  facts::ArgFact A;
  A.Text = std::move(Text);
  facts::AccessPath P;
  P.Root = facts::PathRoot::Param;
  P.Param = Param;
  P.RootType = std::move(RootType);
  P.Steps = std::move(Steps);
  A.Path = std::move(P);
  return A;
}

/// A parameter passed on as it is: `o` of type `struct obj *`.
inline facts::ArgFact paramArg(int Param, std::string RootType, std::string Text) {
  return paramPath(Param, std::move(RootType), {}, std::move(Text));
}

/// `&name`: a global of type RootType (an ops table, a DEFINE_MUTEX lock).
inline facts::ArgFact globalArg(std::string Name, std::string RootType) {
  facts::ArgFact A;
  A.Text = "&" + Name;
  facts::AccessPath P;
  P.Root = facts::PathRoot::Global;
  P.Name = std::move(Name);
  P.RootType = std::move(RootType);
  A.Path = std::move(P);
  return A;
}

/// An integer constant expression.
inline facts::ArgFact intArg(int64_t Value) {
  facts::ArgFact A;
  A.Text = std::to_string(Value);
  A.IntValue = Value;
  return A;
}

/// A function designator passed as a callback.
inline facts::ArgFact fnArg(std::string Name) {
  facts::ArgFact A;
  A.Text = Name;
  A.FunctionRef = std::move(Name);
  return A;
}

/// Builds one FunctionFact. The entry and exit blocks exist from the start;
/// body blocks are added in source order and wired explicitly.
class FunctionBuilder {
public:
  static constexpr unsigned Column = 5;

  explicit FunctionBuilder(std::string Name, std::vector<std::string> Params = {},
                           unsigned Line = 1) {
    F.Name = std::move(Name);
    F.ParamRecords.assign(Params.size(), "");
    F.Params = std::move(Params);
    F.Loc = {0, Line, 1};
    F.Blocks.resize(2); // creation index 0: entry, 1: exit
  }

  FunctionBuilder &makeStatic() {
    F.IsStatic = true;
    return *this;
  }
  FunctionBuilder &paramRecord(unsigned Param, std::string Record) {
    F.ParamRecords.at(Param) = std::move(Record);
    return *this;
  }

  /// `Callee(Args...)` at Line; returns the call's index.
  unsigned direct(std::string Callee, std::vector<facts::ArgFact> Args, unsigned Line) {
    facts::CallFact C;
    C.Kind = facts::CalleeKind::Direct;
    C.CalleeText = Callee;
    C.Callee = std::move(Callee);
    return add(std::move(C), std::move(Args), Line);
  }
  /// `Text(Args...)` through field Field of struct Record (`file->f_op->fsync`).
  unsigned throughField(std::string Record, std::string Field, std::string Text,
                        std::vector<facts::ArgFact> Args, unsigned Line) {
    facts::CallFact C;
    C.Kind = facts::CalleeKind::Field;
    C.Record = std::move(Record);
    C.Field = std::move(Field);
    C.CalleeText = std::move(Text);
    return add(std::move(C), std::move(Args), Line);
  }
  /// `Macro(Args...)`, a lockdep annotation such as lockdep_assert_held().
  unsigned lockdepAnnotation(std::string Macro, std::vector<facts::ArgFact> Args, unsigned Line) {
    facts::CallFact C;
    C.Kind = facts::CalleeKind::LockdepAnnotation;
    C.CalleeText = Macro;
    C.Callee = std::move(Macro);
    return add(std::move(C), std::move(Args), Line);
  }
  /// `Text(Args...)` through function-pointer parameter Param.
  unsigned throughParam(int Param, std::string Text, std::vector<facts::ArgFact> Args,
                        unsigned Line) {
    facts::CallFact C;
    C.Kind = facts::CalleeKind::Param;
    C.Param = Param;
    C.CalleeText = std::move(Text);
    return add(std::move(C), std::move(Args), Line);
  }
  facts::CallFact &call(unsigned Call) { return F.Calls.at(Call); }

  unsigned entry() const { return 0; }
  unsigned exit() const { return 1; }
  /// A new body block holding Calls in order; returns its builder handle.
  unsigned block(std::vector<unsigned> Calls = {}) {
    facts::BlockFact B;
    B.Calls = std::move(Calls);
    F.Blocks.push_back(std::move(B));
    return static_cast<unsigned>(F.Blocks.size() - 1);
  }
  void edge(unsigned From, unsigned To) { F.Blocks.at(From).Succs.push_back(static_cast<int>(To)); }
  /// A two-way branch: IfTrue is taken when Cond is nonzero.
  void branch(unsigned From, facts::ConditionFact Cond, unsigned IfTrue, unsigned IfFalse) {
    facts::BlockFact &B = F.Blocks.at(From);
    assert(B.Succs.empty() && "a branch block has exactly two successors");
    B.Condition = std::move(Cond);
    B.Succs = {static_cast<int>(IfTrue), static_cast<int>(IfFalse)};
  }
  void returns(unsigned Block, facts::ReturnFact R) { F.Blocks.at(Block).Return = std::move(R); }
  /// An assignment made in Block after its first AfterCalls calls.
  void assign(unsigned Block, facts::AssignFact A, unsigned AfterCalls) {
    A.AfterCalls = AfterCalls;
    F.Blocks.at(Block).Assigns.push_back(std::move(A));
  }

  /// entry -> one block per group of calls, in order -> exit.
  void straight(std::vector<std::vector<unsigned>> Groups) {
    unsigned Prev = entry();
    for (std::vector<unsigned> &G : Groups) {
      unsigned B = block(std::move(G));
      edge(Prev, B);
      Prev = B;
    }
    edge(Prev, exit());
  }

  /// The finished fact. In Clang order the entry has the highest index, the
  /// exit 0 and body blocks descend in the order they were created; otherwise
  /// blocks keep their creation order with the exit last.
  facts::FunctionFact build(bool ClangOrder = true) const {
    const unsigned N = static_cast<unsigned>(F.Blocks.size());
    // Position of each creation index in source order: entry, body..., exit.
    std::vector<unsigned> Pos(N);
    Pos[0] = 0;
    for (unsigned I = 2; I < N; ++I)
      Pos[I] = I - 1;
    Pos[1] = N - 1;
    std::vector<unsigned> Id(N);
    for (unsigned I = 0; I < N; ++I)
      Id[I] = ClangOrder ? N - 1 - Pos[I] : Pos[I];
    facts::FunctionFact Out = F;
    for (unsigned I = 0; I < N; ++I) {
      facts::BlockFact B = F.Blocks[I];
      for (int &S : B.Succs)
        if (S >= 0)
          S = static_cast<int>(Id[S]);
      Out.Blocks[Id[I]] = std::move(B);
    }
    Out.Entry = Id[0];
    Out.Exit = Id[1];
    return Out;
  }

private:
  unsigned add(facts::CallFact C, std::vector<facts::ArgFact> Args, unsigned Line) {
    C.Args = std::move(Args);
    C.Loc = {0, Line, Column};
    F.Calls.push_back(std::move(C));
    return static_cast<unsigned>(F.Calls.size() - 1);
  }

  facts::FunctionFact F;
};

inline facts::ConditionFact callResult(unsigned Call) {
  facts::ConditionFact C;
  C.K = facts::ConditionFact::Kind::CallResult;
  C.Call = Call;
  return C;
}
/// `param & Mask` (Mask == -1: the parameter itself).
inline facts::ConditionFact paramMask(int Param, int64_t Mask) {
  facts::ConditionFact C;
  C.K = facts::ConditionFact::Kind::ParamMask;
  C.Param = Param;
  C.Value = Mask;
  return C;
}
inline facts::ConditionFact paramEquals(int Param, int64_t Value) {
  facts::ConditionFact C;
  C.K = facts::ConditionFact::Kind::ParamEquals;
  C.Param = Param;
  C.Value = Value;
  return C;
}
inline facts::ReturnFact returnKind(facts::ReturnFact::Kind K, unsigned Call = 0) {
  facts::ReturnFact R;
  R.K = K;
  R.Call = Call;
  return R;
}

/// A TU whose only file is its main file.
inline facts::TUFacts makeTU(std::string MainFile, std::vector<facts::FunctionFact> Functions,
                             std::vector<facts::OpsStoreFact> Stores = {}) {
  facts::TUFacts TU;
  TU.Files = {MainFile};
  TU.MainFile = std::move(MainFile);
  TU.Functions = std::move(Functions);
  TU.OpsStores = std::move(Stores);
  return TU;
}

/// `.Field = Function` in the initializer of global Table of type Record.
inline facts::OpsStoreFact tableStore(std::string Table, std::string Record, std::string Field,
                                      std::string Function, bool IsStatic = false) {
  facts::OpsStoreFact S;
  S.Table = std::move(Table);
  S.TableIsStatic = IsStatic;
  S.Record = std::move(Record);
  S.Field = std::move(Field);
  S.Function = std::move(Function);
  return S;
}

/// `ops->Field = Function` inside function InFunction.
inline facts::OpsStoreFact assignStore(std::string InFunction, std::string Record,
                                       std::string Field, std::string Function) {
  facts::OpsStoreFact S;
  S.InFunction = std::move(InFunction);
  S.Record = std::move(Record);
  S.Field = std::move(Field);
  S.Function = std::move(Function);
  return S;
}

} // namespace lockcheck::testing

#endif // LOCKCHECK_UNITTESTS_ANALYSIS_FACTBUILDER_H
