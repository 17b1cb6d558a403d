#include "fault_cases.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <string_view>

#include "slogate/config/config.h"
#include "slogate/suite/exit_code.h"
#include "target_env.h"

// The cases below name only the fields that differ from a healthy run; the members they leave
// out keep their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace slogate::selftest {

// Names the case in gtest's output instead of dumping its bytes.
void PrintTo(const FaultCase& fault, std::ostream* out) { *out << fault.name; }

Expectation Pass(std::string contains) { return {CaseOutcome::kPass, std::move(contains)}; }
Expectation Fail(std::string contains) { return {CaseOutcome::kFail, std::move(contains)}; }
Expectation Inconclusive(std::string contains) {
  return {CaseOutcome::kInconclusive, std::move(contains)};
}


std::vector<FaultCase> FaultCases() {
  std::vector<FaultCase> cases;
  cases.push_back({.name = "Healthy"});
  cases.push_back(
      {.name = "LatencyOverDevThreshold",
       .faults = R"({"latency":{"fixed_ms":400}})",
       .environment = "dev",
       .expected = {{"LatencyP95", Fail("LatencyP95 FAIL (profile steady, env dev)")}}});
  cases.push_back({.name = "LatencyBreaksStaging",
                   .faults = R"({"latency":{"fixed_ms":200}})",
                   .environment = "staging",
                   .expected = {{"LatencyP95", Fail("> 150 ms threshold")}}});
  cases.push_back({.name = "SameLatencyHoldsInDev",
                   .faults = R"({"latency":{"fixed_ms":200}})",
                   .environment = "dev"});
  cases.push_back(
      {.name = "ErrorRateOnePercent",
       .faults = R"({"error":{"status":500,"every":100}})",
       .expected = {{"ErrorRate", Fail("ErrorRate FAIL (profile steady, env local)")}}});
  cases.push_back({.name = "ReplicatorSlowed",
                   .faults = R"({"replicator":{"delay_ms":45}})",
                   .expected = {{"ReplicationLag", Fail("ReplicationLag FAIL")}}});
  // 20 rps baseline: message 45 is accepted at about 2.1 s, inside the burst window [2 s, 4 s)
  // whose recovery window ends at 7 s; the 2.5 s stall ends well before that.
  cases.push_back(
      {.name = "LagSpikeInsideBurstRecovers",
       .profile = "burst",
       .mid_run = MidRunAction{45, "/v1/admin/faults", R"({"replicator":{"stall_seconds":2.5}})"}});
  // The same spike in a steady profile (40 rps: message 60 at 1.5 s) is a breach.
  cases.push_back(
      {.name = "LagSpikeOutsideBurstFails",
       .mid_run = MidRunAction{60, "/v1/admin/faults", R"({"replicator":{"stall_seconds":2.5}})"},
       .expected = {{"ReplicationLag", Fail("ReplicationLag FAIL")}}});
  cases.push_back({.name = "DlqPoisoning",
                   .faults = R"({"dlq_poison":{"every":20}})",
                   .expected = {{"DlqDepth", Fail("DlqDepth FAIL")},
                                // Poisoned events never reach the replica: they are lost to it.
                                {"ZeroLoss", Fail("ZeroLoss FAIL")}},
                   // The lag probes read back the first write after each tick (4/s at 40
                   // writes/s: every 10th write), so whether they pick poisoned ones (every
                   // 20th, never readable: a lag breach) depends on the phase between the two.
                   .unpinned = {{"ReplicationLag",
                                 "the lag probes' picks alias with the poisoning period"}}});
  cases.push_back({.name = "WalErrors",
                   .faults = R"({"wal_fail":{"every":20}})",
                   .expected = {{"WalResultsOk", Fail("WalResultsOk FAIL")}}});
  cases.push_back({.name = "WriteThroughErrors",
                   .faults = R"({"write_through_result":{"result":"server_error","every":20}})",
                   .expected = {{"WriteThroughResultsOk", Fail("WriteThroughResultsOk FAIL")}}});
  cases.push_back({.name = "AcknowledgedWritesLost",
                   .faults = R"({"replica_drop":{"every":20}})",
                   .expected = {{"ZeroLoss", Fail("ZeroLoss FAIL")}},
                   // As in DlqPoisoning: a probe that picks a dropped write sees a lag breach.
                   .unpinned = {{"ReplicationLag",
                                 "the lag probes' picks alias with the drop period"}}});
  cases.push_back({.name = "CounterResetMidRun",
                   .mid_run = MidRunAction{80, "/v1/admin/metrics/reset", ""},
                   .expected = {{"WriteThroughAttempts", Inconclusive("reset")},
                                {"WriteThroughResultsOk", Inconclusive("reset")},
                                {"WalResultsOk", Inconclusive("reset")},
                                {"Reconciliation", Inconclusive("reset")}}});
  cases.push_back({.name = "MetricsEndpointDown",
                   .faults = R"({"metrics_down":true,"replicator_metrics_down":true})",
                   // The lag is measured by reading writes back, which needs no metrics.
                   .expected = {{"WriteThroughAttempts", Inconclusive("")},
                                {"WriteThroughResultsOk", Inconclusive("")},
                                {"WalResultsOk", Inconclusive("")},
                                {"ReplicationLag", Pass("read-back probes")},
                                {"DlqDepth", Inconclusive("")},
                                {"Reconciliation", Inconclusive("")}}});
  // 1,000,000 req/s (the cap) through 2 slots: whether the generator or the cap gives out
  // first depends on the machine, and either way the run says nothing about the target.
  cases.push_back(
      {.name = "GeneratorSaturated",
       .profile = "saturate",
       .expected = {{"ErrorRate", Inconclusive("")}, {"LatencyP95", Inconclusive("")}}});
  // 200 ms answers under a cap of 4 serve 20 req/s of the 40 asked: arrivals queue for a slot.
  // The target is within the 300 ms threshold; it is the cap that is too small for the SLO
  // (40 req/s at 300 ms may need 12 in flight).
  cases.push_back({.name = "CapTooSmallForTheSlo",
                   .faults = R"({"latency":{"fixed_ms":200}})",
                   .profile = "capped",
                   .expected = {{"LatencyP95", Inconclusive("the concurrency cap of 4 filled")}}});
  // 500 ms answers under a cap of 4 serve 8 req/s of the 10 asked. The cap holds a target at
  // the threshold (3 in flight), so the waits are the target's: its users would see them.
  cases.push_back({.name = "SlowTargetFillsAnAmpleCap",
                   .faults = R"({"latency":{"fixed_ms":500}})",
                   .profile = "ample_cap",
                   .expected = {{"LatencyP95", Fail("arrivals waited for one of the 4 slots")}}});
  // Sending ends before the 1 s lag warm-up: the suite keeps sampling past the warm-up, so
  // the replicator is still judged rather than reported as missing data.
  cases.push_back({.name = "RunShorterThanLagWarmup", .profile = "shorter_than_warmup"});
  // The target's lag gauge is a claim: read-back and accounting decide. A gauge stuck at 5 s
  // while every write is readable at once passes, and the finding says the metric is wrong.
  cases.push_back({.name = "LagGaugeStuckHigh",
                   .faults = R"({"replicator":{"lag_gauge":{"value":5}}})",
                   .expected = {{"ReplicationLag", Pass("lag gauge")}}});
  // Every event applied 2.6 s after its acknowledgement while the gauge says 0, or is never
  // exposed: read-back measures the lag. After the default 3 s warm-up the event counter moves
  // at every sample, so only the measured lag can show the breach.
  cases.push_back({.name = "LagGaugeZeroWhileLagging",
                   .faults = R"({"replicator":{"hold_ms":2600,"lag_gauge":{"value":0}}})",
                   .profile = "steady_long",
                   .profiles_file = "selftest_late_warmup.json",
                   .expected = {{"ReplicationLag", Fail("read-back of event_id")}}});
  cases.push_back({.name = "LagGaugeNeverSetWhileLagging",
                   .faults = R"({"replicator":{"hold_ms":2600,"lag_gauge":"absent"}})",
                   .expected = {{"ReplicationLag", Fail("ReplicationLag FAIL")}}});
  // Two replicators, each 1.2 s behind: the lag is 1.2 s (a maximum over replicas), not 2.4 s.
  cases.push_back({.name = "TwoReplicatorsWithinBound",
                   .faults = R"({"replicator":{"hold_ms":1200}})",
                   .gateway_args = {"--replicators=2"}});
  // One of two replicators stops for good: the summed event counter still moves, but half the
  // writes are never replicated. The accounting names the replicator that stopped.
  cases.push_back({.name = "OneOfTwoReplicatorsStops",
                   .faults = R"({"replicator":{"stop":true,"only":1}})",
                   .gateway_args = {"--replicators=2"},
                   .expected = {{"ReplicationLag", Fail("counted no replicated event")},
                                {"ZeroLoss", Fail("ZeroLoss FAIL")}}});
  // Every 20th 200 carries no event_id and its write is dropped: the audit cannot see those,
  // but the replicated event count proves the loss (and those writes never replicate).
  cases.push_back({.name = "AcknowledgedWithoutEventIdLost",
                   .faults = R"({"event_id":{"mode":"omit","every":20,"store":false}})",
                   .expected = {{"ZeroLoss", Fail("never reached the replica")},
                                {"ReplicationLag", Fail("ReplicationLag FAIL")}}});
  // Every 20th 200 repeats the previous event_id (the write itself is stored): nothing is lost,
  // but 8 acknowledged writes cannot be read back, so neither ZeroLoss nor the read-back lag
  // can pass.
  cases.push_back({.name = "AcknowledgedWithRepeatedEventId",
                   .faults = R"({"event_id":{"mode":"repeat","every":20}})",
                   .expected = {{"ZeroLoss", Inconclusive("repeated")},
                                // A read-back of a repeated id may find the older write.
                                {"ReplicationLag", Inconclusive("repeated an earlier write")}}});
  // A wrong JWT: every request answers 401 at once. The error rate names the status, and the
  // fast 401s do not make a fine p95.
  cases.push_back({.name = "AuthFailureStorm",
                   .gateway_env = {{"GATEWAY_JWT_SECRET", "selftest-secret-not-the-suites"}},
                   .suite_env = {{"JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"}},
                   .expected = {{"ErrorRate", Fail("HTTP 401")},
                                {"LatencyP95", Inconclusive("successful")},
                                // The write counters' series appear on first use: none did.
                                {"WriteThroughAttempts", Inconclusive("")},
                                {"WriteThroughResultsOk", Inconclusive("")},
                                {"WalResultsOk", Inconclusive("")},
                                {"ReplicationLag", Inconclusive("no write was acknowledged")},
                                {"ZeroLoss", Inconclusive("")}}});
  // 429s are named too.
  cases.push_back({.name = "RateLimitedStorm",
                   .faults = R"({"error":{"status":429,"every":2}})",
                   .expected = {{"ErrorRate", Fail("HTTP 429")}}});
  return cases;
}

