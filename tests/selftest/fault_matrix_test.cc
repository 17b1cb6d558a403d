// The self-test matrix: proves the suite's verdicts. Each case starts a fresh reference gateway
// with one fault, runs slogate_suite against it as CI would (TARGET_URL, METRICS_URLS, ...) and
// checks that exactly the expected SLO cases fail, each with the expected verdict and wording,
// and every other case passes (fault_cases.h has the cases).
#include <gtest/gtest.h>

#include "fault_cases.h"

namespace slogate::selftest {
namespace {

class FaultMatrixTest : public ::testing::TestWithParam<FaultCase> {};

TEST_P(FaultMatrixTest, ExactlyTheExpectedSlosFail) { RunAndExpectVerdicts(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Faults, FaultMatrixTest, ::testing::ValuesIn(FaultCases()),
                         [](const ::testing::TestParamInfo<FaultCase>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace slogate::selftest
