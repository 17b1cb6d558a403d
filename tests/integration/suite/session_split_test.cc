// What a split run needs is checked when the suite is configured, before anything is sent: a
// target every share can reach, one run, and an in-flight cap that splits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "slogate/suite/session.h"

namespace slogate::suite {
namespace {

using ::testing::HasSubstr;

Status ConfigureSplit(std::map<std::string, std::string> env, int shares) {
  const std::filesystem::path profiles = std::filesystem::temp_directory_path() /
                                         ("session-split-" + std::to_string(getpid()) + ".json");
  std::ofstream(profiles) << R"({"profiles": {"p": {"concurrency": 20}, "q": {}}})";
  SuiteFlags flags;
  flags.profiles_file = profiles.string();
  flags.profiles = {"p"};
  flags.shard = {0, shares};
  flags.start_at = std::chrono::system_clock::now() + std::chrono::minutes(1);
  flags.shard_results = "/results";
  const Status configured = SuiteSession::Instance().Configure(flags, [&](std::string_view name) {
    const auto found = env.find(std::string(name));
    return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
  });
  std::filesystem::remove(profiles);
  return configured;
}

TEST(SessionSplitTest, ACapSmallerThanTheShareCountIsAUsageError) {
  const Status refused = ConfigureSplit({{"TARGET_URL", "http://127.0.0.1:9"}}, 30);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "bad_flag");
  EXPECT_THAT(refused.error().message, HasSubstr("cap of 20 cannot be split into 30 shares"));
  EXPECT_TRUE(ConfigureSplit({{"TARGET_URL", "http://127.0.0.1:9"}}, 20).ok());
}

TEST(SessionSplitTest, TheBundledGatewayIsNoTargetForOtherMachines) {
  const Status refused = ConfigureSplit({}, 3);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("a split run needs TARGET_URL"));
}

}  // namespace
}  // namespace slogate::suite