void ExpectVerdicts(const FaultCase& fault, const SuiteRun& run) {
  // The suite's exit status is CI's verdict: 1 when some SLO FAILs, else 3 when some is
  // INCONCLUSIVE, else 0 (include/slogate/suite/exit_code.h).
  int expected_exit = suite::kExitPassed;
  for (std::string_view slo_name : config::kSloNames) {
    const std::string slo(slo_name);
    SCOPED_TRACE(std::string("SLO ") + slo + ", suite output in " + run.log_path);
    auto found = run.by_slo.find(slo);
    ASSERT_NE(found, run.by_slo.end()) << "the suite reported no test case for " << slo;
    const CaseResult& actual = found->second;
    if (fault.unpinned.count(slo) != 0) continue;  // reported, as checked above
    auto expected = fault.expected.find(slo);
    if (expected == fault.expected.end()) {
      const bool optional_skip = slo == "Reconciliation" && actual.outcome == CaseOutcome::kSkip;
      EXPECT_TRUE(actual.outcome == CaseOutcome::kPass || optional_skip)
          << slo << " should PASS but was " << CaseOutcomeName(actual.outcome) << ": "
          << actual.message;
      continue;
    }
    if (expected->second.outcome == CaseOutcome::kFail) {
      expected_exit = suite::kExitBreach;
    } else if (expected->second.outcome == CaseOutcome::kInconclusive &&
               expected_exit != suite::kExitBreach) {
      expected_exit = suite::kExitInconclusive;
    }
    EXPECT_EQ(CaseOutcomeName(actual.outcome), CaseOutcomeName(expected->second.outcome))
        << actual.message;
    EXPECT_NE(actual.message.find(expected->second.message_contains), std::string::npos)
        << "message: " << actual.message;
  }
  EXPECT_EQ(run.exit_status, expected_exit);
}

