// Evaluate: every SLO once, in order, and the overall outcome.
#include "slogate/slo/evaluate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "observations_builder.h"
#include "slogate/config/loader.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo {
namespace {

using namespace slogate::testing;

TEST(EvaluateTest, HealthyObservationsPassEverySlo) {
  const Verdict verdict = Evaluate(Healthy(), PointEstimateSlos());
  ASSERT_EQ(verdict.findings.size(), SloNames().size());
  for (size_t i = 0; i < verdict.findings.size(); ++i) {
    EXPECT_EQ(verdict.findings[i].slo, SloNames()[i]);
    EXPECT_EQ(verdict.findings[i].outcome, Outcome::kPass) << verdict.findings[i].message;
    EXPECT_EQ(verdict.findings[i].profile, "smoke");
    EXPECT_EQ(verdict.findings[i].environment, "local");
  }
  EXPECT_EQ(verdict.overall, Outcome::kPass);
}

TEST(EvaluateTest, OneBreachFailsOnlyThatSlo) {
  Observations observations = Healthy();
  observations.audit->found = 199;
  observations.audit->missing_count = 1;
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  EXPECT_EQ(verdict.overall, Outcome::kFail);
  for (const Finding& finding : verdict.findings) {
    EXPECT_EQ(finding.outcome, finding.slo == "ZeroLoss" ? Outcome::kFail : Outcome::kPass)
        << finding.message;
  }
}

TEST(EvaluateTest, ExportEndpointSkipsTheWriteMetricSlos) {
  Observations observations = Healthy();
  observations.endpoint = "export";
  observations.write_path = false;
  SloSet slos = PointEstimateSlos();
  slos.checks.by_slo["Reconciliation"] = config::Requirement::kOptional;
  const Verdict verdict = Evaluate(observations, slos);
  // Reconciliation too: the export endpoint has no server histogram here.
  for (const char* slo : {"WriteThroughAttempts", "WriteThroughResultsOk", "WalResultsOk",
                          "ReplicationLag", "DlqDepth", "ZeroLoss", "Reconciliation"}) {
    ASSERT_NE(verdict.Find(slo), nullptr);
    EXPECT_EQ(verdict.Find(slo)->outcome, Outcome::kSkipped) << slo;
  }
  EXPECT_EQ(verdict.Find("ErrorRate")->outcome, Outcome::kPass);
  EXPECT_EQ(verdict.overall, Outcome::kPass);
}

TEST(EvaluateTest, SaturatedGeneratorIsInconclusiveOverall) {
  Observations observations = Healthy();
  observations.run.target_rps = 1'000'000;
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  EXPECT_EQ(verdict.Find("ErrorRate")->outcome, Outcome::kInconclusive);
  EXPECT_EQ(verdict.Find("LatencyP95")->outcome, Outcome::kInconclusive);
  EXPECT_EQ(verdict.overall, Outcome::kInconclusive);
}

TEST(EvaluateTest, MetricsEndpointDownMakesMetricSlosInconclusive) {
  Observations observations = Healthy();
  observations.after = FailedSet("connection refused");
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  for (const char* slo : {"WriteThroughAttempts", "WriteThroughResultsOk", "WalResultsOk",
                          "DlqDepth", "Reconciliation"}) {
    EXPECT_EQ(verdict.Find(slo)->outcome, Outcome::kInconclusive) << slo;
  }
  EXPECT_EQ(verdict.Find("ErrorRate")->outcome, Outcome::kPass);
  EXPECT_EQ(verdict.overall, Outcome::kInconclusive);
}

// A healthy run that stopped sending after `sent` of `scheduled`.
Observations StoppedAfter(uint64_t sent, uint64_t scheduled) {
  Observations observations = Healthy();
  observations.run.sent = sent;
  observations.run.scheduled = scheduled;
  return observations;
}

// Ctrl-C four seconds into the smoke profile: 20 of 75 sent.
Observations Interrupted() {
  Observations observations = StoppedAfter(20, 75);
  observations.run.interrupted = true;
  return observations;
}

// Ten of the OK responses turned into errors with `status`.
void WithErrorStatus(Observations& observations, int status) {
  observations.run.ok -= 10;
  observations.run.errors = 10;
  observations.run.error_status_counts[status] = 10;
}

TEST(EvaluateTest, AnInterruptedRunPassesNothing) {
  const Verdict verdict = Evaluate(Interrupted(), PointEstimateSlos());
  EXPECT_EQ(verdict.overall, Outcome::kInconclusive);
  for (const Finding& finding : verdict.findings) {
    EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  }
  const Finding* latency = verdict.Find("LatencyP95");
  ASSERT_NE(latency, nullptr);
  EXPECT_THAT(latency->message,
              ::testing::StartsWith(
                  "LatencyP95 INCONCLUSIVE (profile smoke, env local): cannot judge, the "
                  "measurement is not trustworthy: the run was interrupted after sending 20 of "
                  "75 scheduled requests: a partial run does not show that the SLO held; run the "
                  "profile to its end (measured so far: p95 20"));
  EXPECT_TRUE(latency->measured.has_value());
}

TEST(EvaluateTest, ASignalAfterSendingPassesNothingEither) {
  // Every request went out, but the drain, the audit and the tail's sampling were cut short.
  Observations observations = Healthy();
  observations.interrupted_after_sending = true;
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  EXPECT_EQ(verdict.overall, Outcome::kInconclusive);
  for (const Finding& finding : verdict.findings) {
    EXPECT_NE(finding.outcome, Outcome::kPass) << finding.message;
  }
  const Finding* error_rate = verdict.Find("ErrorRate");
  ASSERT_NE(error_rate, nullptr);
  EXPECT_THAT(error_rate->message,
              ::testing::HasSubstr("the run was interrupted after sending, before the drain, "
                                   "audit and sampling had ended"));
}

// The signal skipped the scrape after the load: no finding may read as a target that does not
// expose its metrics or a suite without METRICS_URLS, nor be SKIPPED for it.
TEST(EvaluateTest, WhatASignalSkippedIsBlamedOnTheSignal) {
  Observations observations = Interrupted();
  observations.after = scrape::ScrapeSet{};
  observations.stop_signal = "SIGINT";
  observations.stopped_during = "the load";
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  EXPECT_EQ(verdict.overall, Outcome::kInconclusive);
  for (const Finding& finding : verdict.findings) {
    EXPECT_NE(finding.outcome, Outcome::kSkipped) << finding.message;
    EXPECT_THAT(finding.message, ::testing::Not(::testing::HasSubstr("METRICS_URLS")));
    EXPECT_THAT(finding.message, ::testing::Not(::testing::HasSubstr("exposed")));
    if (finding.outcome == Outcome::kInconclusive) {
      EXPECT_THAT(finding.message, ::testing::HasSubstr("interrupted by SIGINT during the load"));
    }
  }
}

TEST(EvaluateTest, AnInterruptNamesItsSignalAndPhase) {
  Observations observations = Healthy();
  observations.interrupted_after_sending = true;
  observations.stop_signal = "SIGTERM";
  observations.stopped_during = "the drain";
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  const Finding* error_rate = verdict.Find("ErrorRate");
  ASSERT_NE(error_rate, nullptr);
  EXPECT_EQ(error_rate->outcome, Outcome::kInconclusive);
  EXPECT_THAT(error_rate->message,
              ::testing::HasSubstr("the run was interrupted by SIGTERM after sending, during the "
                                   "drain: a partial run does not show that the SLO held"));
}

// abort_on_breach stopped sending 12 s into the run, 120 of 600 sent.
Observations Aborted() {
  Observations observations = StoppedAfter(120, 600);
  observations.run.aborted = true;
  observations.early_stop = EarlyStop{std::chrono::seconds(12), "ErrorRate", "9 errors so far"};
  return observations;
}

TEST(EvaluateTest, AnAbortedRunPassesNothingAndSaysWhenAndWhy) {
  const Verdict verdict = Evaluate(Aborted(), DefaultSlos());
  EXPECT_EQ(verdict.overall, Outcome::kInconclusive);
  for (const Finding& finding : verdict.findings) {
    EXPECT_NE(finding.outcome, Outcome::kPass) << finding.message;
  }
  ASSERT_TRUE(verdict.early_stop.has_value());
  EXPECT_EQ(verdict.early_stop->slo, "ErrorRate");
  EXPECT_EQ(verdict.early_stop->at, std::chrono::seconds(12));
  EXPECT_THAT(verdict.Find("LatencyP95")->message,
              ::testing::StartsWith(
                  "LatencyP95 INCONCLUSIVE (profile smoke, env local): not judged: the run was "
                  "aborted at +12 s (ErrorRate: 9 errors so far); 120 of 600 scheduled were "
                  "sent: a partial run does not show that the SLO held (measured so far: p95 20"));
  // Already INCONCLUSIVE for want of evidence: it says the run was cut short as well.
  EXPECT_THAT(verdict.Find("WalResultsOk")->message,
              ::testing::HasSubstr("; the run was aborted at +12 s (ErrorRate: "));
}

TEST(EvaluateTest, AnAbortedRunKeepsTheFailureThatStoppedIt) {
  Observations observations = Aborted();
  WithErrorStatus(observations, 500);
  const Verdict verdict = Evaluate(observations, DefaultSlos());
  EXPECT_EQ(verdict.overall, Outcome::kFail);
  EXPECT_EQ(verdict.Find("ErrorRate")->outcome, Outcome::kFail);
  EXPECT_EQ(verdict.Find("LatencyP95")->outcome, Outcome::kInconclusive);
}

TEST(EvaluateTest, AWholeRunHasNoEarlyStop) {
  EXPECT_FALSE(Evaluate(Healthy(), DefaultSlos()).early_stop.has_value());
}

TEST(EvaluateTest, AnInterruptedRunKeepsItsFailuresAndSkips) {
  Observations observations = Interrupted();
  observations.write_path = false;  // the write-metric SLOs are SKIPPED
  WithErrorStatus(observations, 503);
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  EXPECT_EQ(verdict.overall, Outcome::kFail);
  EXPECT_EQ(verdict.Find("ErrorRate")->outcome, Outcome::kFail);
  EXPECT_EQ(verdict.Find("ZeroLoss")->outcome, Outcome::kSkipped);
  EXPECT_EQ(verdict.Find("LatencyP95")->outcome, Outcome::kInconclusive);
}

TEST(EvaluateTest, SloSetForTakesTheConfigsEnvironmentThresholdsAndChecks) {
  config::Config config;
  config.environment = config::Environment::kStaging;
  config.thresholds.latency_p95 = std::chrono::milliseconds(150);
  config.checks.by_slo["ZeroLoss"] = config::Requirement::kOptional;
  const SloSet slos = SloSetFor(config);
  EXPECT_EQ(slos.environment, config::Environment::kStaging);
  EXPECT_EQ(slos.thresholds.latency_p95, std::chrono::milliseconds(150));
  EXPECT_EQ(slos.checks.For("ZeroLoss"), config::Requirement::kOptional);
}

// Metrics read from Prometheus: one query per metric family, each naming its family.
scrape::PrometheusEvidence PrometheusQueries() {
  scrape::PrometheusEvidence evidence;
  evidence.url = "http://prom:9090";
  evidence.selector = R"({job="gateway"})";
  evidence.scrape_interval = 1s;  // fine enough for the 2 s lag bound
  for (const std::string& metric : MetricsRead()) {
    scrape::PromQuery query;
    query.metric = metric;
    query.promql = metric + R"({job="gateway"}[40s])";
    query.start = RunStart() - 5s;
    query.end = RunStart() + 35s;
    evidence.queries.push_back(query);
  }
  return evidence;
}

TEST(EvaluateTest, EachFindingCarriesTheQueriesOfTheMetricsItReads) {
  Observations observations = Healthy();
  observations.prometheus = PrometheusQueries();
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  for (const Finding& finding : verdict.findings) {
    std::vector<std::string> promql;
    for (const SourceQuery& query : finding.queries) {
      promql.push_back(query.promql);
      EXPECT_EQ(query.start, RunStart() - 5s);
      EXPECT_EQ(query.end, RunStart() + 35s);
      EXPECT_EQ(query.step, std::chrono::milliseconds(0));
    }
    std::vector<std::string> expected;
    for (std::string_view metric : MetricsReadBy(finding.slo)) {
      expected.push_back(std::string(metric) + R"({job="gateway"}[40s])");
    }
    EXPECT_EQ(promql, expected) << finding.slo;
  }
  EXPECT_TRUE(verdict.Find("ErrorRate")->queries.empty());
  EXPECT_EQ(verdict.Find("ReplicationLag")->queries.size(), 3u);
}

TEST(EvaluateTest, DirectScrapesCarryNoQueries) {
  for (const Finding& finding : Evaluate(Healthy(), PointEstimateSlos()).findings) {
    EXPECT_TRUE(finding.queries.empty()) << finding.slo;
  }
}

struct ProblemCase {
  std::string name;
  std::string_view metric;  // what Prometheus could not show
  std::vector<std::string_view> inconclusive;  // the findings it decides
};

class PrometheusProblemTest : public ::testing::TestWithParam<ProblemCase> {};

// A metric Prometheus could not show makes INCONCLUSIVE every finding its data decides, with
// Prometheus's text, and leaves the others as they were.
TEST_P(PrometheusProblemTest, MakesTheFindingsThatReadItInconclusive) {
  const std::string problem = "Prometheus has no sample of " + std::string(GetParam().metric) +
                              " after the run ended (scrape interval 30 s?)";
  Observations observations = Healthy();
  observations.prometheus = PrometheusQueries();
  observations.prometheus->problems[std::string(GetParam().metric)] = problem;
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  EXPECT_EQ(verdict.overall, Outcome::kInconclusive);
  for (const Finding& finding : verdict.findings) {
    const auto& expected = GetParam().inconclusive;
    if (std::find(expected.begin(), expected.end(), finding.slo) != expected.end()) {
      EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
      EXPECT_THAT(finding.message, ::testing::HasSubstr(problem));
    } else {
      EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Metrics, PrometheusProblemTest,
    ::testing::Values(
        ProblemCase{"Attempts", kWriteThroughAttempts, {"WriteThroughAttempts", "Reconciliation"}},
        ProblemCase{"Results", kWriteThroughResults, {"WriteThroughResultsOk"}},
        // The WAL counter feeds ReplicationLag's write accounting, which only proves breaches:
        // without it the gauge decides, as when the accounting has no data.
        ProblemCase{"WalResults", kWalResults, {"WalResultsOk"}},
        ProblemCase{"Lag", kReplicatorLag, {"ReplicationLag"}},
        // ZeroLoss reads the events only to prove a loss the audit found; the audit decides.
        ProblemCase{"Events", kReplicatorEvents, {"ReplicationLag"}},
        ProblemCase{"Dlq", kDlqDepth, {"DlqDepth"}},
        ProblemCase{"RequestCount", kRequestSecondsCount, {"Reconciliation"}}),
    [](const ::testing::TestParamInfo<ProblemCase>& param_info) { return param_info.param.name; });

// A range query repeats each series' latest sample at every step, and Prometheus scrapes each
// target at its own offset: with a scrape interval over half the lag bound, the sampled gauge
// and the write accounting cannot judge it (the read-back probes, absent here, could).
TEST(EvaluateTest, ThroughPrometheusScrapesTooCoarseForTheLagBoundLeaveTheLagOpen) {
  Observations observations = Healthy();
  observations.prometheus = PrometheusQueries();
  observations.prometheus->scrape_interval = 30s;
  const Finding* lag = nullptr;
  const Verdict coarse = Evaluate(observations, PointEstimateSlos());
  lag = coarse.Find("ReplicationLag");
  EXPECT_EQ(lag->outcome, Outcome::kInconclusive) << lag->message;
  EXPECT_THAT(lag->message, ::testing::HasSubstr("Prometheus scrapes every 30 s, too coarse for "
                                                 "the 2 s lag bound"));
  EXPECT_EQ(coarse.Find("WalResultsOk")->outcome, Outcome::kPass);  // counters are exact

  observations.prometheus->scrape_interval = std::chrono::milliseconds(0);
  const Verdict unknown = Evaluate(observations, PointEstimateSlos());
  lag = unknown.Find("ReplicationLag");
  EXPECT_EQ(lag->outcome, Outcome::kInconclusive) << lag->message;
  EXPECT_THAT(lag->message, ::testing::HasSubstr("did not report its scrape interval"));

  observations.prometheus->scrape_interval = 1s;
  EXPECT_EQ(Evaluate(observations, PointEstimateSlos()).Find("ReplicationLag")->outcome,
            Outcome::kPass);
}

TEST(EvaluateTest, ThroughPrometheusAnOffFeatureIsAMissingMetric) {
  // Prometheus keeps no family without series: what a direct scrape shows as exposed and
  // empty (write-through off, SKIPPED) arrives as absent, and stays a missing metric.
  Observations observations = WithExposition(
      "# TYPE gateway_write_through_attempts_total counter\n"
      "# TYPE gateway_write_through_results_total counter\n"
      "# TYPE gateway_write_through_wal_results_total counter\n"
      "gateway_dlq_depth 0\n");
  ASSERT_EQ(Evaluate(observations, PointEstimateSlos()).Find("WalResultsOk")->outcome,
            Outcome::kSkipped);
  observations.prometheus = PrometheusQueries();
  const Verdict verdict = Evaluate(observations, PointEstimateSlos());
  for (std::string_view slo : {"WriteThroughAttempts", "WriteThroughResultsOk", "WalResultsOk"}) {
    const Finding* finding = verdict.Find(slo);
    EXPECT_EQ(finding->outcome, Outcome::kInconclusive) << finding->message;
    EXPECT_THAT(finding->message, ::testing::HasSubstr("is missing"));
    EXPECT_THAT(finding->message, ::testing::Not(::testing::HasSubstr("is off on the target")));
  }
}

}  // namespace
}  // namespace slogate::slo
