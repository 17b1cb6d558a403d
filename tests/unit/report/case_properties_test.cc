#include "slogate/report/case_properties.h"

#include <chrono>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "sample_document.h"

namespace slogate::report {
namespace {

// As gtest keeps them: a later property of the same name replaces an earlier one.
std::map<std::string, std::string> Recorded(const slo::Finding& finding,
                                            const slo::Verdict& verdict) {
  std::map<std::string, std::string> recorded;
  for (const CaseProperty& property : CaseProperties(finding, verdict)) {
    recorded[property.name] = property.value;
  }
  return recorded;
}

TEST(CasePropertiesTest, KeepsTheFindingsFiguresAsBefore) {
  const ResultsDocument document = testing::SampleDocument();
  const auto recorded = Recorded(document.verdict.findings[1], document.verdict);
  EXPECT_EQ(recorded.at("outcome"), "PASS");
  EXPECT_EQ(recorded.at("profile"), "burst");
  EXPECT_EQ(recorded.at("environment"), "staging");
  EXPECT_EQ(recorded.at("message"), document.verdict.findings[1].message);
  EXPECT_EQ(recorded.at("measured"), "47.000000");
  EXPECT_EQ(recorded.at("threshold"), "150.000000");
  EXPECT_EQ(recorded.at("unit"), "ms");
  EXPECT_EQ(recorded.at("p95_ms"), "47.000000");
  EXPECT_EQ(recorded.at("count"), "200.000000");
}

TEST(CasePropertiesTest, RecordsTheEvidenceBehindARateVerdict) {
  const ResultsDocument document = testing::SampleDocument();
  const auto recorded = Recorded(document.verdict.findings[0], document.verdict);
  EXPECT_EQ(recorded.at("confidence"), "0.95");
  EXPECT_EQ(recorded.at("point_estimate"), "false");
  EXPECT_EQ(recorded.at("bound"), "0.0356");
  EXPECT_EQ(recorded.at("bound_method"), "clopper-pearson");
  EXPECT_EQ(recorded.at("sample_size"), "200");
  EXPECT_EQ(recorded.at("sample_failures"), "2");
  EXPECT_EQ(recorded.at("effective_sample_size"), "105.3");
  EXPECT_EQ(recorded.at("design_effect"), "1.9");
  EXPECT_EQ(recorded.at("design_effect_measured"), "true");
  EXPECT_EQ(recorded.count("needed"), 0u);
  EXPECT_EQ(recorded.count("proof"), 0u);
}

TEST(CasePropertiesTest, AFindingWithoutEvidenceHasNoEvidenceProperties) {
  const ResultsDocument document = testing::SampleDocument();
  const auto recorded = Recorded(document.verdict.findings[2], document.verdict);
  EXPECT_EQ(recorded.count("confidence"), 0u);
  EXPECT_EQ(recorded.count("sample_size"), 0u);
  EXPECT_EQ(recorded.count("early_stop"), 0u);
}

TEST(CasePropertiesTest, APassOnAPointEstimateSaysItIsNoProof) {
  ResultsDocument document = testing::SampleDocument();
  testing::MakeLatencyAPointEstimate(document);
  slo::Finding& finding = document.verdict.findings[1];
  const auto recorded = Recorded(finding, document.verdict);
  EXPECT_EQ(recorded.at("point_estimate"), "true");
  EXPECT_EQ(recorded.count("bound"), 0u);
  EXPECT_EQ(recorded.at("needed"), finding.evidence->needed);
  EXPECT_EQ(recorded.at("proof"),
            "point estimate, not proof: profile burst has confidence none; 59 OK responses with "
            "none at or above 150 ms would show p95 < 150 ms");
  // The same point estimate under a FAIL is judged on the run's own value, which is no claim
  // about the target beyond the run.
  finding.outcome = slo::Outcome::kFail;
  EXPECT_EQ(Recorded(finding, document.verdict).count("proof"), 0u);
}

TEST(CasePropertiesTest, EveryCaseOfAnAbortedRunNamesTheEarlyStop) {
  ResultsDocument document = testing::SampleDocument();
  document.verdict.early_stop =
      slo::EarlyStop{std::chrono::milliseconds(43'500), "ErrorRate", "errors so far (12) exceed 2"};
  for (const slo::Finding& finding : document.verdict.findings) {
    const auto recorded = Recorded(finding, document.verdict);
    EXPECT_EQ(recorded.at("early_stop"), slo::EarlyStopText(*document.verdict.early_stop));
    EXPECT_EQ(recorded.at("early_stop_at_s"), "43.5");
  }
}

TEST(CasePropertiesTest, EvidenceWinsOverAMeasurementOfTheSameName) {
  ResultsDocument document = testing::SampleDocument();
  slo::Finding& finding = document.verdict.findings[0];
  finding.measurements.push_back({"sample_size", 7, "requests"});
  EXPECT_EQ(Recorded(finding, document.verdict).at("sample_size"), "200");
}

TEST(CasePropertiesTest, RecordsOnePropertyPerPrometheusQuery) {
  const ResultsDocument document = testing::SampleDocumentWithQueries();
  const auto recorded = Recorded(document.verdict.findings[2], document.verdict);
  EXPECT_EQ(recorded.at("prometheus_query_1"),
            R"(max(memory_replicator_lag_seconds{job="gw<1>&"}) (range )"
            "2026-09-21T14:13:20.000Z to 2026-09-21T14:13:34.500Z, step 1s)");
  EXPECT_EQ(recorded.at("prometheus_query_2"),
            R"(memory_replicator_events_total{job="gw<1>&"}[16s] (instant at )"
            "2026-09-21T14:13:34.500Z over samples from 2026-09-21T14:13:18.500Z)");
  EXPECT_EQ(recorded.count("prometheus_query_3"), 0u);
  EXPECT_EQ(Recorded(document.verdict.findings[0], document.verdict).count("prometheus_query_1"),
            0u);
}

}  // namespace
}  // namespace slogate::report