namespace {

// One run of the case against a fresh gateway: nullopt when it could not be run (the failure
// is recorded).
std::optional<SuiteRun> RunCaseOnce(const FaultCase& fault, const PrepareRun& prepare,
                                    const std::string& suite) {
  testing::RefgwOptions options;
  options.args = {"--faults=" + fault.faults};
  options.args.insert(options.args.end(), fault.gateway_args.begin(), fault.gateway_args.end());
  options.env = fault.gateway_env;
  auto gateway = testing::RefgwProcess::Start(std::move(options));
  EXPECT_TRUE(gateway.ok()) << gateway.error().message;
  if (!gateway.ok()) return std::nullopt;
  const testing::RefgwProcess& target = **gateway;

  SuiteInvocation invocation;
  invocation.args = {"--profile=" + fault.profile};
  invocation.env = TargetEnvironment(target, fault.environment, fault.profiles_file);
  invocation.env.insert(invocation.env.end(), fault.suite_env.begin(), fault.suite_env.end());
  std::shared_ptr<void> prepared;
  if (prepare) {
    prepared = prepare(target, invocation.env);
    if (::testing::Test::HasFailure()) return std::nullopt;  // it would measure something else
  }

  std::optional<MidRunTrigger> trigger;
  if (fault.mid_run) trigger.emplace(*fault.mid_run, target.ApiUrl(), target.MetricsUrl());
  auto run = RunSuite(suite, invocation);
  EXPECT_TRUE(run.ok()) << run.error().message;
  if (!run.ok()) return std::nullopt;
  if (trigger) {
    EXPECT_TRUE(trigger->fired()) << "the mid-run fault never fired: " << trigger->error();
  }
  return std::move(*run);
}

// How often a case is run while the suite finds its own generator late.
constexpr int kAttemptsOnABusyMachine = 3;

// The message of a finding the case pins to a verdict (PASS by default) that the suite set
// aside because its generator was late; empty when there is none. A case expecting that SLO to
// be INCONCLUSIVE (a saturated generator) is answered as it is.
std::string LateWherePinned(const FaultCase& fault, const SuiteRun& run) {
  for (const auto& [slo, result] : run.by_slo) {
    if (!GeneratorWasLate(result) || fault.unpinned.count(slo) != 0) continue;
    const auto expected = fault.expected.find(slo);
    if (expected != fault.expected.end() &&
        expected->second.outcome == CaseOutcome::kInconclusive) {
      continue;
    }
    return result.message;
  }
  return {};
}

}  // namespace

