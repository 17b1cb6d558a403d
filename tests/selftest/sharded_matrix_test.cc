// A run split across processes (docs/distributed.md): `slogate_suite --shard 0/3` and two
// `slogate run --shard I/3` processes from one --start-at against one gateway. Share 0 collects
// the others' results and judges the merged run: its verdicts must be the ones the
// single-process matrix pins for the same faults, on a healthy target and on faulty ones, and
// the merged run must be the whole schedule.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <string>

#include "command.h"
#include "fault_cases.h"
#include "nlohmann/json.hpp"
#include "refgw_process.h"

namespace slogate::selftest {
namespace {

namespace fs = std::filesystem;

constexpr int kShares = 3;
// The self-test profile "steady" (fixtures/profiles/selftest.json: 40 requests a second for
// 4 s), which the other shares send as `slogate run --profile steady`.
constexpr uint64_t kSteadyArrivals = 160;

// "@1765000000.250": a start `lead` ahead, in whole milliseconds.
std::string StartAhead(std::chrono::seconds lead) {
  const auto start =
      std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now() + lead);
  const long long ms = start.time_since_epoch().count();
  return "@" + std::to_string(ms / 1000) + "." + std::to_string(1000 + ms % 1000).substr(1);
}

// Shares 1 and 2, run while the suite runs share 0; on destruction (after the suite's run) it
// waits for them and checks the merged run the suite judged.
class OtherShares {
 public:
  OtherShares(const testing::RefgwProcess& target, SuiteEnvironment& env) {
    dir_ = fs::path(::testing::TempDir()) /
           ("shares_" + std::to_string(getpid()) + "_" + std::to_string(++runs_));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "shares");
    const std::string start = StartAhead(std::chrono::seconds(5));
    std::string script;
    for (int i = 1; i < kShares; ++i) {
      script += "env TARGET_URL=" + target.ApiUrl() +
                " " SLOGATE_BINARY " run --profile steady --slo-profiles " SLOGATE_SOURCE_DIR
                "/fixtures/profiles/selftest.json --shard " +
                std::to_string(i) + "/" + std::to_string(kShares) + " --start-at " + start +
                " --out " + (dir_ / "shares" / ("shard-" + std::to_string(i) + ".json")).string() +
                " >/dev/null & ";
    }
    script += "s=0; for p in $(jobs -p); do wait $p || s=1; done; exit $s";
    others_ = std::async(std::launch::async, [script] { return testing::RunCommand(script); });
    env.emplace_back("SLO_SHARD", "0/" + std::to_string(kShares));
    env.emplace_back("SLO_START_AT", start);
    env.emplace_back("SLO_SHARD_RESULTS", (dir_ / "shares").string());
    env.emplace_back("SLO_RESULTS", (dir_ / "results.json").string());
  }

  ~OtherShares() {
    const testing::CommandResult shares = others_.get();
    EXPECT_EQ(shares.exit_code, 0) << "a `slogate run` share failed: " << shares.err;
    std::ifstream file(dir_ / "results.json");
    const nlohmann::json results = nlohmann::json::parse(file, nullptr, false);
    EXPECT_FALSE(results.is_discarded()) << "no results file from share 0";
    if (!results.is_discarded() && results["run"].is_object()) {
      // The merged run is the whole schedule, every arrival sent once by one of the shares.
      EXPECT_EQ(results["run"]["scheduled"], kSteadyArrivals);
      EXPECT_EQ(results["run"]["sent"], kSteadyArrivals);
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

 private:
  static inline int runs_ = 0;
  fs::path dir_;
  std::future<testing::CommandResult> others_;
};

class ShardedMatrixTest : public ::testing::TestWithParam<FaultCase> {};

TEST_P(ShardedMatrixTest, TheMergedRunGetsTheSingleProcessVerdicts) {
  RunAndExpectVerdicts(
      GetParam(),
      [](const testing::RefgwProcess& target, SuiteEnvironment& env) -> std::shared_ptr<void> {
        return std::make_shared<OtherShares>(target, env);
      });
}

// The healthy target, and faults the merged run must show: errors the gateway counts over every
// share's requests, and acknowledged writes lost among every share's (the audit reads the
// merged run's event ids).
std::vector<FaultCase> ShardedCases() {
  std::vector<FaultCase> cases;
  for (const FaultCase& fault : FaultCases()) {
    const bool chosen = fault.name == "Healthy" || fault.name == "ErrorRateOnePercent" ||
                        fault.name == "AcknowledgedWritesLost";
    if (!chosen) continue;
    // The shares' `slogate run` flags are the steady profile's.
    EXPECT_EQ(fault.profile, "steady") << fault.name;
    EXPECT_EQ(fault.profiles_file, "selftest.json") << fault.name;
    cases.push_back(fault);
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Faults, ShardedMatrixTest, ::testing::ValuesIn(ShardedCases()),
                         [](const ::testing::TestParamInfo<FaultCase>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace slogate::selftest
