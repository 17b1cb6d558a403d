// Windowed SLOs: ErrorRate and LatencyP95 per sliding window, sustained breaches.
#include "windowed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <utility>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace slogate::testing;

// `base` (by default judging the whole run by point estimates, so that a run within the
// threshold PASSes whatever its size) with windows of `window`, breaches sustained for
// `sustained`.
SloSet Windowed(std::chrono::nanoseconds window, std::chrono::nanoseconds sustained,
                SloSet base = PointEstimateSlos()) {
  SloSet slos = std::move(base);
  slos.rules.windowed.window = window;
  slos.rules.windowed.sustained = sustained;
  return slos;
}

// A `seconds`-long run at `rps` with `per_second` HTTP 503s in each second of [from, to).
Observations ErrorsIn(int from, int to, uint64_t per_second, double rps = 50, int seconds = 60) {
  Observations observations = Healthy();
  load::RunResult& run = observations.run;
  run = SteadyRun(rps, seconds);
  for (stats::WindowSummary& second : run.per_second) {
    if (second.second >= from && second.second < to) second.errors = per_second;
  }
  const uint64_t errors = per_second * static_cast<uint64_t>(std::max(0, to - from));
  run.ok = run.completed - errors;
  run.errors = errors;
  run.status_counts[200] = run.ok;
  if (errors > 0) run.status_counts[503] = run.error_status_counts[503] = errors;
  run.errors_by_category[load::ErrorCategory::kStatus5xx] = errors;
  return observations;
}

const Measurement* FindMeasurement(const Finding& finding, std::string_view name) {
  for (const Measurement& measurement : finding.measurements) {
    if (measurement.name == name) return &measurement;
  }
  return nullptr;
}

// 2 errors a second for 7 s of a 60 s run at 50 rps: 14 of 3000 (0.467%) for the whole run,
// 14 of 500 (2.8%) in each 10 s window holding all seven seconds; windows holding at least two
// of them (3 of 500 = 0.6%) breach: those starting at +12 s to +25 s, 14 s in all.
Observations HiddenBurst() { return ErrorsIn(20, 27, 2); }

TEST(WindowedErrorRateTest, SustainedBreachTheWholeRunHidesFailsNamingTheWindow) {
  const Observations observations = HiddenBurst();
  ASSERT_EQ(ErrorRate(observations, PointEstimateSlos()).outcome, Outcome::kPass);
  const Finding finding = ErrorRate(observations, Windowed(10s, 5s));
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_EQ(finding.message,
            "ErrorRate FAIL (profile smoke, env local): error rate 2.8% in the window +17 s…+27 s "
            "(14 errors of 500 completions; worst of 14 s breached, ≥ 5 s sustained), while the "
            "whole run's 0.467% is below the 0.5% threshold");
  // The headline stays the whole run's; the windows' figures are measurements.
  EXPECT_DOUBLE_EQ(*finding.measured, 14.0 / 3000);
  ASSERT_NE(FindMeasurement(finding, "worst_window_start_s"), nullptr);
  EXPECT_EQ(FindMeasurement(finding, "worst_window_start_s")->value, 17);
  EXPECT_DOUBLE_EQ(FindMeasurement(finding, "worst_window_error_rate")->value, 0.028);
  EXPECT_EQ(FindMeasurement(finding, "window_breach_sustained_s")->value, 14);
  EXPECT_EQ(FindMeasurement(finding, "windows_judged")->value, 51);
}

TEST(WindowedErrorRateTest, BreachShorterThanSustainedLeavesThePassWithANote) {
  const Observations observations = HiddenBurst();
  const Finding finding = ErrorRate(observations, Windowed(10s, 15s));
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_EQ(finding.message, ErrorRate(observations, PointEstimateSlos()).message +
                                 "; 10 s windows: breached for at most 14 s, < 15 s sustained "
                                 "(worst error rate 2.8% at +17 s…+27 s)");
  EXPECT_EQ(FindMeasurement(finding, "window_breach_longest_s")->value, 14);
  EXPECT_EQ(FindMeasurement(finding, "window_breach_sustained_s")->value, 0);
}

TEST(WindowedErrorRateTest, BreachExactlyAsLongAsSustainedFails) {
  const Finding finding = ErrorRate(HiddenBurst(), Windowed(10s, 14s));
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("worst of 14 s breached, ≥ 14 s sustained"));
}

TEST(WindowedErrorRateTest, WindowsTooSmallToTellAreNotJudged) {
  // 15 rps: 150 completions a window, where one error would already be 0.67%. All 4 errors
  // of the run in one second are 2.7% of every window holding it, and still no breach.
  const Finding finding = ErrorRate(ErrorsIn(30, 31, 4, 15), Windowed(10s, 1s));
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("; 10 s windows: none judged (fewer than 201 completions in each of 51)"));
  EXPECT_EQ(FindMeasurement(finding, "windows_judged")->value, 0);
  EXPECT_EQ(FindMeasurement(finding, "worst_window_start_s"), nullptr);
}

