// Evaluate: every SLO once, in order, and the overall outcome.
#include "slogate/slo/evaluate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "observations_builder.h"
#include "slogate/config/loader.h"

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
  const Finding* error_rate = Evaluate(observations, PointEstimateSlos()).Find("ErrorRate");
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

}  // namespace
}  // namespace slogate::slo
