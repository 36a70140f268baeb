//===- unittests/facts/FactsJsonTest.cpp - Facts JSON round trip and errors -===//
#include "unittests/facts/EveryKindOfFact.h"
#include "facts/FactsJson.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <system_error>

using namespace lockcheck::facts;
using lockcheck::facts::testing::everyKindOfFact;
using lockcheck::facts::testing::expectSameTU;

namespace {

/// Fails the test with the error's text unless Value holds a value.
#define ASSERT_READ(Value)                                                     \
  ASSERT_TRUE(static_cast<bool>(Value)) << llvm::toString((Value).takeError())

/// The error text of a failed read, which must be one line.
std::string readError(llvm::StringRef Text) {
  llvm::Expected<TUFacts> TU = readFactsJson(Text);
  if (TU)
    return "<no error>";
  std::string Message = llvm::toString(TU.takeError());
  EXPECT_EQ(Message.find('\n'), std::string::npos) << Message;
  return Message;
}

/// everyKindOfFact() as a json tree, for tests that damage it.
nlohmann::json everyKindAsJson() {
  return nlohmann::json::parse(writeFactsJson(everyKindOfFact()));
}

TEST(FactsJsonTest, RoundTripKeepsEveryField) {
  TUFacts Original = everyKindOfFact();
  llvm::Expected<TUFacts> Read = readFactsJson(writeFactsJson(Original));
  ASSERT_READ(Read);
  expectSameTU(Original, *Read);
}

TEST(FactsJsonTest, RoundTripIsStable) {
  // Writing what was read gives the same bytes: nothing is lost or reordered.
  std::string First = writeFactsJson(everyKindOfFact());
  llvm::Expected<TUFacts> Read = readFactsJson(First);
  ASSERT_READ(Read);
  EXPECT_EQ(writeFactsJson(*Read), First);
}

TEST(FactsJsonTest, OptionalArgumentReadingsStayUnset) {
  // An argument that is only text must not come back with a path or a value.
  llvm::Expected<TUFacts> Read = readFactsJson(writeFactsJson(everyKindOfFact()));
  ASSERT_READ(Read);
  const ArgFact &Text = Read->Functions[0].Calls[4].Args[0];
  EXPECT_EQ(Text.Text, "x + 1");
  EXPECT_FALSE(Text.IntValue.has_value());
  EXPECT_FALSE(Text.Path.has_value());
  EXPECT_TRUE(Text.FunctionRef.empty());
  EXPECT_FALSE(Read->Functions[1].Blocks[1].Return.has_value());
}

TEST(FactsJsonTest, InvalidJsonIsAnError) {
  EXPECT_EQ(readError("{\"lockcheck_facts_version\": 1,"), "not valid JSON");
  EXPECT_EQ(readError(""), "not valid JSON");
}

TEST(FactsJsonTest, OtherVersionIsRejectedNamingIt) {
  TUFacts TU = everyKindOfFact();
  TU.Version = FactsFormatVersion + 1;
  EXPECT_EQ(readError(writeFactsJson(TU)),
            "facts format version " + std::to_string(FactsFormatVersion + 1) + ", expected " +
                std::to_string(FactsFormatVersion));
}

TEST(FactsJsonTest, MissingTopLevelFieldIsNamed) {
  nlohmann::json J = everyKindAsJson();
  J.erase("main_file");
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'main_file': missing");
  J = everyKindAsJson();
  J.erase("lockcheck_facts_version");
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'lockcheck_facts_version': missing");
}

TEST(FactsJsonTest, MissingNestedFieldIsNamed) {
  nlohmann::json J = everyKindAsJson();
  J["functions"][0]["blocks"][3].erase("succs");
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'succs': missing");
  J = everyKindAsJson();
  J["functions"][0]["calls"][2]["args"][1]["path"].erase("steps");
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'steps': missing");
  J = everyKindAsJson();
  J["ops_stores"][1].erase("in_function");
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'in_function': missing");
}

TEST(FactsJsonTest, WrongTypeAndEnumRangeAreErrors) {
  nlohmann::json J = everyKindAsJson();
  J["functions"][0]["static"] = 1;
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'static': expected a boolean");
  J = everyKindAsJson();
  J["functions"][0]["calls"][0]["kind"] = 5;
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'kind': value out of range");
}

TEST(FactsJsonTest, FieldStoreOpAndFieldWriteShapeAreChecked) {
  nlohmann::json J = everyKindAsJson();
  bool Found = false;
  for (nlohmann::json &B : J["functions"][0]["blocks"])
    if (B.contains("field_stores")) {
      B["field_stores"][0][3] = 4;
      Found = true;
    }
  ASSERT_TRUE(Found);
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'field_stores': value out of range");
  J = everyKindAsJson();
  J["field_writes"][0] = {"iomap_dio", "flags", 0};
  EXPECT_EQ(readError(J.dump()),
            "malformed facts: 'field_writes': expected [record, field, may_set, may_clear]");
}

TEST(FactsJsonTest, AnAssignedValueIsAnIntegerNullOrTrue) {
  nlohmann::json J = everyKindAsJson();
  nlohmann::json &Blocks = J["functions"][0]["blocks"];
  size_t Block = 0;
  while (Block < Blocks.size() && !Blocks[Block].contains("assigns"))
    ++Block;
  ASSERT_LT(Block, Blocks.size());
  nlohmann::json *Assigns = &Blocks[Block]["assigns"];
  (*Assigns)[0][1] = true;
  llvm::Expected<TUFacts> Read = readFactsJson(J.dump());
  ASSERT_TRUE(static_cast<bool>(Read)) << llvm::toString(Read.takeError());
  ASSERT_FALSE(Read->Functions[0].Blocks[Block].Assigns.empty());
  const AssignFact &A = Read->Functions[0].Blocks[Block].Assigns[0];
  EXPECT_TRUE(A.NonNull);
  EXPECT_FALSE(A.Value.has_value());
  for (nlohmann::json Bad : {nlohmann::json(false), nlohmann::json("x")}) {
    (*Assigns)[0][1] = Bad;
    EXPECT_EQ(readError(J.dump()), "malformed facts: 'assigns': expected an integer, null or true");
  }
}

TEST(FactsJsonTest, CallIndexOutOfRangeIsAnError) {
  // Six calls: index 6 is one past the end.
  nlohmann::json J = everyKindAsJson();
  J["functions"][0]["blocks"][1]["calls"] = {0, 6};
  EXPECT_EQ(readError(J.dump()),
            "malformed facts: 'calls': call index out of range in 'a_write_iter'");
  J = everyKindAsJson();
  J["functions"][0]["blocks"][1]["cond"]["call"] = 6;
  EXPECT_EQ(readError(J.dump()),
            "malformed facts: 'cond': call index out of range in 'a_write_iter'");
  J = everyKindAsJson();
  J["functions"][0]["blocks"][8]["ret"]["call"] = 6;
  EXPECT_EQ(readError(J.dump()),
            "malformed facts: 'ret': call index out of range in 'a_write_iter'");
}

TEST(FactsJsonTest, BlockIndexOutOfRangeIsAnError) {
  nlohmann::json J = everyKindAsJson();
  J["functions"][1]["blocks"][1]["succs"] = {2};
  EXPECT_EQ(readError(J.dump()),
            "malformed facts: 'succs': block index out of range in 'a_end_io'");
  J = everyKindAsJson();
  J["functions"][1]["exit"] = 2;
  EXPECT_EQ(readError(J.dump()),
            "malformed facts: 'entry': block index out of range in 'a_end_io'");
}

// The reader streams (SAX): what it does not know it skips whole, and the
// first fault does not hide what takes precedence over it.
TEST(FactsJsonTest, UnknownKeysAreSkippedWhole) {
  nlohmann::json J = everyKindAsJson();
  J["future"] = {{"name", 1}, {"functions", {1, {{"static", "no"}}}}};
  J["functions"][0]["blocks"][1]["later"] = {{{"calls", "x"}}, nullptr, 2.5};
  J["functions"][0]["calls"][2]["args"][1]["path"]["note"] = "text";
  llvm::Expected<TUFacts> TU = readFactsJson(J.dump());
  ASSERT_TRUE(bool(TU)) << llvm::toString(TU.takeError());
  EXPECT_EQ(writeFactsJson(*TU), writeFactsJson(everyKindOfFact()));
}

TEST(FactsJsonTest, VersionAndInvalidJsonOutrankAnEarlierFault) {
  nlohmann::json J = everyKindAsJson();
  // "functions" comes before "lockcheck_facts_version" in the text.
  J["functions"][0]["static"] = 1;
  J["lockcheck_facts_version"] = FactsFormatVersion + 1;
  EXPECT_EQ(readError(J.dump()), "facts format version " +
                                     std::to_string(FactsFormatVersion + 1) + ", expected " +
                                     std::to_string(FactsFormatVersion));
  J["lockcheck_facts_version"] = FactsFormatVersion;
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'static': expected a boolean");
  EXPECT_EQ(readError(J.dump() + "]"), "not valid JSON");
  EXPECT_EQ(readError("[1]"), "malformed facts: 'lockcheck_facts_version': expected an object");
  J = everyKindAsJson();
  J["functions"][0]["loc"] = {0, 1};
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'loc': expected [file, line, column]");
  J["functions"][0]["loc"] = {0, 1, 2, 3};
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'loc': expected [file, line, column]");
}

TEST(FactsJsonTest, FieldBitsKeepBothMasks) {
  llvm::Expected<TUFacts> Read = readFactsJson(writeFactsJson(everyKindOfFact()));
  ASSERT_READ(Read);
  const std::vector<FieldBits> &Fields = Read->Functions[0].Calls[2].Args[2].FieldValues;
  ASSERT_EQ(Fields.size(), 3u);
  EXPECT_EQ(Fields[0].Field, "flags");
  EXPECT_EQ(Fields[0].KnownOne, 0x10u);
  EXPECT_EQ(Fields[0].KnownZero, ~uint64_t(0x11));
  // Every bit of a constant is known, the sign bit of a negative one too.
  EXPECT_EQ(Fields[2].KnownOne, ~uint64_t(1));
  EXPECT_EQ(Fields[2].KnownZero, 1u);
}

TEST(FactsJsonTest, MalformedFieldBitsAreErrors) {
  nlohmann::json J = everyKindAsJson();
  // Format 10's [field, value] is no longer read as anything.
  J["functions"][0]["calls"][2]["args"][2]["fields"][0] = {"flags", 4};
  EXPECT_EQ(readError(J.dump()),
            "malformed facts: 'fields': expected [field, known_one, known_zero]");
  J["functions"][0]["calls"][2]["args"][2]["fields"][0] = {"flags", 4, "x"};
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'fields': expected an integer");
  J["functions"][0]["calls"][2]["args"][2]["fields"][0] = {"flags", 5, 4};
  EXPECT_EQ(readError(J.dump()),
            "malformed facts: 'fields': a bit both known one and known zero");
}

TEST(FactsJsonTest, FileIndexOutOfRangeIsAnError) {
  nlohmann::json J = everyKindAsJson();
  J["ops_stores"][0]["loc"] = {2, 1, 1};
  EXPECT_EQ(readError(J.dump()), "malformed facts: 'loc': file index out of range");
}


class FactsFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("lockcheck-facts-test", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  std::string path(llvm::StringRef Name) const {
    llvm::SmallString<256> P = Dir;
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }
  llvm::SmallString<256> Dir;
};

TEST_F(FactsFileTest, WriteThenReadFile) {
  std::string Path = path("a.facts.json");
  llvm::Error Written = writeFactsFile(Path, everyKindOfFact());
  ASSERT_FALSE(static_cast<bool>(Written)) << llvm::toString(std::move(Written));
  llvm::Expected<TUFacts> Read = readFactsFile(Path);
  ASSERT_READ(Read);
  expectSameTU(everyKindOfFact(), *Read);
}

TEST_F(FactsFileTest, MissingFileNamesThePath) {
  std::string Path = path("absent.facts.json");
  llvm::Expected<TUFacts> Read = readFactsFile(Path);
  ASSERT_FALSE(static_cast<bool>(Read));
  EXPECT_EQ(llvm::toString(Read.takeError()),
            "'" + Path + "': " + std::make_error_code(std::errc::no_such_file_or_directory).message());
}

TEST_F(FactsFileTest, MalformedFileNamesThePathAndTheFault) {
  std::string Path = path("bad.facts.json");
  nlohmann::json J = everyKindAsJson();
  J.erase("files");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    ASSERT_FALSE(EC);
    OS << J.dump();
  }
  llvm::Expected<TUFacts> Read = readFactsFile(Path);
  ASSERT_FALSE(static_cast<bool>(Read));
  EXPECT_EQ(llvm::toString(Read.takeError()),
            "'" + Path + "': malformed facts: 'files': missing");
}

} // namespace

// Source text is not always UTF-8 (a Latin-1 string literal in a macro argument): the facts
// are still written, with the bad byte replaced, instead of nlohmann throwing.
TEST(FactsJsonWriteTest, InvalidUtf8InSourceTextIsReplaced) {
  lockcheck::facts::TUFacts TU;
  TU.MainFile = "/src/a.c";
  TU.Files = {"/src/a.c"};
  lockcheck::facts::FunctionFact F;
  F.Name = "f";
  F.Blocks.resize(1);
  lockcheck::facts::CallFact C;
  C.Kind = lockcheck::facts::CalleeKind::Direct;
  C.Callee = "printk";
  C.CalleeText = "printk";
  lockcheck::facts::ArgFact A;
  A.Text = std::string("\"caf\xe9\"");
  C.Args.push_back(A);
  F.Calls.push_back(C);
  TU.Functions.push_back(F);
  std::string Text = lockcheck::facts::writeFactsJson(TU);
  auto Back = lockcheck::facts::readFactsJson(Text);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Back->Functions[0].Calls[0].Args[0].Text, "\"caf\xef\xbf\xbd\"");
}
