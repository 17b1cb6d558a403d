#include "slogate/report/pushgateway_reporter.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "sample_document.h"

namespace slogate::report {
namespace {

bool HasLine(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

constexpr char kLabels[] = "profile=\"burst\",environment=\"staging\"";

TEST(PushgatewayExpositionTest, OutcomesAreAStateSetPerSlo) {
  const std::string text = PushgatewayExposition(testing::SampleDocument());
  const std::string labels = kLabels;
  EXPECT_TRUE(HasLine(text, "# TYPE slogate_slo_outcome gauge")) << text;
  EXPECT_TRUE(HasLine(text, "slogate_slo_outcome{" + labels + ",slo=\"ErrorRate\",outcome=\"FAIL\"} 1"));
  EXPECT_TRUE(HasLine(text, "slogate_slo_outcome{" + labels + ",slo=\"ErrorRate\",outcome=\"PASS\"} 0"));
  EXPECT_TRUE(HasLine(text, "slogate_slo_outcome{" + labels + ",slo=\"LatencyP95\",outcome=\"PASS\"} 1"));
  EXPECT_TRUE(HasLine(text, "slogate_verdict{" + labels + ",outcome=\"FAIL\"} 1"));
  EXPECT_TRUE(HasLine(text, "slogate_slo_measured{" + labels + ",slo=\"LatencyP95\",unit=\"ms\"} 47"));
  EXPECT_TRUE(HasLine(text, "slogate_slo_threshold{" + labels + ",slo=\"ErrorRate\",unit=\"ratio\"} 0.005"));
  // A finding without a number contributes no measured/threshold sample.
  EXPECT_EQ(text.find("slo=\"Reconciliation\",unit"), std::string::npos);
}

TEST(PushgatewayExpositionTest, CarriesTheEvidenceOfEachBoundedSlo) {
  ResultsDocument document = testing::SampleDocument();
  testing::MakeLatencyAPointEstimate(document);  // no bound
  const std::string text = PushgatewayExposition(document);
  const std::string labels = kLabels;
  EXPECT_TRUE(HasLine(text, "slogate_slo_confidence{" + labels + ",slo=\"ErrorRate\"} 0.95")) << text;
  EXPECT_TRUE(HasLine(text, "slogate_slo_confidence{" + labels + ",slo=\"LatencyP95\"} 0"));
  EXPECT_TRUE(HasLine(text, "slogate_slo_sample_size{" + labels + ",slo=\"LatencyP95\"} 198"));
  EXPECT_TRUE(HasLine(text, "slogate_slo_bound{" + labels + ",slo=\"ErrorRate\",unit=\"ratio\"} 0.0356"));
  EXPECT_EQ(text.find("slogate_slo_bound{" + labels + ",slo=\"LatencyP95\""), std::string::npos);
  EXPECT_EQ(text.find("slo=\"ReplicationLag\"} "), std::string::npos);
  EXPECT_TRUE(HasLine(text, "slogate_run_aborted{" + labels + "} 0"));
  document.verdict.early_stop = slo::EarlyStop{std::chrono::seconds(43), "ErrorRate", "x"};
  EXPECT_TRUE(HasLine(PushgatewayExposition(document), "slogate_run_aborted{" + labels + "} 1"));
}

TEST(PushgatewayExpositionTest, CarriesTheKeyRunFigures) {
  const std::string text = PushgatewayExposition(testing::SampleDocument());
  const std::string labels = kLabels;
  EXPECT_TRUE(HasLine(text, "slogate_error_ratio{" + labels + "} 0.01"));
  EXPECT_TRUE(HasLine(text, "slogate_achieved_rps{" + labels + "} 19.9"));
  EXPECT_TRUE(HasLine(text, "slogate_target_rps{" + labels + "} 20"));
  EXPECT_TRUE(HasLine(text, "slogate_requests_dropped{" + labels + "} 0"));
  EXPECT_TRUE(HasLine(text, "slogate_replication_lag_max_seconds{" + labels + "} 2.8"));
  EXPECT_TRUE(HasLine(text, "slogate_dlq_depth_max{" + labels + "} 1"));
  EXPECT_TRUE(HasLine(text, "slogate_last_run_timestamp_seconds{" + labels + "} 1790000012"));
  EXPECT_NE(text.find("slogate_latency_seconds{" + labels + ",quantile=\"0.95\"} 0.04"),
            std::string::npos)
      << text;
}

TEST(PushgatewayExpositionTest, EscapesLabelValues) {
  ResultsDocument document = testing::SampleDocument();
  document.context.profile = "a\"b\\c\nd";
  const std::string text = PushgatewayExposition(document);
  EXPECT_NE(text.find("profile=\"a\\\"b\\\\c\\nd\""), std::string::npos) << text;
}

TEST(PushgatewayExpositionTest, OmitsRunFiguresWithoutARun) {
  ResultsDocument document;
  const std::string text = PushgatewayExposition(document);
  EXPECT_NE(text.find("slogate_verdict{"), std::string::npos);
  EXPECT_EQ(text.find("slogate_latency_seconds"), std::string::npos);
  EXPECT_EQ(text.find("slogate_replication_lag_max_seconds"), std::string::npos);
}

struct UrlCase {
  std::string name;
  PushgatewayOptions options;
  std::string expected;
};

class PushgatewayGroupUrlTest : public ::testing::TestWithParam<UrlCase> {};

TEST_P(PushgatewayGroupUrlTest, BuildsTheGroupingPath) {
  Result<std::string> url = PushgatewayGroupUrl(GetParam().options);
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(*url, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PushgatewayGroupUrlTest,
    ::testing::Values(
        UrlCase{"Plain", {"http://pg:9091", "slogate", "ci-1", {}},
                "http://pg:9091/metrics/job/slogate/instance/ci-1"},
        UrlCase{"TrailingSlash", {"http://pg:9091/", "slogate", "a", {}},
                "http://pg:9091/metrics/job/slogate/instance/a"},
        UrlCase{"PercentEncoded", {"http://pg", "slo gate", "a:b", {}},
                "http://pg/metrics/job/slo%20gate/instance/a%3Ab"},
        UrlCase{"SlashUsesBase64", {"http://pg", "slogate", "a/b", {}},
                "http://pg/metrics/job/slogate/instance@base64/YS9i"},
        UrlCase{"EmptyInstance", {"http://pg", "slogate", "", {}},
                "http://pg/metrics/job/slogate/instance@base64/="}),
    [](const ::testing::TestParamInfo<UrlCase>& param_info) { return param_info.param.name; });

TEST(PushgatewayGroupUrlTest, RejectsBadOptions) {
  Result<std::string> no_scheme = PushgatewayGroupUrl({"pg:9091", "slogate", "a", {}});
  ASSERT_FALSE(no_scheme.ok());
  EXPECT_EQ(no_scheme.error().code, "bad_option");
  EXPECT_NE(no_scheme.error().message.find("must start with http://"), std::string::npos);
  Result<std::string> no_job = PushgatewayGroupUrl({"http://pg", "", "a", {}});
  ASSERT_FALSE(no_job.ok());
  EXPECT_NE(no_job.error().message.find("job is empty"), std::string::npos);
}

TEST(PushgatewayReporterTest, NamesTheUrlWhenNothingListens) {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  PushgatewayReporter reporter({"http://127.0.0.1:1", "slogate", "a", std::chrono::milliseconds(2000)});
  const Status status = reporter.Report(testing::SampleDocument());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "http_failed");
  EXPECT_NE(status.error().message.find("http://127.0.0.1:1/metrics/job/slogate/instance/a"),
            std::string::npos)
      << status.error().message;
}

}  // namespace
}  // namespace slogate::report
