//===- unittests/report/CallLockGraphTest.cpp - Witness graphs and DOT ----===//
#include "report/CallLockGraph.h"

#include <gtest/gtest.h>

using namespace lockcheck::report;

namespace {

/// entry a (via ops.write) -> b (call), b takes the lock through lock_it,
/// then b -> c indirectly via ops.fsync, and c takes it again through lock_it.
Finding reentry() {
  Finding F;
  F.Checker = "recursive-lock";
  F.Lock = "obj.lock";
  F.Function = "c";
  F.Trace = {
      {"a", "a.c", 1, 1, "entry", "entry point 'a' via 'ops.write'", "", "ops.write"},
      {"a", "a.c", 2, 3, "call", "calling 'b'", "b", ""},
      {"b", "b.c", 5, 3, "acquire", "'obj.lock' acquired here", "lock_it", ""},
      {"lock_it", "l.c", 9, 3, "call", "calling 'mutex_lock'", "mutex_lock", ""},
      {"b", "b.c", 6, 3, "indirect-call", "'o->fsync' resolves to 'c' via 'ops.fsync'", "c",
       "ops.fsync"},
      {"c", "c.c", 7, 3, "reacquire", "acquiring 'obj.lock' that is already held", "lock_it", ""},
      {"lock_it", "l.c", 9, 3, "call", "calling 'mutex_lock'", "mutex_lock", ""},
      {"c", "c.c", 7, 3, "identity", "could not prove ...", "", ""}};
  return F;
}

TEST(CallLockGraphTest, WitnessGraphHasAnEdgePerCallStep) {
  CallLockGraph G = witnessGraph(reentry(), "#step-");
  std::vector<std::string> Names;
  for (const CallLockGraph::Function &F : G.Functions)
    Names.push_back(F.Name);
  EXPECT_EQ(Names, (std::vector<std::string>{"a", "b", "lock_it", "mutex_lock", "c"}));
  EXPECT_TRUE(G.Functions[0].Start);
  EXPECT_EQ(G.Functions[0].EnteredVia, std::vector<std::string>{"ops.write"});
  EXPECT_EQ(G.Functions[0].Url, "#step-1");
  EXPECT_TRUE(G.Functions[4].Target);
  ASSERT_EQ(G.Calls.size(), 5u);
  // The lock wrapper's call to the primitive is one edge, for steps 4 and 7.
  EXPECT_EQ(G.Calls[2].Caller, "lock_it");
  EXPECT_EQ(G.Calls[2].Steps, (std::vector<unsigned>{4, 7}));
  EXPECT_EQ(G.Calls[3].Kind, "indirect-call");
  EXPECT_EQ(G.Calls[3].Via, "ops.fsync");
  EXPECT_EQ(G.Calls[4].Kind, "reacquire");
  EXPECT_EQ(G.Calls[4].Note, "acquiring 'obj.lock' that is already held");
  EXPECT_EQ(G.Calls[4].Url, "#step-6");
}

TEST(CallLockGraphTest, DotCarriesOurAttributes) {
  std::string Dot = writeDot(witnessGraph(reentry()), "fp");
  EXPECT_EQ(Dot.rfind("digraph \"fp\" {\n", 0), 0u) << Dot;
  EXPECT_NE(Dot.find("  \"slot:ops.write\" -> \"a\" [kind=\"entry\", via=\"ops.write\""),
            std::string::npos)
      << Dot;
  EXPECT_NE(Dot.find("  \"b\" -> \"c\" [kind=\"indirect-call\", site=\"b.c:6\", via=\"ops.fsync\", "
                     "steps=\"5\", label=\"5. b.c:6\\nvia ops.fsync\""),
            std::string::npos)
      << Dot;
  EXPECT_NE(Dot.find("  \"lock_it\" -> \"mutex_lock\" [kind=\"call\", site=\"l.c:9\", "
                     "steps=\"4,7\", label=\"4,7. l.c:9\""),
            std::string::npos)
      << Dot;
  EXPECT_EQ(Dot.substr(Dot.size() - 2), "}\n");
}

TEST(CallLockGraphTest, HeldLocksAndAcquisitions) {
  CallLockGraph G;
  G.function("f").Start = true;
  G.addCall({"f", "g", "f.c", 3, "call", "", {"a.lock", "b.lock"}, {}, "", ""});
  // The same call in another context, holding less: only what both hold.
  G.addCall({"f", "g", "f.c", 3, "call", "", {"b.lock"}, {}, "", ""});
  G.Acquisitions.push_back({"f", "b.lock", "f.c", 2});
  ASSERT_EQ(G.Calls.size(), 1u);
  std::string Dot = writeDot(G, "f");
  EXPECT_NE(Dot.find("\"f\" -> \"g\" [kind=\"call\", site=\"f.c:3\", held=\"b.lock\", "
                     "label=\"f.c:3\\nheld: b.lock\""),
            std::string::npos)
      << Dot;
  EXPECT_NE(Dot.find("\"lock:b.lock\" [kind=\"lock\", label=\"b.lock\""), std::string::npos);
  EXPECT_NE(Dot.find("\"f\" -> \"lock:b.lock\" [kind=\"acquire\", site=\"f.c:2\""),
            std::string::npos);
}

TEST(CallLockGraphTest, QuotesWhatDotWouldMisread) {
  EXPECT_EQ(dotQuote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
}

} // namespace
