// Numbers and credentials at the edges, as a careless user types them: each is refused before
// any request is sent, with exit status 2 and a message that names the variable or field, the
// range, and never the token.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "command.h"

namespace slogate::testing {
namespace {

// Port 9 (discard) on loopback: nothing is sent there, every case fails before the load.
constexpr char kTarget[] = "TARGET_URL=http://127.0.0.1:9 ";

struct EdgeCase {
  const char* name;
  std::string command;
  std::string message;  // part of stderr
};

class CliEdgeTest : public ::testing::TestWithParam<EdgeCase> {};

TEST_P(CliEdgeTest, RefusedWithExitTwoAndAClearMessage) {
  const CommandResult result = RunCommand(GetParam().command);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find(GetParam().message), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("sEcReT"), std::string::npos) << result.err;
  EXPECT_EQ(result.out.find("sEcReT"), std::string::npos) << result.out;
}

const std::string kRun = std::string(kTarget) + SLOGATE_BINARY " run --duration 1";
const std::string kSuite = std::string(kTarget) + SLOGATE_SUITE_BINARY;

INSTANTIATE_TEST_SUITE_P(
    Cases, CliEdgeTest,
    ::testing::Values(
        EdgeCase{"RunRpsPastTheCounts", "RPS=1e20 " + kRun,
                 "slogate run: RPS: expected a rate > 0 and <= 1M requests per second"},
        EdgeCase{"RunRpsOfABillion", kRun + " --rps 1e9",
                 "slogate run: --rps: expected a rate > 0 and <= 1M requests per second"},
        EdgeCase{"RunRampPastTheCounts", kRun + " --schedule ramp --ramp-from 1e20",
                 "--ramp-from: expected a rate >= 0 and <= 1M requests per second"},
        EdgeCase{"RunPortPastTheRange",
                 std::string(SLOGATE_BINARY) + " run --target-url http://127.0.0.1:99999",
                 "expected a port from 1 to 65535 after the host"},
        EdgeCase{"RunJwtWithAControlCharacter", "JWT=$(printf 'sEcReT\\001token') " + kRun,
                 "JWT: the credential contains a control character at byte 7 (value not shown)"},
        EdgeCase{"RunJwtWithATab", "JWT=\"$(printf 'sEcReT\\ttoken')\" " + kRun,
                 "JWT: the credential contains whitespace at byte 7 (value not shown)"},
        EdgeCase{"RunTimeoutPastNanoseconds", kRun + " --timeout 1e12s",
                 "--timeout: expected a duration > 0 and <= 10m"},
        EdgeCase{"SuiteRpsPastTheCounts", "RPS=1e20 " + kSuite,
                 "RPS: expected a rate > 0 and <= 1M requests per second"},
        EdgeCase{"SuiteJwtWithAControlCharacter", "JWT=$(printf 'sEcReT\\001token') " + kSuite,
                 "JWT: the credential contains a control character at byte 7 (value not shown)"},
        EdgeCase{"SuiteJwtTooShort", "JWT=sEcReT " + kSuite,
                 "JWT: the credential is 6 bytes long (value not shown)"}),
    [](const ::testing::TestParamInfo<EdgeCase>& param_info) {
      return param_info.param.name;
    });

TEST(CliEdgeTest, SuiteRefusesADrainPeriodPastTenMinutes) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "hostile_edges_drain.json";
  {
    std::ofstream profiles(path);
    profiles << R"({"profiles": {"s": {}},
                   "thresholds": {"default": {"drain_period": "1000000h"}}})";
  }
  const CommandResult result =
      RunCommand(kSuite + " --slo-profiles " + path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("thresholds.default.drain_period: expected a duration from 0 to 10m"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace slogate::testing
