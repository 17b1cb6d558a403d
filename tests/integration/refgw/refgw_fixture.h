// One slogate_refgw process shared by a test suite, and small helpers over its API.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "eventually.h"
#include "http_client.h"
#include "refgw_process.h"

namespace slogate::testing {

// The value of the sample line that starts with `series` (e.g. `name{a="b"}`), if present.
inline std::optional<double> SampleValue(const std::string& exposition, const std::string& series) {
  size_t at = 0;
  while ((at = exposition.find(series + " ", at)) != std::string::npos) {
    if (at == 0 || exposition[at - 1] == '\n')
      return std::stod(exposition.substr(at + series.size() + 1));
    at += series.size();
  }
  return std::nullopt;
}

// A JWT time claim (exp, nbf, iat): Unix seconds, `seconds` from now.
inline double NowPlus(int seconds) {
  const std::chrono::duration<double> now = std::chrono::system_clock::now().time_since_epoch();
  return now.count() + seconds;
}

class RefgwSuite : public ::testing::Test {
 protected:
  // Starts the suite's gateway with these extra flags and environment variables.
  static void StartGateway(std::vector<std::string> args = {},
                           std::vector<std::pair<std::string, std::string>> env = {}) {
    RefgwOptions options;
    options.args = std::move(args);
    options.env = std::move(env);
    auto started = RefgwProcess::Start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.error().message;
    process_ = std::move(*started).release();
  }
  static void TearDownTestSuite() {
    delete process_;
    process_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(process_, nullptr) << "the gateway did not start";
    // Every test starts with no faults.
    ASSERT_EQ(Fetch("POST", Url("/v1/admin/faults"), {kJsonHeader}, "{}").status, 200);
  }

  static std::string Url(const std::string& path) { return process_->ApiUrl(path); }
  static HttpResult Post(const std::string& body, std::vector<std::string> headers = {kJsonHeader},
                         const std::string& path = "/v1/session/message") {
    return Fetch("POST", Url(path), headers, body);
  }
  static HttpResult SetFaults(const std::string& faults) {
    return Fetch("POST", Url("/v1/admin/faults"), {kJsonHeader}, faults);
  }
  static std::string Metrics() { return Fetch("GET", process_->MetricsUrl()).body; }
  static double Counter(const std::string& series) {
    return SampleValue(Metrics(), series).value_or(0.0);
  }

  static inline RefgwProcess* process_ = nullptr;
};

}  // namespace slogate::testing
