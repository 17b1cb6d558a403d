// The Prometheus server that tests/integration/prometheus/prometheus-fixture started for a
// CTest fixture (FIXTURES_REQUIRED prometheus): its URL, and scrape targets a test adds for its
// own gateways. The fixture's state directory comes from SLOGATE_PROMETHEUS_STATE, which the
// test's CTest properties set.
//
// Prometheus scrapes every second; a target file is read within a second of being written.
// Thread-compatible.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::testing {

// The environment variable naming the fixture's state directory.
inline constexpr const char* kPrometheusStateVariable = "SLOGATE_PROMETHEUS_STATE";

class PrometheusFixture;

// Scrape targets a test added (a file in the fixture's targets directory), removed with it:
// Prometheus stops scraping them within a second or two and marks their series stale.
class ScrapedTargets {
 public:
  ~ScrapedTargets();
  ScrapedTargets(const ScrapedTargets&) = delete;
  ScrapedTargets& operator=(const ScrapedTargets&) = delete;

  // The label every target of this set carries, `slogate_case="<name>-<pid>-<n>"` (unique to
  // this set), for PROM_SELECTOR.
  const std::string& selector() const { return selector_; }

 private:
  friend class PrometheusFixture;
  ScrapedTargets(std::filesystem::path file, std::string selector)
      : file_(std::move(file)), selector_(std::move(selector)) {}

  std::filesystem::path file_;
  std::string selector_;
};

class PrometheusFixture {
 public:
  // The fixture whose state directory SLOGATE_PROMETHEUS_STATE names; an error saying how to
  // run the test (through ctest, with the fixture) when it is unset or not started.
  static Result<PrometheusFixture> FromEnvironment();

  // "http://127.0.0.1:<port>".
  const std::string& url() const { return url_; }

  // Lists `host_ports` ("127.0.0.1:8080", path /metrics) as targets labelled
  // slogate_case="<name>-<pid>-<n>", and waits, at most `deadline`, until Prometheus has scraped every
  // one of them: successfully (up == 1) under kUp, with any outcome under kScraped (for a
  // target whose /metrics is down on purpose).
  enum class Wait { kUp, kScraped };
  Result<std::unique_ptr<ScrapedTargets>> AddTargets(
      const std::string& name, const std::vector<std::string>& host_ports, Wait wait = Wait::kUp,
      std::chrono::milliseconds deadline = std::chrono::seconds(30)) const;

  // The body of GET <url>/api/v1/query?query=<promql>[&time=<time>] ("" on failure).
  std::string Query(const std::string& promql, const std::string& time = "") const;

 private:
  PrometheusFixture(std::filesystem::path state, std::string url)
      : state_(std::move(state)), url_(std::move(url)) {}

  std::filesystem::path state_;
  std::string url_;
};

}  // namespace slogate::testing
