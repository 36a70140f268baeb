//===- unittests/support/ErrorMessageTest.cpp -----------------------------===//
#include "support/ErrorMessage.h"

#include <gtest/gtest.h>

using lockcheck::support::errorMessage;

TEST(ErrorMessageTest, AFileErrorNamesItsFileBare) {
  EXPECT_EQ(errorMessage(llvm::createFileError(
                "b/compile_commands.json", llvm::createStringError("not valid JSON"))),
            "b/compile_commands.json: not valid JSON");
}

TEST(ErrorMessageTest, AFileErrorWithALineNamesFileAndLine) {
  EXPECT_EQ(errorMessage(llvm::createFileError("s.yaml", 4,
                                               llvm::createStringError("no reason"))),
            "s.yaml:4: no reason");
}

TEST(ErrorMessageTest, OtherErrorsKeepTheirMessage) {
  EXPECT_EQ(errorMessage(llvm::createStringError("a.yaml:3:16: unknown enumerated scalar")),
            "a.yaml:3:16: unknown enumerated scalar");
}

TEST(ErrorMessageTest, SeveralErrorsAreJoined) {
  llvm::Error Both = llvm::joinErrors(llvm::createStringError("first"),
                                      llvm::createFileError("x.c", llvm::createStringError("second")));
  EXPECT_EQ(errorMessage(std::move(Both)), "first; x.c: second");
}