void RunAndExpectVerdicts(const FaultCase& fault, const PrepareRun& prepare) {
  auto suite = FindSuiteBinary();
  ASSERT_TRUE(suite.ok()) << suite.error().message;
  std::optional<SuiteRun> run;
  // A run whose generator fell behind is judged INCONCLUSIVE by design ("not a verdict on the
  // target"): on a busy machine the case is run again, and skipped with the reason if the
  // machine stays too busy, rather than failed for what the suite rightly refused to judge.
  std::string late;
  for (int attempt = 1; attempt <= kAttemptsOnABusyMachine; ++attempt) {
    late.clear();
    run = RunCaseOnce(fault, prepare, *suite);
    if (!run) return;
    if (::testing::Test::HasFailure()) break;  // a mid-run fault that never fired: show the run
    late = LateWherePinned(fault, *run);
    if (late.empty()) break;
    std::cout << "attempt " << attempt << ": the machine was too busy to measure: " << late
              << "\n";
  }
  if (!late.empty()) {
    GTEST_SKIP() << "the machine stayed too busy to measure in " << kAttemptsOnABusyMachine
                 << " runs: " << late;
  }

  ExpectVerdicts(fault, *run);
  if (::testing::Test::HasFailure()) {
    // CI keeps only this output, not the temp file: show what the suite printed.
    std::ifstream log(run->log_path);
    std::cout << "---- slogate_suite output (" << run->log_path << ") ----\n"
              << log.rdbuf() << "---- end of slogate_suite output ----\n";
  }
}

}  // namespace slogate::selftest
