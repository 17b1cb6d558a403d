// The shipped fixtures/profiles/default.json: it parses and says what docs/config.md says.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "slogate/config/loader.h"

namespace slogate::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class DefaultProfileTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<ProfileFile> file =
        ReadProfileFile(SLOGATE_SOURCE_DIR "/fixtures/profiles/default.json");
    ASSERT_TRUE(file.ok()) << file.error().ToString();
    file_ = *file;
  }

  const LoadProfile& Profile(std::string_view name) const {
    for (const LoadProfile& profile : file_.profiles) {
      if (profile.name == name) return profile;
    }
    ADD_FAILURE() << "no profile " << name;
    return file_.profiles.front();
  }

  ProfileFile file_;
};

TEST_F(DefaultProfileTest, SmokeIsTheSeedsSmokeRun) {
  const LoadProfile& smoke = Profile("smoke");
  EXPECT_EQ(smoke.schedule, ScheduleKind::kConstant);
  EXPECT_EQ(smoke.rps, 5);
  EXPECT_EQ(smoke.duration, seconds(15));
  EXPECT_EQ(smoke.concurrency, 20);
}

// 75 requests cannot prove a 0.5% error rate (598 clean ones would): smoke's PASS is a
// labelled point estimate; the longer profiles ask for proof, and soak stops a clear breach.
TEST_F(DefaultProfileTest, SmokeIsAPointEstimateTheOthersAskForProof) {
  EXPECT_EQ(Profile("smoke").rules.confidence, 0);
  for (std::string_view name : {"soak", "burst", "ramp"}) {
    EXPECT_EQ(Profile(name).rules.confidence, 0.95) << name;
  }
  EXPECT_TRUE(Profile("soak").rules.abort_on_breach.enabled);
  EXPECT_EQ(Profile("soak").rules.abort_on_breach.grace, seconds(10));
  EXPECT_FALSE(Profile("smoke").rules.abort_on_breach.enabled);
}

TEST_F(DefaultProfileTest, DeclaresSoakBurstAndRamp) {
  EXPECT_EQ(Profile("soak").schedule, ScheduleKind::kConstant);
  EXPECT_EQ(Profile("burst").schedule, ScheduleKind::kBurst);
  EXPECT_FALSE(Profile("burst").bursts.empty());
  EXPECT_EQ(Profile("ramp").schedule, ScheduleKind::kRamp);
}

TEST_F(DefaultProfileTest, ThresholdsFollowTheSeedBaseline) {
  EXPECT_EQ(file_.thresholds.at(Environment::kLocal).latency_p95, milliseconds(300));
  EXPECT_EQ(file_.thresholds.at(Environment::kDev).latency_p95, milliseconds(300));
  EXPECT_EQ(file_.thresholds.at(Environment::kStaging).latency_p95, milliseconds(150));
  for (const auto& [environment, thresholds] : file_.thresholds) {
    EXPECT_EQ(thresholds.max_error_rate, 0.005);
    EXPECT_EQ(thresholds.max_lag, seconds(2));
    EXPECT_EQ(thresholds.min_write_through_ok_share, 0.995);
    EXPECT_EQ(thresholds.max_wal_error_share, 0.005);
  }
}

TEST_F(DefaultProfileTest, WritePathIsTheDefaultEndpoint) {
  ASSERT_EQ(file_.endpoints.size(), 1u);
  EXPECT_EQ(file_.endpoints[0].path, "/v1/session/message");
  EXPECT_TRUE(file_.endpoints[0].write_path);
}

TEST_F(DefaultProfileTest, OnlyReconciliationIsOptional) {
  for (std::string_view slo : kSloNames) {
    EXPECT_EQ(file_.checks.For(slo),
              slo == "Reconciliation" ? Requirement::kOptional : Requirement::kRequired)
        << slo;
  }
}

}  // namespace
}  // namespace slogate::config

namespace slogate::config {
namespace {

TEST(ShippedProfilesTest, EveryFileUnderFixturesProfilesParses) {
  size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(SLOGATE_SOURCE_DIR "/fixtures/profiles")) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    Result<ProfileFile> file = ReadProfileFile(entry.path().string());
    EXPECT_TRUE(file.ok()) << file.error().ToString();
  }
  EXPECT_GE(files, 1u);
}

}  // namespace
}  // namespace slogate::config
