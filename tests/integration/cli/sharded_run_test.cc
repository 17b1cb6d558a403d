// A run split across processes with `slogate run --shard I/N --start-at`: each shard sends its
// share of the one schedule from the same wall-clock start, and `slogate merge` puts them back
// together as one run — against nginx on loopback, three shard processes at once.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "command.h"
#include "nginx_server.h"
#include "slogate/load/run_result_json.h"

namespace slogate::load {
namespace {

namespace fs = std::filesystem;

using ::slogate::testing::CommandResult;
using ::slogate::testing::RunCommand;

constexpr int kShards = 3;
// 60 arrivals a second for 2 s: 120 in all, 40 a shard.
constexpr char kLoad[] = " run --rps 60 --duration 2 --concurrency 4";

class ShardedRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nginx_ = ::slogate::testing::NginxServer::StartFakeGateway();
    ASSERT_NE(nginx_, nullptr);
    dir_ = fs::path(::testing::TempDir()) /
           ("sharded_run_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string Run(const std::string& flags, const fs::path& out) const {
    return "env TARGET_URL=" + nginx_->Url() + " " SLOGATE_BINARY + std::string(kLoad) + " " +
           flags + " --out " + out.string() + " >/dev/null";
  }

  RunResult Read(const fs::path& path) const {
    auto run = ReadRunResultFile(path);
    EXPECT_TRUE(run.ok()) << run.error().message;
    if (!run.ok()) return RunResult();
    return std::move(*run);
  }

