// Reconciliation: do the server's own numbers agree with what the client measured?
//   - requests: gateway_request_seconds_count{path} increase vs responses the client received;
//   - write-through attempts never exceed the responses the server gave;
//   - latency: server p95 (histogram_quantile over the run's bucket increases) vs the client's
//     service-time p95, allowing for the bucket the quantile falls in, the network tolerance,
//     the sample's size and the client's own scheduling delay.
// Each part runs when its metric is exposed; none exposed means the data is missing.
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "counters.h"
#include "proof.h"
#include "slogate/promtext/quantile.h"
#include "slogate/scrape/delta.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo {
namespace {

using internal::Judge;
using internal::Num;

struct Part {
  bool judged = false;
  std::string breach;  // empty when it held
  // A disagreement the numbers do not bear out (a small sample, a late client): INCONCLUSIVE,
  // unless another part FAILs.
  std::string doubt;
  std::string summary;
  std::optional<Finding> problem;  // INCONCLUSIVE (reset, endpoint down)
};

std::string PathSelector(std::string_view name, const std::string& path) {
  std::string escaped;
  for (char c : path) {
    if (c == '\\' || c == '"') escaped += '\\';
    escaped += c;
  }
  return std::string(name) + "{path=\"" + escaped + "\"}";
}

double Responses(const load::RunResult& run) {
  uint64_t total = 0;
  for (const auto& [status, count] : run.status_counts) total += count;
  return static_cast<double>(total);
}

// A counter part: `part` = missing when the metric is not exposed, INCONCLUSIVE on reset etc.
Part ReadPart(const Judge& judge, const std::string& selector, double& increase) {
  Part part;
  internal::CounterRead read = internal::ReadIncrease(judge, selector);
  if (read.problem) {
    // A metric the target does not expose leaves the part unjudged; a reset or an unreachable
    // endpoint makes the whole finding inconclusive.
    if (!read.missing) part.problem = read.problem;
    return part;
  }
  part.judged = true;
  increase = read.increase;
  return part;
}

Part RequestCount(Judge& judge, const load::RunResult& run, double tolerance) {
  double served = 0;
  Part part = ReadPart(judge, PathSelector(kRequestSecondsCount, run.path), served);
  if (!part.judged) return part;
  const double responses = Responses(run);
  const double slack = std::floor(responses * tolerance);
  judge.Add("server_requests", served, "count").Add("client_responses", responses, "count");
  part.summary = "server counted " + Num(served, 0) + " requests, client got " + Num(responses, 0) +
                 " responses";
  if (std::fabs(served - responses) > slack) {
    part.breach = part.summary + " (differ by " + Num(std::fabs(served - responses), 0) + " > " +
                  Num(slack, 0) + " tolerated)";
  }
  return part;
}

Part AttemptsCeiling(Judge& judge, const load::RunResult& run, double tolerance) {
  double attempts = 0;
  Part part = ReadPart(judge, std::string(kWriteThroughAttempts), attempts);
  if (!part.judged) return part;
  const double responses = Responses(run);
  const double ceiling = std::ceil(responses * (1 + tolerance));
  part.summary = "write-through attempts +" + Num(attempts, 0) + " <= " + Num(ceiling, 0);
  if (attempts > ceiling) {
    part.breach = "write-through attempts +" + Num(attempts, 0) + " exceed the " +
                  Num(responses, 0) +
                  " responses the server gave (another client writes to this "
                  "target, or attempts are counted twice)";
  }
  return part;
}

// The client's service-time p95 exceeds what the server accounts for. A FAIL needs more than
// the point value: with 15 service times the p95 is the slowest one, so one response the client
// recorded late would decide. The excess must hold for the p95's lower confidence bound (the
// order statistic, as LatencyP95 bounds its p95 from above), and beyond the client's own
// scheduling delay: its worst send lateness says how late the engine's loop ran, and the same
// loop records each response, so a response may be recorded that much after it arrived.
// All values in seconds; `client` is the service-time p95.
void JudgeClientExcess(Judge& judge, const load::RunResult& run, double client, double upper,
                       double tolerance, double confidence, Part& part) {
  if (client <= upper + tolerance) return;
  const std::string excess = Num((client - upper) * 1000, 1) +
                             " ms more than the server accounts for (> " +
                             Num(tolerance * 1000, 1) + " ms tolerance)";
  const uint64_t n = run.service_time.count();
  const uint64_t rank = stats::QuantileLowerRank(n, 0.95, confidence).value_or(0);
  const double bound =
      internal::ToSeconds(stats::QuantileLowerBound(run.service_time, 0.95, confidence)
                              .value_or(std::chrono::nanoseconds::zero()));
  const double late = internal::ToSeconds(run.send_lateness.Max());
  judge.Add("client_service_p95_lower_bound_ms", bound * 1000, "ms")
      .Add("client_send_lateness_max_ms", late * 1000, "ms");
  const std::string bound_text =
      "the p95's lower bound at " + internal::ConfidenceText(confidence) + " is " +
      Num(bound * 1000, 1) + " ms (rank " + std::to_string(rank) + " of " + std::to_string(n) +
      " service times)";
  if (bound > upper + tolerance + late) {
    part.breach = part.summary + ": " + excess + "; " + bound_text +
                  ", beyond the client's own delay of up to " + Num(late * 1000, 1) + " ms";
  } else if (bound > upper + tolerance) {
    part.doubt = part.summary + ": " + excess + ", but the client was late: its sends ran up to " +
                 Num(late * 1000, 1) +
                 " ms behind schedule, and the loop that sends also records the responses, "
                 "which explains the excess; rerun on a quieter machine";
  } else {
    part.doubt = part.summary + ": " + excess + ", but " + bound_text +
                 ", within the bucket and the tolerance: a few responses recorded late by a busy "
                 "client can explain the excess; rerun longer or on a quieter machine";
  }
}

Part ServerLatency(Judge& judge, const Observations& observations, const SloSet& slos) {
  Part part;
  const load::RunResult& run = observations.run;
  Result<promtext::Selector> selector =
      promtext::Selector::Parse(PathSelector(kRequestSecondsBucket, run.path));
  if (!selector.ok() || observations.after.endpoints.empty()) return part;
  if (auto problem = internal::PrometheusProblem(judge, kRequestSecondsBucket)) {
    part.problem = problem;
    return part;
  }
  auto buckets = scrape::BucketDelta(observations.before, observations.after, *selector);
  if (!buckets.ok()) {
    if (buckets.error().code != "missing_metric") {
      part.problem = judge.Inconclusive("server latency histogram: " + buckets.error().message);
    }
    return part;
  }
  Result<double> p95 = promtext::HistogramQuantile(0.95, *buckets);
  if (!p95.ok() || std::isnan(*p95)) return part;
  // The bucket holding the 95th percentile bounds where the true server p95 lies.
  const double total = buckets->back().cumulative_count;
  double lower = 0;
  double upper = INFINITY;
  for (const promtext::Bucket& bucket : *buckets) {
    if (bucket.cumulative_count >= 0.95 * total) {
      upper = bucket.upper_bound;
      break;
    }
    lower = bucket.upper_bound;
  }
  const double client = internal::ToSeconds(run.service_time.Percentile(0.95));
  const double tolerance = internal::ToSeconds(slos.thresholds.reconciliation_latency_tolerance);
  part.judged = true;
  judge.Measured(*p95 * 1000, "ms")
      .Add("server_p95_ms", *p95 * 1000, "ms")
      .Add("client_service_p95_ms", client * 1000, "ms");
  part.summary = "server p95 " + Num(*p95 * 1000, 1) + " ms (bucket " + Num(lower * 1000, 1) +
                 ".." + Num(upper * 1000, 1) + " ms) vs client service-time p95 " +
                 Num(client * 1000, 1) + " ms";
  // The client's time includes the server's, so it can't be lower than the bucket (0.1%
  // histogram precision aside): both time the same requests, and a client that is busy or
  // sees few requests only makes its own times longer. Beyond the bucket, see above.
  if (client * 1.001 < lower) {
    part.breach = part.summary + ": the server reports more time than the client waited";
    return part;
  }
  const double confidence =
      slos.rules.confidence > 0 ? slos.rules.confidence : internal::kProofConfidence;
  JudgeClientExcess(judge, run, client, upper, tolerance, confidence, part);
  return part;
}

}  // namespace

