// CertainBreach: the fail-fast rule on a live run, for each SLO it can stop for, and for every
// signal that must never stop a run (connect errors, drops at the cap, probe errors, a cap too
// small for the rate, the grace period, the rule switched off).
#include "slogate/slo/early_breach.h"

#include <gtest/gtest.h>

#include <string_view>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using namespace slogate::testing;

// Fail-fast on, with a 10 s grace; default thresholds (0.5% errors, p95 300 ms, lag 2 s after
// a 3 s warm-up, 10 s recovery after each burst).
SloSet FailFastSlos() {
  SloSet slos = DefaultSlos();
  slos.rules.abort_on_breach.enabled = true;
  slos.rules.abort_on_breach.grace = 10s;
  return slos;
}

// 20 s into a run of 600 planned requests (30/s for 20 s), with enough slots for the rate.
LiveRun LiveAt20s() {
  LiveRun live;
  live.started_at = RunStart();
  live.planned = 600;
  live.concurrency = 50;
  live.peak_rps = 30;
  live.progress.elapsed = 20s;
  live.progress.sent = 600;
  live.progress.completed = 600;
  live.progress.ok = 600;
  return live;
}

LiveRun LiveWithErrors(uint64_t errors, uint64_t connect_errors = 0) {
  LiveRun live = LiveAt20s();
  live.progress.errors = errors;
  live.progress.connect_errors = connect_errors;
  live.progress.ok -= errors;
  return live;
}

// A read-back acknowledged at `acked` (offset from the start), asked last with a 404 at
// `last_absent`.
scrape::LagProbe LateProbe(std::chrono::nanoseconds acked, std::chrono::nanoseconds last_absent,
                       scrape::ProbeOutcome outcome = scrape::ProbeOutcome::kUnfinished) {
  scrape::LagProbe probe;
  probe.event_id = "e-1";
  probe.acked_at = RunStart() + acked;
  probe.last_absent_at = RunStart() + last_absent;
  probe.outcome = outcome;
  return probe;
}

// Expects `live` to stop the run for `slo`, with `reason`, at its elapsed time.
void ExpectStop(const LiveRun& live, std::string_view slo, std::string_view reason) {
  const auto stop = CertainBreach(live, FailFastSlos());
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->slo, slo);
  EXPECT_EQ(stop->at, live.progress.elapsed);
  EXPECT_EQ(stop->reason, reason);
  EXPECT_EQ(EarlyStopText(*stop), "aborted at +20 s: " + stop->slo + ": " + stop->reason);
}

TEST(CertainBreachTest, ErrorsPastWhatTheWholeRunMayHaveStopIt) {
  // 0.5% of 600 is 3: the run may have 2 errors and stay under the threshold.
  EXPECT_FALSE(CertainBreach(LiveWithErrors(2), FailFastSlos()).has_value());
  ExpectStop(LiveWithErrors(3), "ErrorRate",
             "3 errors so far already exceed the 2 that the whole "
             "run of at most 600 requests may have for an error rate under 0.5%");
}

TEST(CertainBreachTest, OffItNeverStops) {
  SloSet slos = FailFastSlos();
  slos.rules.abort_on_breach.enabled = false;
  EXPECT_FALSE(CertainBreach(LiveWithErrors(600), slos).has_value());
}

TEST(CertainBreachTest, NothingBeforeTheGracePeriodEnds) {
  LiveRun live = LiveWithErrors(300);
  live.progress.elapsed = 9s;
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
  live.progress.elapsed = 10s;
  EXPECT_TRUE(CertainBreach(live, FailFastSlos()).has_value());
}

TEST(CertainBreachTest, ConnectErrorsOfATargetThatNeverAnsweredNeverCount) {
  // A target that no request reached is INCONCLUSIVE, not a breach.
  LiveRun never_there = LiveWithErrors(600, 600);
  ASSERT_EQ(never_there.progress.ok, 0u);
  EXPECT_FALSE(CertainBreach(never_there, FailFastSlos()).has_value());
}