  std::unique_ptr<::slogate::testing::NginxServer> nginx_;
  fs::path dir_;
};

TEST_F(ShardedRunTest, SharesFromOneStartMergeIntoTheWholeSchedule) {
  // A start far enough ahead for three processes to be set up on a busy machine, in whole
  // milliseconds as the flag gives it.
  const auto start = std::chrono::floor<std::chrono::milliseconds>(
      std::chrono::system_clock::now() + std::chrono::seconds(3));
  const long long start_ms = start.time_since_epoch().count();
  const std::string at =
      "@" + std::to_string(start_ms / 1000) + "." + std::to_string(1000 + start_ms % 1000).substr(1);
  // Every shard waited for, and each failure named.
  std::string script;
  for (int i = 0; i < kShards; ++i) {
    script += Run("--shard " + std::to_string(i) + "/" + std::to_string(kShards) +
                      " --start-at " + at,
                  dir_ / ("shard-" + std::to_string(i) + ".json")) +
              " & p" + std::to_string(i) + "=$!; ";
  }
  script +=
      "s=0; for p in $p0 $p1 $p2; do wait $p || { echo \"shard process $p failed: $?\" >&2; "
      "s=1; }; done; exit $s";
  const CommandResult shards = RunCommand(script);
  ASSERT_EQ(shards.exit_code, 0) << shards.err;

  std::vector<RunResult> results;
  for (int i = 0; i < kShards; ++i) {
    results.push_back(Read(dir_ / ("shard-" + std::to_string(i) + ".json")));
    const RunResult& shard = results.back();
    SCOPED_TRACE("shard " + std::to_string(i));
    EXPECT_EQ(shard.shard, (ShardSpec{i, kShards}));
    EXPECT_EQ(shard.scheduled, 40u);  // every third arrival
    EXPECT_EQ(shard.sent, 40u);
    EXPECT_EQ(shard.dropped, 0u);
    EXPECT_DOUBLE_EQ(shard.target_rps, 20);
    EXPECT_EQ(std::chrono::floor<std::chrono::milliseconds>(shard.started_at), start);
    // The start was kept on the wall clock: a shard that began late would have sent its first
    // arrivals late by as much (its lateness is measured from the given start). Generous for a
    // busy machine; a missed start is a second or more.
    EXPECT_LT(shard.send_lateness.Percentile(1.0), std::chrono::milliseconds(500));
  }

  const fs::path merged_file = dir_ / "merged.json";
  const CommandResult merge = RunCommand(
      SLOGATE_BINARY " merge " + (dir_ / "shard-0.json").string() + " " +
      (dir_ / "shard-1.json").string() + " " + (dir_ / "shard-2.json").string() + " -o " +
      merged_file.string());
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  const RunResult merged = Read(merged_file);
  EXPECT_EQ(merged.scheduled, 120u);
  EXPECT_EQ(merged.sent, 120u);
  EXPECT_EQ(merged.ok, 120u);
  EXPECT_DOUBLE_EQ(merged.target_rps, 60);
  EXPECT_EQ(merged.shard, (ShardSpec{0, 1}));
  ASSERT_EQ(merged.rate_plan.size(), 1u);
  EXPECT_DOUBLE_EQ(merged.rate_plan[0].rps_begin, 60);
  // The arrivals interleave on one timeline: every whole second holds the whole rate (the
  // shards' seconds line up, as one generator's would), not a third of it.
  // Windows count completions, so a slow answer near a second's end moves one into the next.
  ASSERT_GE(merged.per_second.size(), 2u);
  uint64_t completed = 0;
  for (const stats::WindowSummary& window : merged.per_second) completed += window.count;
  EXPECT_EQ(completed, 120u);
  for (size_t second = 0; second < 2; ++second) {
    EXPECT_GE(merged.per_second[second].count, 50u) << second;
  }
  // The merged latencies are every shard's: the histograms add up exactly.
  uint64_t latencies = 0;
  for (const RunResult& shard : results) latencies += shard.latency.count();
  EXPECT_EQ(merged.latency.count(), latencies);
}

TEST_F(ShardedRunTest, AStartAlreadyPastIsRefusedBeforeSending) {
  const CommandResult outcome =
      RunCommand(Run("--shard 0/2 --start-at 2020-01-01T00:00:00Z", dir_ / "late.json"));
  EXPECT_NE(outcome.exit_code, 0);
  EXPECT_NE(outcome.err.find("the start time 2020-01-01T00:00:00Z is"), std::string::npos)
      << outcome.err;
  EXPECT_NE(outcome.err.find("past"), std::string::npos) << outcome.err;
  EXPECT_FALSE(fs::exists(dir_ / "late.json"));
}

// `--profile`: a share sent from another machine is the suite's load for that profile — its
// schedule, cap and latency mark — so that it merges with the suite's own share. How this
// process sends it (transport, spin, threads) stays its own choice.
TEST_F(ShardedRunTest, AProfileSendsTheSuitesLoad) {
  const std::string profile =
      " --profile steady --transport curl --spin 100us --slo-profiles " SLOGATE_SOURCE_DIR
      "/fixtures/profiles/selftest.json";
  // The variables that would change the profile's load or its judgement are left out.
  const CommandResult sent = RunCommand(
      "env -u SLO_ENV -u SLO_THRESHOLDS -u RPS -u DURATION "
      "-u CONCURRENCY SLO_TRANSPORT=http1 TARGET_URL=" +
      nginx_->Url() + " " SLOGATE_BINARY " run" + profile + " --out " +
      (dir_ / "steady.json").string() + " >/dev/null");
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  const RunResult run = Read(dir_ / "steady.json");
  EXPECT_EQ(run.target_rps, 40);  // selftest.json: steady is 40 requests a second for 4 s
  EXPECT_EQ(run.scheduled, 160u);
  EXPECT_EQ(run.latency_mark, std::chrono::milliseconds(300));  // local's latency_p95
  EXPECT_EQ(run.concurrency, 20);                               // the profile's whole cap
  EXPECT_EQ(run.transport, "curl");                             // --transport, over SLO_TRANSPORT
  EXPECT_FALSE(fs::exists(dir_ / ".steady.json.partial"));
}

TEST_F(ShardedRunTest, AProfileRefusesTheFlagsItDecidesAndNamesAnUnknownProfile) {
  const std::string run = "env TARGET_URL=" + nginx_->Url() + " " SLOGATE_BINARY " run ";
  const CommandResult rate = RunCommand(run + "--profile smoke --rps=50");
  EXPECT_EQ(rate.exit_code, 2);
  EXPECT_NE(rate.err.find("--rps with --profile: the profile decides it"), std::string::npos)
      << rate.err;
  const CommandResult timeout = RunCommand(run + "--profile smoke --timeout 1s");
  EXPECT_EQ(timeout.exit_code, 2);
  EXPECT_NE(timeout.err.find("--timeout with --profile"), std::string::npos) << timeout.err;
  const CommandResult alone = RunCommand(run + "--endpoint write");
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.err.find("only go with --profile"), std::string::npos) << alone.err;
  const CommandResult endpoint = RunCommand("env SLO_ENDPOINT=nosuch " + run + "--profile smoke");
  EXPECT_EQ(endpoint.exit_code, 2);
  EXPECT_NE(endpoint.err.find("SLO_ENDPOINT: no endpoint \"nosuch\""), std::string::npos)
      << endpoint.err;
  const CommandResult no_target =
      RunCommand("env -u TARGET_URL " SLOGATE_BINARY " run --profile smoke --shard 1/3");
  EXPECT_EQ(no_target.exit_code, 2);
  EXPECT_NE(no_target.err.find("the target is TARGET_URL"), std::string::npos) << no_target.err;
  const CommandResult transport = RunCommand("env SLO_TRANSPORT=h3 " + run + "--profile smoke");
  EXPECT_EQ(transport.exit_code, 2);
  EXPECT_NE(transport.err.find("SLO_TRANSPORT: "), std::string::npos) << transport.err;
  EXPECT_NE(transport.err.find("h3"), std::string::npos) << transport.err;
  const CommandResult unknown = RunCommand(run + "--profile nosuch");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("nosuch"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("smoke"), std::string::npos) << unknown.err;  // the file's profiles
}

}  // namespace
}  // namespace slogate::load