Finding Reconciliation(const Observations& observations, const SloSet& slos) {
  Judge judge("Reconciliation", observations, slos);
  if (auto problem = internal::TargetUnreachable(judge)) return *problem;
  const double tolerance = slos.thresholds.reconciliation_count_tolerance;
  std::vector<Part> parts;
  parts.push_back(RequestCount(judge, observations.run, tolerance));
  if (observations.write_path) {
    parts.push_back(AttemptsCeiling(judge, observations.run, tolerance));
  }
  parts.push_back(ServerLatency(judge, observations, slos));
  std::string breaches;
  std::string doubts;
  std::string summaries;
  size_t judged = 0;
  const auto append = [](std::string& list, const std::string& text) {
    if (!text.empty()) list += (list.empty() ? "" : "; ") + text;
  };
  for (const Part& part : parts) {
    if (part.problem) return *part.problem;
    if (!part.judged) continue;
    ++judged;
    append(summaries, part.summary);
    append(breaches, part.breach);
    append(doubts, part.doubt);
  }
  if (judged == 0) {
    return internal::MissingData(judge, "server-side counts (neither " +
                                            std::string(kRequestSecondsCount) + " nor " +
                                            std::string(kWriteThroughAttempts) + " is exposed)");
  }
  if (!breaches.empty()) return judge.Fail(breaches);
  if (!doubts.empty()) return judge.Inconclusive(doubts);
  return judge.Pass(summaries);
}

}  // namespace slogate::slo
