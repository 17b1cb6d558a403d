// Shared pieces of every SLO function: message wording, number formatting, and the checks
// that make a measurement untrustworthy (target unreachable, generator behind schedule).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "slogate/slo/evaluate.h"
#include "slogate/slo/judge.h"
#include "slogate/stats/confidence.h"
#include "slogate/stats/windows.h"

namespace slogate::slo::internal {

// Fewer OK responses than this and a p95 says nothing (with 20, it is the second slowest):
// LatencyP95 judges neither a whole run nor a window with fewer.
inline constexpr uint64_t kMinOkForLatency = 20;

// One second of a run as ErrorRate counts it (completions, errors among them) and as LatencyP95
// does (OK responses, those at or above the run's latency mark): what the confidence bounds'
// design effect and the windowed SLOs both read.
inline stats::WindowTally ErrorTally(const stats::WindowSummary& second) {
  return {second.count, second.errors};
}
inline stats::WindowTally SlowTally(const stats::WindowSummary& second) {
  return {second.count - std::min(second.count, second.errors), second.ok_slow};
}

// "<SLO> <OUTCOME> (profile <p>, env <e>): ", the start of every finding's message.
std::string FindingHeading(std::string_view slo, Outcome outcome, std::string_view profile,
                           std::string_view environment);
// The heading and `text`, with the INCONCLUSIVE prefix below when `outcome` is INCONCLUSIVE:
// the one wording of every finding's message.
std::string FindingMessage(std::string_view slo, Outcome outcome, std::string_view profile,
                           std::string_view environment, std::string_view text);

// The public finding builder (slogate/slo/judge.h), under the name the SLO functions use.
using slo::Judge;

// `value` with at most `decimals` decimals, trailing zeros dropped ("0.5", "212.4", "150").
// Locale-independent.
std::string Num(double value, int decimals);
// A share as a percentage: 0.012 -> "1.2%".
std::string Percent(double share);
// Durations for messages: "212.4 ms", "2 s".
std::string Millis(std::chrono::nanoseconds duration);
std::string SecondsText(double seconds);
double ToMillis(std::chrono::nanoseconds duration);
double ToSeconds(std::chrono::nanoseconds duration);

// The corrected latency and the service time of the OK responses. A RunResult written before
// they were kept apart has them empty; when every completed request was OK, the histograms of
// all requests are exactly those of the OK ones and are returned instead.
const stats::Histogram& OkLatency(const load::RunResult& run);
const stats::Histogram& OkServiceTime(const load::RunResult& run);

// The SKIPPED finding when the SLO only applies to the write path and this endpoint is not it.
std::optional<Finding> SkipUnlessWritePath(const Judge& judge);
// INCONCLUSIVE when no request completed or every one failed to connect.
std::optional<Finding> TargetUnreachable(const Judge& judge);
// The gate of every write-path SLO: SkipUnlessWritePath, then TargetUnreachable.
std::optional<Finding> WritePathGate(const Judge& judge);
// INCONCLUSIVE when the generator fell behind its schedule (send lateness p99, dropped share
// or achieved/target rate over their bounds).
std::optional<Finding> GeneratorBehind(const Judge& judge);
// INCONCLUSIVE when the concurrency cap filled but the profile, not the target, is to blame: a
// target answering within the latency threshold may need more requests in flight than the cap
// allows at the peak rate, and this target did answer within it (service-time p95 of the OK
// responses, as LatencyP95 judges them). Callers ask only when the cap's waits or drops alone
// turned the verdict into a FAIL.
std::optional<Finding> CapTooSmallForTheSlo(const Judge& judge);
// Little's law: at `peak_rps`, answers taking `threshold` keep peak_rps x threshold requests in
// flight; a smaller cap can hold back a target that answers within the threshold. Zero when it
// cannot (the cap is large enough), else the in-flight count the threshold may need.
double InFlightTheCapMayLack(int concurrency, double peak_rps, std::chrono::nanoseconds threshold);

// An interrupted or aborted run shows nothing held: a PASS becomes INCONCLUSIVE, naming how much
// of the schedule was sent (and for an aborted run, when and why: Observations::early_stop) and
// keeping what was measured ("not judged" for an abort, which leaves a sound but partial
// measurement); an INCONCLUSIVE one says the run was cut short as well; a FAIL or SKIPPED is
// returned unchanged.
Finding UnlessInterrupted(Finding finding, const Observations& observations);

}  // namespace slogate::slo::internal
