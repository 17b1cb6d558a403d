// slogate_suite's exit status: what CI should do with a run, in one number.
//
//   0  every judged SLO passed (or was skipped)
//   1  a breach: some SLO FAILed (or a test case failed without a finding)
//   2  a usage or configuration error: nothing was measured
//   3  no breach, but some SLO was INCONCLUSIVE: the measurement could not show the SLO held
//      (generator late, data missing, interrupted...) — worth a retry, not a block
//   4  every judged SLO passed, but a report could not be written or pushed
//
// ctest and make treat every non-zero status as a failure.
#pragma once

#include <vector>

#include "slogate/slo/finding.h"

namespace slogate::suite {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitBreach = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInconclusive = 3;
inline constexpr int kExitReportFailed = 4;

// The exit status for the outcomes of the SLO cases that ran. A breach outranks an
// inconclusive finding, which outranks a failed report; `other_test_failed` (a case that failed
// without a finding) counts as a breach so it can never read as a pass. Pure.
int SuiteExitCode(const std::vector<slo::Outcome>& judged, bool other_test_failed,
                  bool report_failed);

}  // namespace slogate::suite
