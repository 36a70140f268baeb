//===- report/CallLockGraph.h - Calls and locks as a Graphviz graph -------===//
//
// Reviewers see a path best drawn: who calls whom, through which ops-table
// slot, holding what, and where each lock is taken. One model serves a
// finding's witness (the HTML report) and `lockcheck graph` (any function);
// both print it as Graphviz DOT, which Debian's graphviz renders.
//
//===----------------------------------------------------------------------===//
#ifndef LOCKCHECK_REPORT_CALLLOCKGRAPH_H
#define LOCKCHECK_REPORT_CALLLOCKGRAPH_H

#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace lockcheck::report {

struct CallLockGraph {
  struct Function {
    std::string Name;
    /// Its definition, when known.
    std::string File;
    unsigned Line = 0;
    /// The function the graph starts from / the one it leads to.
    bool Start = false;
    bool Target = false;
    /// The ops-table slots (`table.field`) a start function is entered through.
    std::vector<std::string> EnteredVia;
    /// Where a click on it leads (finding pages: its first step).
    std::string Url;
  };
  struct Call {
    std::string Caller;
    std::string Callee;
    std::string File;
    unsigned Line = 0;
    /// call, indirect-call; a witness also marks acquire and reacquire.
    std::string Kind = "call";
    /// The ops-table slot an indirect call resolved through.
    std::string Via;
    /// Locks the caller holds at the call.
    std::vector<std::string> Held;
    /// 1-based positions in a witness path; empty outside one.
    std::vector<unsigned> Steps;
    /// What happens there, when it is more than a call (a lock taken).
    std::string Note;
    std::string Url;
  };
  /// A lock a function takes at File:Line (calling the primitive, or a lock
  /// wrapper that returns holding it).
  struct Acquisition {
    std::string Function;
    std::string Lock;
    std::string File;
    unsigned Line = 0;
  };

  /// Filled through function() and addCall(), which keep them indexed.
  std::vector<Function> Functions;
  std::vector<Call> Calls;
  std::vector<Acquisition> Acquisitions;

private:
  /// Positions in Functions and Calls, so building a kernel-sized graph
  /// stays linear.
  std::map<std::string, size_t, std::less<>> FunctionIndex;
  std::map<std::tuple<std::string, std::string, std::string, std::string, unsigned>, size_t>
      CallIndex;

public:

  /// The function named Name, added (with no definition) when missing.
  Function &function(llvm::StringRef Name);
  /// Adds a call, or merges it into an equal one (same caller, callee, kind
  /// and site): its steps are appended and its held locks kept in common.
  void addCall(Call C);
};

/// The graph of a finding's witness path: every call step an edge numbered
/// by its position, the acquisitions marked, the entry point's slot named.
/// Step N (1-based) links to StepUrlPrefix + N.
CallLockGraph witnessGraph(const Finding &F, llvm::StringRef StepUrlPrefix = "");

/// Graphviz DOT. Nodes and edges carry lockcheck's own attributes besides
/// the drawing ones (kind, file, line, site, via, held, steps), which
/// Graphviz ignores and tools reading the DOT can rely on.
std::string writeDot(const CallLockGraph &G, llvm::StringRef Name);

/// Text as a DOT quoted string: backslash, quote and newline escaped.
std::string dotQuote(llvm::StringRef Text);

} // namespace lockcheck::report

#endif // LOCKCHECK_REPORT_CALLLOCKGRAPH_H