TEST(WindowedErrorRateTest, DisabledRulesChangeNothing) {
  const Observations observations = HiddenBurst();
  const Finding finding = ErrorRate(observations, Windowed(0s, 5s));  // no window: off
  EXPECT_EQ(finding.outcome, Outcome::kPass);
  EXPECT_THAT(finding.message, StartsWith("ErrorRate PASS (profile smoke, env local): error rate "
                                          "0.467% < 0.5% threshold (14 errors + 0 dropped of "
                                          "3000: HTTP 503 × 14)"));
  EXPECT_THAT(finding.message, Not(HasSubstr("window")));
  EXPECT_EQ(FindMeasurement(finding, "windows_judged"), nullptr);
}

TEST(WindowedErrorRateTest, TheDrainAndTheFinalPartSecondAreNotJudged) {
  Observations observations = ErrorsIn(0, 0, 0);
  load::RunResult& run = observations.run;
  run.sending_time = 60s + 500ms;
  // The last part second and the drain: few completions, every one of them an error.
  for (int64_t second : {60, 61}) {
    stats::WindowSummary tail;
    tail.second = second;
    tail.count = tail.errors = 50;
    run.per_second.push_back(tail);
  }
  const Finding finding = ErrorRate(observations, Windowed(5s, 1s));
  EXPECT_THAT(finding.message, HasSubstr("none breached"));
  EXPECT_EQ(FindMeasurement(finding, "windows_judged")->value, 56);
}

TEST(WindowedErrorRateTest, InconclusiveForWantOfProofBecomesAFail) {
  // At 95% confidence the clustered errors leave the whole run unproven, not breached.
  const Observations observations = HiddenBurst();
  const Finding unproven = ErrorRate(observations, DefaultSlos());
  ASSERT_EQ(unproven.outcome, Outcome::kInconclusive) << unproven.message;
  ASSERT_THAT(unproven.message, HasSubstr("not enough requests to tell"));
  const Finding finding = ErrorRate(observations, Windowed(10s, 5s, DefaultSlos()));
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr(": error rate 2.8% in the window +17 s…+27 s"));
  ASSERT_TRUE(finding.evidence.has_value());  // the whole run's bound is kept beside
}

TEST(WindowedErrorRateTest, AnUntrustworthyMeasurementStaysInconclusive) {
  Observations observations = HiddenBurst();
  observations.run.send_lateness = stats::Histogram();
  observations.run.send_lateness.RecordCount(200ms, observations.run.sent);
  const Finding finding = ErrorRate(observations, Windowed(10s, 5s));
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("fell behind its schedule"));
  EXPECT_THAT(finding.message, Not(HasSubstr("window")));
}

TEST(WindowedErrorRateTest, AWholeRunFailKeepsItsWording) {
  const Observations observations = ErrorsIn(20, 40, 5);  // 100 of 3000
  const Finding finding = ErrorRate(observations, Windowed(10s, 5s));
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_EQ(finding.message, ErrorRate(observations, PointEstimateSlos()).message);
  EXPECT_EQ(FindMeasurement(finding, "window_breach_sustained_s")->value, 29);
}

TEST(MinCompletionsPerWindowTest, OneErrorCannotBreachAWindowOfThatSize) {
  EXPECT_EQ(internal::MinCompletionsPerWindow(0.005), 201u);
  EXPECT_EQ(internal::MinCompletionsPerWindow(0.01), 101u);
  EXPECT_EQ(internal::MinCompletionsPerWindow(0.3), 4u);
  EXPECT_EQ(internal::MinCompletionsPerWindow(0), 1u);
}

// A 60 s run at 50 rps whose OK responses take 20 ms, except 5 a second at 400 ms over
// [30 s, 40 s): 50 of 3000 (1.7%) for the whole run, up to 50 of 500 (10%) in a 10 s window.
// A window breaches with more than 25 slow ones: those starting at +26 s to +34 s, 9 s.
Observations SlowStretch(std::chrono::nanoseconds latency_mark) {
  Observations observations = Healthy();
  load::RunResult& run = observations.run;
  run = SteadyRun(50, 60);
  run.latency_mark = latency_mark;
  run.latency = run.ok_latency = stats::Histogram();
  run.ok_latency.RecordCount(20ms, 2950);
  run.ok_latency.RecordCount(400ms, 50);
  run.latency = run.ok_latency;
  for (stats::WindowSummary& second : run.per_second) {
    if (second.second >= 30 && second.second < 40) second.ok_slow = 5;
  }
  return observations;
}