TEST(CertainBreachTest, ConnectErrorsOfATargetThatAnsweredAndThenWentAwayCount) {
  // It answered 498 requests, then refused connections: its users saw those errors, and the
  // final judgement counts them (the target was reachable).
  const auto stop = CertainBreach(LiveWithErrors(102, 100), FailFastSlos());
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->reason.substr(0, 53), "102 errors so far (100 of them could not connect) alr");
}

TEST(CertainBreachTest, DropsAtTheCapNeverCount) {
  LiveRun live = LiveAt20s();
  live.progress.dropped = 500;
  live.progress.ok = 100;
  live.progress.completed = 100;
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
}

TEST(CertainBreachTest, ThePlannedCountIsTheDenominator) {
  // 3 errors among the 100 completed so far are 3%, but 600 planned may still dilute them.
  LiveRun live = LiveWithErrors(2);
  live.progress.completed = 100;
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
  live.planned = 0;  // unknown: nothing is certain
  live.progress.errors = 100;
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
}

TEST(CertainBreachTest, MoreSlowAnswersThanAP95OfTheWholeRunHoldsStopIt) {
  LiveRun live = LiveAt20s();
  live.progress.ok_slow = 30;  // 5% of 600: the p95 may still end under the threshold
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
  live.progress.ok_slow = 31;
  ExpectStop(live, "LatencyP95",
             "31 OK responses so far took 300 ms or longer, more than the 30 (5%) that a p95 "
             "under 300 ms allows in the whole run of at most 600 requests");
}

TEST(CertainBreachTest, SlowAnswersBehindACapTooSmallForTheRateNeverCount) {
  LiveRun live = LiveAt20s();
  live.progress.ok_slow = 300;
  live.concurrency = 5;  // 30/s at 300 ms needs 9 in flight: the profile may be to blame
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
}

TEST(CertainBreachTest, TooFewOkAnswersForAP95NeverCount) {
  LiveRun live = LiveWithErrors(0);
  live.progress.ok = 19;
  live.progress.ok_slow = 19;
  live.planned = 20;
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
  live.progress.ok = 20;
  live.progress.ok_slow = 20;
  EXPECT_TRUE(CertainBreach(live, FailFastSlos()).has_value());
}

TEST(CertainBreachTest, AWriteKnownLatePastTheBoundStopsIt) {
  LiveRun live = LiveAt20s();
  live.lagging = {LateProbe(5s, 7500ms)};
  ExpectStop(live, "ReplicationLag",
             "the read-back of event_id \"e-1\", acknowledged at +5 s, still answered 404 2.5 s "
             "later, over the 2 s bound outside the warm-up and every burst's recovery window");
}

TEST(CertainBreachTest, LateWritesInTheWarmUpOrABurstsRecoveryNeverCount) {
  LiveRun live = LiveAt20s();
  live.burst_windows = {{8s, 10s}};  // tolerated until +20 s
  live.progress.elapsed = 25s;
  live.lagging = {LateProbe(1s, 4s), LateProbe(9s, 12s), LateProbe(19s, 22s)};
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
  live.lagging.push_back(LateProbe(21s, 24s));
  EXPECT_TRUE(CertainBreach(live, FailFastSlos()).has_value());
}

TEST(CertainBreachTest, ProbeErrorsAndUndecidedProbesNeverCount) {
  LiveRun live = LiveAt20s();
  // Read-backs that failed prove no absence: no 404 after the acknowledgement.
  live.lagging = {LateProbe(5s, 5s, scrape::ProbeOutcome::kError), LateProbe(6s, 7s)};
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
}

TEST(CertainBreachTest, TheLagRuleAppliesToTheWritePathOnly) {
  LiveRun live = LiveAt20s();
  live.write_path = false;
  live.lagging = {LateProbe(5s, 9s)};
  EXPECT_FALSE(CertainBreach(live, FailFastSlos()).has_value());
}

}  // namespace
}  // namespace slogate::slo
