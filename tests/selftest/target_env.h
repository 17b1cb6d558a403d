// The environment a self-test gives slogate_suite to measure a running reference gateway, as CI
// would set it: the self-test profiles, the environment name, and every URL of the target.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "refgw_process.h"

namespace slogate::selftest {

// SLO_PROFILES (`profiles_file` under fixtures/profiles/), SLO_ENV, TARGET_URL, METRICS_URLS
// (the gateway's and every replicator's metrics), HEALTH_URL and AUDIT_URL_TEMPLATE.
std::vector<std::pair<std::string, std::string>> TargetEnvironment(
    const testing::RefgwProcess& target, std::string_view environment,
    std::string_view profiles_file = "selftest.json");

}  // namespace slogate::selftest
