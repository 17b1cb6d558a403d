// The self-test matrix read through Prometheus: each case of fault_cases.h against a fresh
// reference gateway whose metrics a real Prometheus scrapes every second (the `prometheus` CTest
// fixture), with the suite given PROMETHEUS_URL and a PROM_SELECTOR for that gateway alone
// instead of METRICS_URLS. Every case must reach the verdicts the direct-scrape matrix
// reaches: the same SLOs failing with the same wording, the same exit status (one verdict
// excepted, below).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fault_cases.h"
#include "prometheus_fixture.h"

namespace slogate::selftest {
namespace {

// "127.0.0.1:9400" of "http://127.0.0.1:9400/metrics": what a Prometheus target names.
std::string HostPort(const std::string& url) {
  const size_t begin = url.find("://") + 3;
  return url.substr(begin, url.find('/', begin) - begin);
}

// The gateway's and every replicator's metrics as targets of the fixture's Prometheus, and the
// suite's environment switched from METRICS_URLS to PROMETHEUS_URL and PROM_SELECTOR.
PrepareRun ThroughPrometheus(const testing::PrometheusFixture& prometheus,
                             const FaultCase& fault) {
  return [&prometheus, &fault](const testing::RefgwProcess& target,
                               SuiteEnvironment& env) -> std::shared_ptr<void> {
    std::vector<std::string> host_ports = {HostPort(target.MetricsUrl())};
    for (const std::string& url : target.ReplicatorMetricsUrls()) {
      host_ports.push_back(HostPort(url));
    }
    // A case whose metrics endpoints are down on purpose is still scraped, and fails to be.
    const bool metrics_down = fault.faults.find("metrics_down") != std::string::npos;
    auto scraped = prometheus.AddTargets(
        fault.name, host_ports,
        metrics_down ? testing::PrometheusFixture::Wait::kScraped
                     : testing::PrometheusFixture::Wait::kUp);
    if (!scraped.ok()) {
      ADD_FAILURE() << scraped.error().message;
      return nullptr;
    }
    std::erase_if(env, [](const auto& variable) { return variable.first == "METRICS_URLS"; });
    env.emplace_back("PROMETHEUS_URL", prometheus.url());
    env.emplace_back("PROM_SELECTOR", (*scraped)->selector());
    return std::shared_ptr<testing::ScrapedTargets>(std::move(*scraped));
  };
}

class PrometheusMatrixTest : public ::testing::TestWithParam<FaultCase> {};

TEST_P(PrometheusMatrixTest, SameVerdictsAsDirectScrapes) {
  auto prometheus = testing::PrometheusFixture::FromEnvironment();
  ASSERT_TRUE(prometheus.ok()) << prometheus.error().message;
  RunAndExpectVerdicts(GetParam(), ThroughPrometheus(*prometheus, GetParam()));
}

// Every case, one verdict left open. AcknowledgedWithoutEventIdLost acknowledges 8 of 160
// writes that are never stored; on direct scrapes (every 250 ms) the write accounting proves
// those 8 late and fails ReplicationLag. Through Prometheus (a scrape a second, the run starting
// inside a window) the count of writes at the accounting's base is known only to within the
// ~40-75 writes acknowledged around it, so a deficit of 8 cannot show; the finding says so
// ("a deficit of up to N writes cannot show") and rests on the read-backs. ZeroLoss still fails
// on the missing writes.
std::vector<FaultCase> CasesThroughPrometheus() {
  std::vector<FaultCase> cases = FaultCases();
  for (FaultCase& fault : cases) {
    if (fault.name != "AcknowledgedWithoutEventIdLost") continue;
    fault.expected.erase("ReplicationLag");
    fault.unpinned.emplace("ReplicationLag",
                           "a deficit of 8 writes is below the accounting's resolution at a 1 s "
                           "scrape interval");
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Faults, PrometheusMatrixTest, ::testing::ValuesIn(CasesThroughPrometheus()),
                         [](const ::testing::TestParamInfo<FaultCase>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace slogate::selftest
