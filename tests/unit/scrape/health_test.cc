#include "slogate/scrape/health_report.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace slogate::scrape {
namespace {

constexpr const char* kDegraded = R"({
  "status": "degraded",
  "components": {
    "memory_replicator": {"status": "ok", "detail": "lag_seconds=0.25"},
    "memory_dlq": {"status": "degraded", "detail": "depth=3"},
    "wal": {"status": "ok", "detail": {"segments": 2}}
  }
})";

TEST(ParseHealthTest, ReadsStatusAndComponents) {
  Result<HealthReport> report = ParseHealth(kDegraded);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->status, "degraded");
  ASSERT_EQ(report->components.size(), 3u);
  EXPECT_EQ(report->components[0].name, "memory_dlq");  // sorted by name
  const HealthComponent* dlq = report->FindComponent("memory_dlq");
  ASSERT_NE(dlq, nullptr);
  EXPECT_EQ(dlq->status, "degraded");
  EXPECT_EQ(dlq->detail, "depth=3");
  EXPECT_EQ(report->FindComponent("wal")->detail, R"({"segments":2})");
  EXPECT_EQ(report->FindComponent("absent"), nullptr);
}

TEST(ParseHealthTest, AcceptsStatusWithoutComponents) {
  Result<HealthReport> report = ParseHealth(R"({"status": "ok"})");
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->status, "ok");
  EXPECT_TRUE(report->components.empty());
}

struct BadHealthCase {
  std::string name;
  std::string json;
  std::string message;
};

class ParseHealthErrorTest : public ::testing::TestWithParam<BadHealthCase> {};

TEST_P(ParseHealthErrorTest, SaysWhatIsWrong) {
  Result<HealthReport> report = ParseHealth(GetParam().json);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, "bad_health");
  EXPECT_EQ(report.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseHealthErrorTest,
    ::testing::Values(BadHealthCase{"NotJson", "<html>", "health report: not valid JSON"},
                      BadHealthCase{"NotObject", "[1]", "health report: expected a JSON object"},
                      BadHealthCase{"NoStatus", R"({"components": {}})",
                                    "health report: \"status\" is missing or not a string"},
                      BadHealthCase{"StatusNotString", R"({"status": 1})",
                                    "health report: \"status\" is missing or not a string"},
                      BadHealthCase{"ComponentsNotObject", R"({"status": "ok", "components": []})",
                                    "health report: \"components\" is not an object"},
                      BadHealthCase{"ComponentNotObject",
                                    R"({"status": "ok", "components": {"dlq": 3}})",
                                    "health report: component \"dlq\" is not an object"}),
    [](const ::testing::TestParamInfo<BadHealthCase>& param_info) {
      return param_info.param.name;
    });

struct DetailCase {
  std::string name;
  std::string detail;
  std::string key;
  std::optional<double> expected;
};

class DetailNumberTest : public ::testing::TestWithParam<DetailCase> {};

TEST_P(DetailNumberTest, ReadsKeyValue) {
  HealthReport report;
  report.components.push_back(HealthComponent{"memory_dlq", "ok", GetParam().detail});
  EXPECT_EQ(report.DetailNumber("memory_dlq", GetParam().key), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DetailNumberTest,
    ::testing::Values(DetailCase{"Integer", "depth=3", "depth", 3.0},
                      DetailCase{"Fraction", "lag_seconds=0.25", "lag_seconds", 0.25},
                      DetailCase{"SecondOfSeveral", "topic=memory.wal.dlq, depth=7", "depth", 7.0},
                      DetailCase{"LongerKeyIsNotAMatch", "max_depth=5", "depth", std::nullopt},
                      DetailCase{"NotANumber", "depth=unknown", "depth", std::nullopt},
                      DetailCase{"KeyAbsent", "ok", "depth", std::nullopt}),
    [](const ::testing::TestParamInfo<DetailCase>& param_info) { return param_info.param.name; });

TEST(DetailNumberTest, MissingComponentIsNullopt) {
  HealthReport report;
  EXPECT_EQ(report.DetailNumber("memory_dlq", "depth"), std::nullopt);
}

}  // namespace
}  // namespace slogate::scrape
