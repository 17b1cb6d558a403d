#include "slogate/suite/exit_code.h"

#include <algorithm>

namespace slogate::suite {

int SuiteExitCode(const std::vector<slo::Outcome>& judged, bool other_test_failed,
                  bool report_failed) {
  const auto any = [&judged](slo::Outcome outcome) {
    return std::find(judged.begin(), judged.end(), outcome) != judged.end();
  };
  if (other_test_failed || any(slo::Outcome::kFail)) return kExitBreach;
  if (any(slo::Outcome::kInconclusive)) return kExitInconclusive;
  if (report_failed) return kExitReportFailed;
  return kExitPassed;
}

}  // namespace slogate::suite