TEST(WindowedLatencyTest, SlowWindowsCountedPerSecondFailNamingTheWindow) {
  const Observations observations = SlowStretch(300ms);
  ASSERT_EQ(LatencyP95(observations, PointEstimateSlos()).outcome, Outcome::kPass);
  const Finding finding = LatencyP95(observations, Windowed(10s, 5s));
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_EQ(finding.message,
            "LatencyP95 FAIL (profile smoke, env local): p95 at or above 300 ms in the window "
            "+30 s…+40 s (50 of its 500 OK responses, 10%, took 300 ms or more; worst of 9 s "
            "breached, ≥ 5 s sustained), while the whole run's p95 20 ms is below the 300 ms "
            "threshold");
  EXPECT_DOUBLE_EQ(FindMeasurement(finding, "worst_window_slow_share")->value, 0.1);
}

TEST(WindowedLatencyTest, ExactlyFivePercentSlowIsNotABreach) {
  // Nearest rank: 25 of 500 at or above the threshold leaves the 475th value below it.
  Observations observations = SlowStretch(300ms);
  for (stats::WindowSummary& second : observations.run.per_second) {
    second.ok_slow = second.second >= 30 && second.second < 35 ? 5 : 0;
  }
  const Finding finding = LatencyP95(observations, Windowed(10s, 1s));
  EXPECT_EQ(finding.outcome, Outcome::kPass) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("none breached (worst 5% of OK responses"));
}

TEST(WindowedLatencyTest, WithoutSlowCountsAgainstTheThresholdWindowsAreNotJudged) {
  const Finding unmarked = LatencyP95(SlowStretch(0ms), Windowed(10s, 5s));
  EXPECT_EQ(unmarked.outcome, Outcome::kPass);
  EXPECT_THAT(unmarked.message,
              HasSubstr("; 10 s windows of latency not judged: the run did not count, per second, "
                        "the OK responses at or above the 300 ms threshold"));
  const Finding other_mark = LatencyP95(SlowStretch(200ms), Windowed(10s, 5s));
  EXPECT_EQ(other_mark.outcome, Outcome::kPass);
  EXPECT_THAT(other_mark.message,
              HasSubstr("the run counted slow responses against 200 ms, not the 300 ms threshold"));
}

TEST(WindowedLatencyTest, WindowsWithFewerThanTwentyOkResponsesAreNotJudged) {
  Observations observations = SlowStretch(300ms);
  for (stats::WindowSummary& second : observations.run.per_second) second.count = 1;
  const Finding finding = LatencyP95(observations, Windowed(10s, 1s));
  EXPECT_THAT(finding.message, HasSubstr("none judged (fewer than 20 OK responses in each of 51)"));
}

internal::WindowRule OneSecondRule(int64_t sustained) {
  internal::WindowRule rule;
  rule.sustained_seconds = sustained;
  rule.min_trials = 10;
  rule.breaches = [](const stats::WindowTally& tally) { return tally.failures > 0; };
  return rule;
}

TEST(ScanWindowsTest, AWindowNotJudgedEndsABreach) {
  const std::vector<stats::WindowTally> seconds = {{10, 1}, {10, 1}, {5, 5}, {10, 1}, {10, 1}};
  const internal::WindowScan scan = internal::ScanWindows(seconds, OneSecondRule(3));
  EXPECT_EQ(scan.windows, 5);
  EXPECT_EQ(scan.judged, 4);
  EXPECT_EQ(scan.longest_breach_seconds, 2);
  EXPECT_EQ(scan.sustained_breaches, 0);
}

TEST(ScanWindowsTest, TheWorstWindowIsTakenFromTheSustainedBreaches) {
  // A one-second spike of 90% before a sustained 20%, then a second sustained spell.
  const std::vector<stats::WindowTally> seconds = {{10, 9}, {10, 0}, {10, 2}, {10, 2},
                                                   {10, 3}, {10, 0}, {10, 1}, {10, 1}};
  const internal::WindowScan scan = internal::ScanWindows(seconds, OneSecondRule(2));
  EXPECT_EQ(scan.sustained_breaches, 2);
  EXPECT_EQ(scan.sustained_breach_seconds, 5);
  EXPECT_EQ(scan.longest_breach_seconds, 3);
  EXPECT_EQ(scan.worst.start_second, 4);
  EXPECT_DOUBLE_EQ(scan.worst.share(), 0.3);
}

TEST(ScanWindowsTest, ARunShorterThanAWindowHasNone) {
  internal::WindowRule rule = OneSecondRule(1);
  rule.window_seconds = 10;
  const internal::WindowScan scan = internal::ScanWindows({{10, 1}, {10, 1}}, rule);
  EXPECT_EQ(scan.windows, 0);
  EXPECT_EQ(scan.judged, 0);
}

}  // namespace
}  // namespace slogate::slo
