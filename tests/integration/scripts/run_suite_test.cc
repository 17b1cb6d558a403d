// scripts/run-suite (what make load-smoke|soak|burst run) driving the real slogate_suite against
// a real reference gateway: for each way a run can end, the script must exit with the suite's
// own status (CI acts on it) and name it in one line, since make reports its own status 2 for
// every failed recipe.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "command.h"
#include "files.h"
#include "loopback.h"
#include "refgw_process.h"
#include "sanitizers.h"

namespace slogate::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kScript[] = SLOGATE_SOURCE_DIR "/scripts/run-suite";
// The build tree holding bin/slogate_suite, as make passes it to the script.
constexpr char kBuildDir[] = SLOGATE_BUILD_DIR;
constexpr char kProfiles[] = SLOGATE_SOURCE_DIR "/fixtures/profiles/selftest.json";

using Environment = std::vector<std::pair<std::string, std::string>>;

class RunSuiteScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(std::string(kBuildDir) + "/bin/slogate_suite"))
        << "slogate_suite is not built in " << kBuildDir;
    // One directory per test (ctest runs them apart, a developer may run them together).
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = std::filesystem::path(::testing::TempDir()) / ("run_suite_" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A reference gateway started with `faults`, and the environment that points the suite at it
  // with the self-test profiles (short runs).
  Environment Target(const std::string& faults = "{}") {
    RefgwOptions options;
    options.args = {"--faults=" + faults};
    auto gateway = RefgwProcess::Start(std::move(options));
    EXPECT_TRUE(gateway.ok()) << gateway.error().message;
    if (!gateway.ok()) return {};
    gateway_ = std::move(*gateway);
    std::string metrics = gateway_->MetricsUrl();
    for (const std::string& url : gateway_->ReplicatorMetricsUrls()) metrics += "," + url;
    return {{"TARGET_URL", gateway_->ApiUrl()},
            {"METRICS_URLS", metrics},
            {"HEALTH_URL", gateway_->ApiUrl("/v1/health")},
            {"AUDIT_URL_TEMPLATE", gateway_->ApiUrl("/v1/admin/memory/{event_id}")}};
  }

  // `env` and the script's arguments as a shell command line; results go to this test's
  // directory unless `env` says otherwise (or, with `default_outputs`, where the script puts
  // them by default: in the build directory).
  std::string CommandLine(Environment env, const std::string& build_dir, const std::string& profile,
                          bool default_outputs = false) const {
    if (!default_outputs) {
      env.insert(env.begin(), {{"SLO_RESULTS", (dir_ / "results.json").string()},
                               {"SLO_HTML", (dir_ / "report.html").string()},
                               {"GTEST_OUTPUT", "xml:" + (dir_ / "junit.xml").string()}});
    }
    env.insert(env.begin(), {"SLO_PROFILES", kProfiles});
    std::string line = "env";
    for (const auto& [name, value] : env) line += " " + name + "='" + value + "'";
    return line + " " + kScript + " " + build_dir + " " + profile;
  }

  CommandResult Run(const Environment& env, const std::string& profile = "steady") {
    return RunCommand(CommandLine(env, kBuildDir, profile));
  }

  std::filesystem::path dir_;
  std::unique_ptr<RefgwProcess> gateway_;
};

TEST_F(RunSuiteScriptTest, APassingRunIsSilentAndWritesItsResults) {
  SLOGATE_SKIP_UNDER_TSAN(
      "it needs every SLO to PASS, and under the sanitizer's slowdown the load generator falls "
      "behind its schedule, which the suite rightly calls INCONCLUSIVE");
  // A build directory of this test's own, its bin/ the real one: the outputs' default places
  // are checked without writing into the real build tree.
  const std::filesystem::path build_dir = dir_ / "build";
  std::filesystem::create_directories(build_dir);
  std::filesystem::create_directory_symlink(
      std::filesystem::absolute(std::string(kBuildDir) + "/bin"), build_dir / "bin");
  Environment env = Target();
  env.emplace_back("SLO_THRESHOLDS", "latency_p95=250ms");
  const CommandResult result =
      RunCommand(CommandLine(env, build_dir.string(), "steady", /*default_outputs=*/true));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, Not(HasSubstr("slogate_suite exited")));
  // The verdict is the last thing on the console; the upstream summary is in the results file.
  EXPECT_THAT(result.out, HasSubstr("\nverdict: PASS"));
  // A threshold given for the run is said, and in force.
  EXPECT_THAT(result.out, HasSubstr("\nthresholds overridden for this run (SLO_THRESHOLDS / "
                                    "--threshold): latency_p95=250ms\n"));
  EXPECT_THAT(result.out,
              ::testing::ContainsRegex("\nLatencyP95 +PASS\\*? +[0-9.]+ (ms|µs) +250 ms"));
  EXPECT_THAT(result.out, Not(HasSubstr("{\"abandoned_in_flight\"")));
  EXPECT_THAT(ReadFile(build_dir / "slo-results-steady.json"), HasSubstr("\"schema_version\""));
  EXPECT_THAT(ReadFile(build_dir / "slo-results-steady.json"), HasSubstr("\"summary\": {"));
  EXPECT_THAT(ReadFile(build_dir / "slo-report-steady.html"), HasSubstr("<svg"));
  // The JUnit file CI collects: one testcase per SLO, its figures as properties.
  const std::string junit = ReadFile(build_dir / "slo-junit-steady.xml");
  EXPECT_THAT(junit, HasSubstr("<testcase name=\"LatencyP95/steady_write\""));
  EXPECT_THAT(junit, HasSubstr("<property name=\"outcome\" value=\"PASS\""));
}

