//===- unittests/spec/AnnotationsTestSupport.h - Loading annotations in tests ===//
#ifndef LOCKCHECK_UNITTESTS_SPEC_ANNOTATIONSTESTSUPPORT_H
#define LOCKCHECK_UNITTESTS_SPEC_ANNOTATIONSTESTSUPPORT_H

#include "spec/Annotations.h"

#include <gtest/gtest.h>

#include <string>

#ifndef LOCKCHECK_SOURCE_DIR
#error "LOCKCHECK_SOURCE_DIR must name the source tree holding annotations/"
#endif

namespace lockcheck::spec::testing {

inline const char *const AnnotationsDir = LOCKCHECK_SOURCE_DIR "/annotations";

/// The one-line error loading Text under the name "broken.yaml" gives.
inline std::string loadError(llvm::StringRef Text) {
  Annotations A;
  llvm::Error E = A.loadBuffer(Text, "broken.yaml");
  if (!E)
    return "<no error>";
  std::string Message = llvm::toString(std::move(E));
  EXPECT_EQ(Message.find('\n'), std::string::npos) << Message;
  return Message;
}

class ShippedAnnotationsTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::Error E = A.loadDirectory(AnnotationsDir);
    ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  }
  Annotations A;
};

} // namespace lockcheck::spec::testing

#endif // LOCKCHECK_UNITTESTS_SPEC_ANNOTATIONSTESTSUPPORT_H
