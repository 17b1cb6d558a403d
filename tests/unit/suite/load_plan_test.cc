#include "slogate/suite/load_plan.h"

#include <gtest/gtest.h>

namespace slogate::suite {
namespace {

using std::chrono::seconds;

config::Config BaseConfig() {
  config::Config config;
  config::Endpoint write;
  write.name = "write";
  config.endpoints.push_back(write);
  config.target.message = "hello";
  config.target.tenant = "acme";
  config.target.jwt = "header.payload.signature";
  return config;
}

config::LoadProfile Constant(double rps) {
  config::LoadProfile profile;
  profile.name = "smoke";
  profile.rps = rps;
  profile.duration = seconds(15);
  profile.concurrency = 20;
  return profile;
}

TEST(MakeLoadOptionsTest, CarriesScheduleCapAndSeedRequest) {
  const config::Config config = BaseConfig();
  auto options = MakeLoadOptions(config, Constant(0.5), config.endpoints[0], "http://127.0.0.1:8010");
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->schedule.kind, load::ScheduleKind::kConstant);
  EXPECT_DOUBLE_EQ(options->schedule.rps, 0.5);
  EXPECT_EQ(options->schedule.duration, seconds(15));
  EXPECT_EQ(options->concurrency, 20);
  EXPECT_EQ(options->request.method, "POST");
  EXPECT_EQ(options->request.path, "/v1/session/message");
  EXPECT_TRUE(options->request.body.empty()) << "empty body = the seed payload";
  EXPECT_EQ(options->request.message, "hello");
  EXPECT_EQ(options->request.tenant, "acme");
  EXPECT_EQ(options->request.jwt, "header.payload.signature");
  EXPECT_EQ(options->ok_statuses, (std::set<int>{200}));
  EXPECT_TRUE(options->capture_event_ids);
}

TEST(MakeLoadOptionsTest, MarksSlowAnswersAtTheLatencyThreshold) {
  config::Config config = BaseConfig();
  config.thresholds.latency_p95 = std::chrono::milliseconds(250);
  auto options = MakeLoadOptions(config, Constant(5), config.endpoints[0], "http://127.0.0.1:8010");
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->latency_mark, std::chrono::milliseconds(250));
}

TEST(MakeLoadOptionsTest, RendersTemplatesOfOtherEndpoints) {
  config::Config config = BaseConfig();
  config::Endpoint admin;
  admin.name = "admin";
  admin.method = "GET";
  admin.path = "/v1/admin/memory?tenant={tenant}";
  admin.write_path = false;
  admin.ok_statuses = {200, 404};
  config.endpoints.push_back(admin);
  auto options = MakeLoadOptions(config, Constant(5), config.endpoints[1], "http://127.0.0.1:1");
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->request.path, "/v1/admin/memory?tenant=acme");
  EXPECT_EQ(options->ok_statuses, (std::set<int>{200, 404}));
  EXPECT_FALSE(options->capture_event_ids);
}

TEST(MakeLoadOptionsTest, MapsRepeatingBurstWindows) {
  const config::Config config = BaseConfig();
  config::LoadProfile profile = Constant(5);
  profile.schedule = config::ScheduleKind::kBurst;
  profile.duration = seconds(40);
  profile.bursts = {{seconds(10), seconds(5), 100}, {seconds(25), seconds(5), 100}};
  auto options = MakeLoadOptions(config, profile, config.endpoints[0], "http://127.0.0.1:1");
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->schedule.kind, load::ScheduleKind::kBurst);
  EXPECT_DOUBLE_EQ(options->schedule.burst.rps, 100);
  EXPECT_EQ(options->schedule.burst.start, seconds(10));
  EXPECT_EQ(options->schedule.burst.length, seconds(5));
  EXPECT_EQ(options->schedule.burst.every, seconds(15));
}

TEST(CapTooSmallWarningTest, CapHoldingThePeakAtTheThresholdIsQuiet) {
  const config::Config config = BaseConfig();
  auto options = MakeLoadOptions(config, Constant(60), config.endpoints[0], "http://127.0.0.1:1");
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(CapTooSmallWarning("smoke", *options, std::chrono::milliseconds(300)), std::nullopt);
}

TEST(CapTooSmallWarningTest, NamesTheInFlightThePeakMayNeed) {
  const config::Config config = BaseConfig();
  config::LoadProfile profile = Constant(5);  // the mean is small; the bursts are not
  profile.schedule = config::ScheduleKind::kBurst;
  profile.duration = seconds(40);
  profile.bursts = {{seconds(10), seconds(5), 100}, {seconds(25), seconds(5), 100}};
  auto options = MakeLoadOptions(config, profile, config.endpoints[0], "http://127.0.0.1:1");
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(CapTooSmallWarning("smoke", *options, std::chrono::milliseconds(300)),
            "profile \"smoke\": concurrency 20 may be too small: at its peak of 100 req/s, "
            "answers within the 300 ms latency threshold may need up to 30 requests in flight; "
            "if the cap fills, ErrorRate and LatencyP95 cannot judge the target");
}

TEST(MakeLoadOptionsTest, InvalidTargetIsAnErrorNamingProfileAndEndpoint) {
  const config::Config config = BaseConfig();
  auto options = MakeLoadOptions(config, Constant(5), config.endpoints[0], "not a url");
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.error().message.find("profile \"smoke\", endpoint \"write\""),
            std::string::npos)
      << options.error().message;
}

}  // namespace
}  // namespace slogate::suite
