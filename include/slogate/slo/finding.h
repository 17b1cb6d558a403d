// Finding and Verdict: the judgement of one run, as plain data.
//
// slo::Evaluate produces one Finding per SLO; the conformance suite asserts on one Finding per
// TEST_P and report renders them. Nothing here measures or prints.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slogate::slo {

// PASS: the SLO held. FAIL: the target broke it. INCONCLUSIVE: the measurement itself cannot
// be trusted (generator behind schedule, counter reset, required metric missing, endpoint
// unreachable). SKIPPED: an optional check whose data is absent, or an SLO that does not apply.
enum class Outcome { kPass, kFail, kInconclusive, kSkipped };

// "PASS", "FAIL", "INCONCLUSIVE", "SKIPPED".
std::string_view OutcomeName(Outcome outcome);

// One number behind a finding, for reports and JUnit properties ("p95_ms", 212.4, "ms").
struct Measurement {
  std::string name;
  double value = 0;
  std::string unit;
};

struct Finding {
  // "ErrorRate", "LatencyP95", "WriteThroughAttempts", "WriteThroughResultsOk", "WalResultsOk",
  // "ReplicationLag", "DlqDepth", "ZeroLoss", "Reconciliation".
  std::string slo;
  Outcome outcome = Outcome::kInconclusive;
  // Names the SLO, outcome, profile, environment, measured value and threshold, e.g.
  // "LatencyP95 FAIL (profile smoke, env staging): p95 212.4 ms > 150 ms threshold".
  std::string message;
  std::optional<double> measured;   // in `unit`; empty when nothing could be measured
  std::optional<double> threshold;  // in `unit`
  std::string unit;                 // "ratio", "ms", "s", "events", "count"
  std::string profile;
  std::string environment;                // "local", "dev", "staging", "prod"
  std::vector<Measurement> measurements;  // every figure the judgement used
};

struct Verdict {
  // FAIL if any finding failed; else INCONCLUSIVE if any was inconclusive; else PASS
  // (skipped findings never change the overall outcome).
  Outcome overall = Outcome::kPass;
  std::vector<Finding> findings;  // in the order of the SLO list above

  // The finding for `slo`, or nullptr.
  const Finding* Find(std::string_view slo) const;
};

// The overall outcome of a set of findings (rule above).
Outcome CombineOutcomes(const std::vector<Finding>& findings);

// The nine SLO names, in evaluation order.
const std::vector<std::string>& SloNames();

// The verdict of a run that could not be measured at all (the target never became ready, the
// load could not start): every SLO INCONCLUSIVE, each message worded as every INCONCLUSIVE
// finding is ("<SLO> INCONCLUSIVE (profile p, env e): cannot judge, the measurement is not
// trustworthy: the run could not be measured: <reason>").
Verdict UnmeasuredVerdict(std::string_view profile, std::string_view environment,
                          std::string_view reason);

}  // namespace slogate::slo
