// ErrorRate and LatencyP95: judged from the client's own measurements (RunResult).
// LatencyP95 judges OK responses only; ErrorRate names what the errors were.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "judge.h"
#include "proof.h"
#include "windowed.h"

namespace slogate::slo {

using internal::Judge;
using internal::kMinOkForLatency;

namespace {

// True when the run breaches only because of arrivals dropped at a full cap: without them
// (still counted in the denominator, as they were asked for) it would be within the bound.
bool CapDropsAloneBreach(const load::RunResult& run, double bound) {
  const uint64_t denominator = run.completed + run.dropped;
  if (run.dropped_at_cap == 0 || denominator == 0) return false;
  const uint64_t other_failures = run.errors + (run.dropped - run.dropped_at_cap);
  return static_cast<double>(other_failures) / static_cast<double>(denominator) < bound;
}

// What the errors were: the failing HTTP statuses and the non-status error categories, most
// frequent first, at most kNamedCauses named ("HTTP 401 × 600, connect × 3, +2 more").
constexpr size_t kNamedCauses = 6;

std::string ErrorCauses(const load::RunResult& run) {
  std::vector<std::pair<uint64_t, std::string>> causes;
  for (const auto& [status, count] : run.error_status_counts) {
    causes.emplace_back(count, "HTTP " + std::to_string(status));
  }
  for (const auto& [category, count] : run.errors_by_category) {
    const bool status_category = category == load::ErrorCategory::kStatus4xx ||
                                 category == load::ErrorCategory::kStatus429 ||
                                 category == load::ErrorCategory::kStatus5xx ||
                                 category == load::ErrorCategory::kStatusOther;
    // Statuses are named one by one above; their categories only when no status was kept.
    if (count == 0 || (status_category && !run.error_status_counts.empty())) continue;
    causes.emplace_back(count, std::string(load::ErrorCategoryName(category)));
  }
  std::stable_sort(causes.begin(), causes.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string text;
  for (size_t i = 0; i < causes.size() && i < kNamedCauses; ++i) {
    text += (text.empty() ? "" : ", ") + causes[i].second + " × " + std::to_string(causes[i].first);
  }
  if (causes.size() > kNamedCauses) {
    text += ", +" + std::to_string(causes.size() - kNamedCauses) + " more";
  }
  return text;
}

// The error rate as a share of completed plus dropped arrivals, per second as the windows that
// show whether errors came together in time.
internal::RateQuestion ErrorRateQuestion(const load::RunResult& run, double bound) {
  internal::RateQuestion question;
  question.failures = run.errors + run.dropped;
  question.trials = run.completed + run.dropped;
  question.largest_share = bound;
  question.strict = true;
  for (const stats::WindowSummary& second : run.per_second) {
    question.windows.push_back(internal::ErrorTally(second));
  }
  question.words = {"error", "errors", "requests", ""};
  return question;
}

// "0 errors in 75 requests bound the error rate at 3.9% (95% confidence)".
std::string ErrorRateBoundText(const Evidence& evidence, double bound) {
  return std::to_string(evidence.failures) + " errors in " + std::to_string(evidence.sample_size) +
         " requests bound the error rate at " + internal::BoundPercent(*evidence.bound, bound) +
         " (" + internal::ConfidenceText(evidence.confidence) + ")";
}

// A rate within its threshold: PASS when its bound proves it (or as a labelled point
// estimate), else INCONCLUSIVE for want of evidence.
Finding ErrorRateWithin(const Judge& judge, const Evidence& evidence, double bound,
                        const std::string& measured) {
  if (evidence.point_estimate()) {
    return judge.Pass(measured + internal::PointEstimateNote(evidence));
  }
  const std::string correlation =
      "; " + internal::DesignEffectText(evidence, "too few errors or seconds to measure it");
  if (evidence.needed.empty()) {
    return judge.Pass(measured + "; proven: " + ErrorRateBoundText(evidence, bound) + " < " +
                      internal::Percent(bound) + correlation);
  }
  return judge.Unproven("not enough requests to tell: " + ErrorRateBoundText(evidence, bound) +
                        "; " + evidence.needed + correlation + "; measured " + measured);
}

// The p95's bound from the OK latencies; the design effect from the per-second counts of slow
// OK responses, which are counted against the run's latency mark, so only when that mark is
// this threshold.
Evidence LatencyEvidence(const load::RunResult& run, const stats::Histogram& latency,
                         std::chrono::nanoseconds threshold, double confidence) {
  internal::QuantileQuestion question;
  question.values = &latency;
  question.threshold = threshold;
  question.slow = latency.CountAbove(threshold);
  if (run.latency_mark == threshold && !run.per_second.empty()) {
    question.slow = 0;
    for (const stats::WindowSummary& second : run.per_second) {
      question.windows.push_back(internal::SlowTally(second));
      question.slow += second.ok_slow;
    }
  }
  return internal::QuantileEvidence(question, confidence);
}

std::string LatencyCorrelationText(const load::RunResult& run, const Evidence& evidence,
                                   std::chrono::nanoseconds threshold) {
  return internal::DesignEffectText(
      evidence, run.latency_mark == threshold
                    ? "too few slow responses or seconds to measure it"
                    : "slow responses per second were not counted against this threshold");
}

// A p95 within its threshold: PASS when its upper bound is within it too (or as a labelled
// point estimate), else INCONCLUSIVE for want of evidence.
Finding LatencyWithin(const Judge& judge, const Evidence& evidence,
                      std::chrono::nanoseconds threshold, const std::string& measured) {
  if (evidence.point_estimate()) {
    return judge.Pass(measured + internal::PointEstimateNote(evidence));
  }
  const load::RunResult& run = judge.observations().run;
  const std::string correlation = "; " + LatencyCorrelationText(run, evidence, threshold);
  const std::string confidence = internal::ConfidenceText(evidence.confidence);
  if (!evidence.bound) {
    return judge.Unproven(
        "too few OK responses to bound a p95: " + std::to_string(evidence.sample_size) +
        " OK responses; " + evidence.needed + correlation + "; measured " + measured);
  }
  const std::string bounded =
      "the p95's upper bound at " + confidence + " is " + internal::Num(*evidence.bound, 1) +
      " ms over " + std::to_string(evidence.sample_size) + " OK responses (" +
      std::to_string(evidence.failures) + " at or above " + internal::Millis(threshold) + ")";
  if (evidence.needed.empty()) {
    return judge.Pass(measured + "; proven: " + bounded + " < " + internal::Millis(threshold) +
                      correlation);
  }
  return judge.Unproven("not enough OK responses to tell: " + bounded + ", not below " +
                        internal::Millis(threshold) + "; " + evidence.needed + correlation +
                        "; measured " + measured);
}

Finding WholeRunErrorRate(const Observations& observations, const SloSet& slos) {
  Judge judge("ErrorRate", observations, slos);
  const load::RunResult& run = observations.run;
  const double rate = run.ErrorRate();
  const double bound = slos.thresholds.max_error_rate;
  judge.Measured(rate, "ratio")
      .Threshold(bound)
      .Add("completed", static_cast<double>(run.completed), "count")
      .Add("errors", static_cast<double>(run.errors), "count")
      .Add("dropped", static_cast<double>(run.dropped), "count")
      .Add("dropped_at_cap", static_cast<double>(run.dropped_at_cap), "count");
  if (auto problem = internal::TargetUnreachable(judge)) return *problem;
  if (auto problem = internal::GeneratorBehind(judge)) return *problem;
  const std::string causes = ErrorCauses(run);
  const std::string counts = " (" + std::to_string(run.errors) + " errors + " +
                             std::to_string(run.dropped) + " dropped of " +
                             std::to_string(run.completed + run.dropped) +
                             (causes.empty() ? "" : ": " + causes) + ")";
  const Evidence evidence =
      internal::RateEvidence(ErrorRateQuestion(run, bound), slos.rules.confidence);
  judge.WithEvidence(evidence);
  if (rate < bound) {
    return ErrorRateWithin(judge, evidence, bound,
                           "error rate " + internal::Percent(rate) + " < " +
                               internal::Percent(bound) + " threshold" + counts);
  }
  if (CapDropsAloneBreach(run, bound)) {
    if (auto problem = internal::CapTooSmallForTheSlo(judge)) return *problem;
  }
  return judge.Fail("error rate " + internal::Percent(rate) + " >= " + internal::Percent(bound) +
                    " threshold" + counts);
}

Finding WholeRunLatencyP95(const Observations& observations, const SloSet& slos) {
  Judge judge("LatencyP95", observations, slos);
  const load::RunResult& run = observations.run;
  // Only successful requests show how fast the target serves: a refused connection or an
  // instant 401 would make a dead target look fast. Failed requests' p95 is reported beside.
  const stats::Histogram& latency = internal::OkLatency(run);
  const auto p95 = latency.Percentile(0.95);
  const auto bound = slos.thresholds.latency_p95;
  const auto service_p95 = internal::OkServiceTime(run).Percentile(0.95);
  judge.Measured(internal::ToMillis(p95), "ms")
      .Threshold(internal::ToMillis(bound))
      .Add("p50_ms", internal::ToMillis(latency.Percentile(0.50)), "ms")
      .Add("p99_ms", internal::ToMillis(latency.Percentile(0.99)), "ms")
      .Add("service_time_p95_ms", internal::ToMillis(service_p95), "ms")
      .Add("ok_requests", static_cast<double>(latency.count()), "count")
      .Add("failed_p95_ms", internal::ToMillis(run.failed_latency.Percentile(0.95)), "ms")
      .Add("failed_requests", static_cast<double>(run.failed_latency.count()), "count")
      .Add("slot_waits", static_cast<double>(run.slot_wait.count()), "count");
  if (auto problem = internal::TargetUnreachable(judge)) return *problem;
  if (auto problem = internal::GeneratorBehind(judge)) return *problem;
  std::string failed;
  if (run.failed_latency.count() > 0) {
    failed = "; failed requests' p95 " + internal::Millis(run.failed_latency.Percentile(0.95)) +
             " over " + std::to_string(run.failed_latency.count());
  }
  if (latency.count() < kMinOkForLatency) {
    return judge.Inconclusive("too few successful requests to judge latency (" +
                              std::to_string(latency.count()) + " OK responses, at least " +
                              std::to_string(kMinOkForLatency) + " needed" + failed + ")");
  }
  std::string detail = " (corrected, over " + std::to_string(latency.count()) +
                       " OK responses; service-time p95 " + internal::Millis(service_p95) + failed;
  if (run.slot_wait.count() > 0) {
    // The target answered too slowly for the rate under the cap: arrivals queued for a slot,
    // and that wait is part of the latency its users would see.
    detail += "; " + std::to_string(run.slot_wait.count()) + " arrivals waited for one of the " +
              std::to_string(run.concurrency) + " slots, p95 wait " +
              internal::Millis(run.slot_wait.Percentile(0.95));
  }
  detail += ")";
  const Evidence evidence = LatencyEvidence(run, latency, bound, slos.rules.confidence);
  judge.WithEvidence(evidence);
  if (p95 < bound) {
    return LatencyWithin(
        judge, evidence, bound,
        "p95 " + internal::Millis(p95) + " < " + internal::Millis(bound) + " threshold" + detail);
  }
  // Within the threshold on the wire, over it only with the waits for a slot added.
  if (service_p95 < bound && run.slot_wait.count() > 0) {
    if (auto problem = internal::CapTooSmallForTheSlo(judge)) return *problem;
  }
  return judge.Fail("p95 " + internal::Millis(p95) + (p95 == bound ? " >= " : " > ") +
                    internal::Millis(bound) + " threshold" + detail);
}

}  // namespace

// The whole run first, then its windows when the profile asks for them (windowed.h).
Finding ErrorRate(const Observations& observations, const SloSet& slos) {
  return internal::WithErrorRateWindows(WholeRunErrorRate(observations, slos), observations, slos);
}

Finding LatencyP95(const Observations& observations, const SloSet& slos) {
  return internal::WithLatencyWindows(WholeRunLatencyP95(observations, slos), observations, slos);
}

}  // namespace slogate::slo
