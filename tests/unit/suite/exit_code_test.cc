#include "slogate/suite/exit_code.h"

#include <gtest/gtest.h>

namespace slogate::suite {
namespace {

using slo::Outcome;

TEST(SuiteExitCodeTest, EveryCasePassedOrSkippedIsZero) {
  EXPECT_EQ(SuiteExitCode({Outcome::kPass, Outcome::kSkipped}, false, false), kExitPassed);
  EXPECT_EQ(SuiteExitCode({}, false, false), kExitPassed);  // a filter that matched nothing
}

TEST(SuiteExitCodeTest, ABreachOutranksEverythingElse) {
  EXPECT_EQ(SuiteExitCode({Outcome::kInconclusive, Outcome::kFail, Outcome::kPass}, false, true),
            kExitBreach);
}

TEST(SuiteExitCodeTest, InconclusiveWithoutABreachIsItsOwnCode) {
  EXPECT_EQ(SuiteExitCode({Outcome::kPass, Outcome::kInconclusive}, false, true),
            kExitInconclusive);
}

TEST(SuiteExitCodeTest, AFailureNoFindingExplainsIsABreach) {
  EXPECT_EQ(SuiteExitCode({Outcome::kInconclusive}, true, false), kExitBreach);
  EXPECT_EQ(SuiteExitCode({}, true, false), kExitBreach);
}

TEST(SuiteExitCodeTest, AFailedReportOfAPassingRunIsItsOwnCode) {
  EXPECT_EQ(SuiteExitCode({Outcome::kPass}, false, true), kExitReportFailed);
}

TEST(SuiteExitCodeTest, TheCodesAreDistinct) {
  EXPECT_EQ(kExitPassed, 0);
  EXPECT_EQ(kExitBreach, 1);
  EXPECT_EQ(kExitUsage, 2);
  EXPECT_EQ(kExitInconclusive, 3);
  EXPECT_EQ(kExitReportFailed, 4);
}

}  // namespace
}  // namespace slogate::suite
