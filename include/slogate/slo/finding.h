// Finding and Verdict: the judgement of one run, as plain data.
//
// slo::Evaluate produces one Finding per SLO; the conformance suite asserts on one Finding per
// TEST_P and report renders them. Nothing here measures or prints.
#pragma once

#include <chrono>
#include <cstdint>
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

// How far the run's numbers can be trusted to speak for the target (docs/slo.md, "Confidence").
// Set on the SLOs judged on a rate or a percentile (ErrorRate, LatencyP95,
// WriteThroughResultsOk, WalResultsOk). A FAIL rests on the run's own value; a PASS needs the
// bound's far end within the threshold, or it is INCONCLUSIVE for want of evidence, unless the
// profile asked for point estimates (confidence 0), when the PASS is labelled as one.
struct Evidence {
  // One-sided level of `bound` (0.95); 0: `"confidence": "none"`, no bound was asked for.
  double confidence = 0;
  // The interval's end toward the threshold, in the finding's unit: the upper bound of an
  // error rate, an error share or a p95. Empty when the sample is too small to bound at all
  // (fewer than 59 OK responses for a p95 at 95%) or when confidence is 0.
  std::optional<double> bound;
  std::string method;                // "clopper-pearson" or "order-statistic"
  uint64_t sample_size = 0;          // requests, OK responses or results judged
  uint64_t failures = 0;             // of those: errors, non-ok results, responses >= threshold
  double effective_sample_size = 0;  // sample_size / design_effect
  double design_effect = 1;
  // False: correlation in time was not measured (too little data, or totals only) and the
  // bound assumes independent requests; docs/slo.md says how far off that can be.
  bool design_effect_measured = false;
  // What a run would need to prove the SLO at this size, e.g. "598 requests with no error
  // would show < 0.5%"; empty when this run proved it.
  std::string needed;

  bool point_estimate() const { return confidence == 0; }
};

// A query a finding's data came from when the metrics were read from Prometheus, as a reviewer
// can paste it into Prometheus's expression browser (scrape::PromQuery, which it mirrors).
struct SourceQuery {
  std::string promql;
  std::chrono::system_clock::time_point start;
  std::chrono::system_clock::time_point end;
  std::chrono::milliseconds step{0};  // 0: an instant query evaluated at `end`
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
  std::optional<Evidence> evidence;       // rate and percentile SLOs only
  // Prometheus-sourced runs: every query whose answer this finding read; empty otherwise.
  std::vector<SourceQuery> queries;
};

// The message without what a table's columns and notes already show: the heading ("ErrorRate
// PASS (profile smoke, env local): ") and, for a pass on a point estimate, the note saying so
// (the table's footnote gives it). A message not worded by the SLOs is returned whole.
std::string MessageBody(const Finding& finding);

// A run stopped early by abort_on_breach: when, which SLO's breach was certain, and why
// ("errors so far (12) already exceed what the whole run of 600 may have (2)").
struct EarlyStop {
  std::chrono::nanoseconds at{0};  // since the run's start
  std::string slo;
  std::string reason;
};

// "aborted at +43 s: ErrorRate: <reason>", the one wording every output uses.
std::string EarlyStopText(const EarlyStop& stop);

struct Verdict {
  // FAIL if any finding failed; else INCONCLUSIVE if any was inconclusive; else PASS
  // (skipped findings never change the overall outcome).
  Outcome overall = Outcome::kPass;
  std::vector<Finding> findings;        // in the order of the SLO list above
  std::optional<EarlyStop> early_stop;  // the run was aborted on a certain breach

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
// `extra` names further findings made the same way after the nine (a profile's metric checks).
Verdict UnmeasuredVerdict(std::string_view profile, std::string_view environment,
                          std::string_view reason, const std::vector<std::string>& extra = {});
// One finding of such a verdict: `slo` INCONCLUSIVE because the run could not be measured.
Finding UnmeasuredFinding(std::string_view slo, std::string_view profile,
                          std::string_view environment, std::string_view reason);

}  // namespace slogate::slo