// On a terminal (script(1) gives the run one) the load shows a live line, with the highest lag
// the sampled gauge has read; a CI log, which is no terminal, gets none (the other tests here
// see no carriage return). Without TARGET_URL the bundled gateway runs, and the results file
// says where it was.
TEST_F(RunSuiteScriptTest, OnATerminalTheLoadShowsItsProgress) {
  if (!TerminalAvailable()) GTEST_SKIP() << "script(1) is not installed";
  const CommandResult result = RunOnATerminal(CommandLine({}, kBuildDir, "steady"));
  EXPECT_THAT(result.out, ::testing::ContainsRegex("\r +[0-9]+\\.[0-9]s  sent [0-9]+ \\([0-9.]+/s "
                                                   "of 40/s\\)  in flight [0-9]+  errors 0"));
  EXPECT_THAT(result.out, ::testing::ContainsRegex("  lag max [0-9.]+ (µs|ms|s)\033\\[K"));
  const nlohmann::json results = nlohmann::json::parse(ReadFile(dir_ / "results.json"));
  const nlohmann::json& config = results["config"];
  EXPECT_EQ(config["target"]["bundled_reference_gateway"], true);
  EXPECT_THAT(config["target"]["url"].get<std::string>(), HasSubstr("http://127.0.0.1:"));
  EXPECT_EQ(config["metrics_urls"].size(), 2u) << config.dump();  // gateway and replicator
  EXPECT_THAT(config["health_url"].get<std::string>(), HasSubstr("/v1/health"));
  EXPECT_THAT(config["audit_url_template"].get<std::string>(), HasSubstr("{event_id}"));

  const CommandResult piped = Run(Target());
  EXPECT_EQ(piped.err.find('\r'), std::string::npos);
  EXPECT_EQ(piped.out.find('\r'), std::string::npos);
}

TEST_F(RunSuiteScriptTest, ABreachIsStatusOneAndNamed) {
  const CommandResult result = Run(Target(R"({"error":{"status":500,"every":2}})"));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr("slogate_suite exited 1: an SLO breach: some SLO FAILed"));
}

TEST_F(RunSuiteScriptTest, AConfigurationErrorIsStatusTwoAndNamed) {
  const CommandResult result = Run({{"SLO_ENV", "qa"}});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr("slogate_suite exited 2: a usage or configuration error: "
                                    "nothing was measured\n"));
}

TEST_F(RunSuiteScriptTest, ATargetThatDoesNotAnswerIsStatusThreeAndNamed) {
  const LoopbackPort refusing = LoopbackPort::Refusing();
  const CommandResult result = Run({{"TARGET_URL", refusing.Url()}});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_THAT(result.err, HasSubstr("slogate_suite exited 3: nothing failed, something was "
                                    "INCONCLUSIVE — a retry may settle it\n"));
}

TEST_F(RunSuiteScriptTest, AResultsFileThatCannotBeWrittenIsStatusFourAndNamed) {
  SLOGATE_SKIP_UNDER_TSAN(
      "it needs every SLO to PASS, and under the sanitizer's slowdown the load generator falls "
      "behind its schedule, which the suite rightly calls INCONCLUSIVE");
  Environment env = Target();
  env.emplace_back("SLO_RESULTS", (dir_ / "no-such-dir" / "results.json").string());
  const CommandResult result = Run(env);
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_THAT(result.err, HasSubstr("slogate_suite exited 4: every SLO passed, but a report "
                                    "could not be written or pushed\n"));
}

TEST_F(RunSuiteScriptTest, ASuiteKilledMidRunIsNamedWithItsSignal) {
  // The 20 s profile, its suite process killed (the script's child) about 2 s in: what a CI
  // runner's SIGKILL looks like.
  const std::string script = CommandLine(Target(), kBuildDir, "interruptible");
  const CommandResult result =
      RunCommand(script + " & script=$!; sleep 2; pkill -KILL -P " + "$script; wait $script");
  EXPECT_EQ(result.exit_code, 137) << result.err;
  EXPECT_THAT(result.err, HasSubstr("slogate_suite exited 137: killed by signal 9"));
}

TEST_F(RunSuiteScriptTest, MissingSuiteIsAConfigurationErrorNotABreach) {
  // A build directory with nothing built in it.
  const CommandResult result = RunCommand(CommandLine({}, dir_.string(), "steady"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("slogate_suite is not built (run make build)"));
}

}  // namespace
}  // namespace slogate::testing
