// The profile's metric checks as test cases: "Profile/MetricCheck.<check>/<profile>_<endpoint>",
// one per selected run whose profile declares the check, each asserting on its finding like a
// bundled case. Registered at run time, since the checks come from the profile file.
#pragma once

namespace slogate::suite {

// Call after SuiteSession::Configure and before RUN_ALL_TESTS.
void RegisterMetricCheckCases();

}  // namespace slogate::suite
