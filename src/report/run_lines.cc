#include "slogate/report/run_lines.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

#include "format.h"

namespace slogate::report {
namespace {

struct Cause {
  std::string name;
  uint64_t count = 0;
};

// Named by category, not by status (event_id_too_long came with an OK status, so no status in
// error_status_counts stands for it).
constexpr std::array kBelowHttp = {
    load::ErrorCategory::kConnect, load::ErrorCategory::kTimeout,
    load::ErrorCategory::kTls,     load::ErrorCategory::kWrite,
    load::ErrorCategory::kRead,    load::ErrorCategory::kEventIdTooLong,
    load::ErrorCategory::kOther};

bool IsBelowHttp(load::ErrorCategory category) {
  return std::find(kBelowHttp.begin(), kBelowHttp.end(), category) != kBelowHttp.end();
}

// Statuses first (most frequent first), then the failures below HTTP (most frequent first).
std::vector<Cause> Causes(const load::RunResult& run) {
  std::vector<Cause> statuses;
  for (const auto& [status, count] : run.error_status_counts) {
    if (count > 0) statuses.push_back({"HTTP " + std::to_string(status), count});
  }
  std::vector<Cause> others;
  for (const auto& [category, count] : run.errors_by_category) {
    if (count == 0) continue;
    // Without statuses (a file from before they were kept) the status categories stand in.
    if (IsBelowHttp(category) || run.error_status_counts.empty()) {
      others.push_back({std::string(load::ErrorCategoryName(category)), count});
    }
  }
  const auto by_count = [](const Cause& a, const Cause& b) { return a.count > b.count; };
  std::stable_sort(statuses.begin(), statuses.end(), by_count);
  std::stable_sort(others.begin(), others.end(), by_count);
  statuses.insert(statuses.end(), others.begin(), others.end());
  return statuses;
}

}  // namespace

std::string ErrorCausesLine(const load::RunResult& run) {
  const std::vector<Cause> causes = Causes(run);
  if (causes.empty()) return "";
  std::string line = "errors:";
  for (size_t i = 0; i < causes.size() && i < kMaxNamedCauses; ++i) {
    line += (i == 0 ? " " : ", ") + causes[i].name + " × " + std::to_string(causes[i].count);
  }
  if (causes.size() > kMaxNamedCauses) {
    uint64_t rest = 0;
    for (size_t i = kMaxNamedCauses; i < causes.size(); ++i) rest += causes[i].count;
    line += ", +" + std::to_string(causes.size() - kMaxNamedCauses) + " more (" +
            std::to_string(rest) + " requests)";
  }
  return line;
}

std::string AcknowledgedLine(const load::RunResult& run) {
  if (run.ok == 0) return "";
  const std::string head = "acknowledged " + std::to_string(run.ok);
  const uint64_t accounted =
      run.event_ids.size() + run.ok_without_event_id + run.duplicate_event_ids;
  if (accounted == 0) return head + " (event_ids not kept)";
  return head + ": " + std::to_string(run.event_ids.size()) + " with distinct event_ids, " +
         std::to_string(run.ok_without_event_id) + " without, " +
         std::to_string(run.duplicate_event_ids) + " repeated";
}

std::string OverriddenThresholdsText(const nlohmann::json& config) {
  if (!config.is_object()) return "";
  const auto overrides = config.find("overrides");
  if (overrides == config.end() || !overrides->is_object()) return "";
  const auto thresholds = overrides->find("thresholds");
  if (thresholds == overrides->end() || !thresholds->is_object() || thresholds->empty()) return "";
  std::string items;
  for (const auto& [name, value] : thresholds->items()) {
    items += (items.empty() ? "" : ", ") + name + "=" +
             (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return "thresholds overridden for this run (SLO_THRESHOLDS / --threshold): " + items;
}

std::string ProgressLine(const load::Progress& progress, std::optional<double> lag_peak_seconds) {
  const double elapsed = std::chrono::duration<double>(progress.elapsed).count();
  if (elapsed < 0) {  // waiting for a start time (slogate run --start-at)
    return "  starts in " + FormatSignificant(std::ceil(-elapsed), 6) + " s";
  }
  const double rate = elapsed > 0 ? static_cast<double>(progress.sent) / elapsed : 0;
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "%6.1fs", elapsed);
  return std::string(seconds) + "  sent " + FormatCount(progress.sent) + " (" +
         FormatSignificant(rate, 3) + "/s of " + FormatSignificant(progress.target_rps, 3) +
         "/s)  in flight " + FormatCount(progress.in_flight) + "  errors " +
         FormatCount(progress.errors) + "  dropped " + FormatCount(progress.dropped) + "  p95 " +
         (progress.last_second_p95 > std::chrono::nanoseconds(0)
              ? FormatLatency(progress.last_second_p95)
              : std::string("-")) +
         (lag_peak_seconds && std::isfinite(*lag_peak_seconds) && *lag_peak_seconds >= 0 &&
                  *lag_peak_seconds < 1e9
              ? "  lag max " + FormatSeconds(*lag_peak_seconds)
              : std::string());
}

void OverwriteProgressLine(std::FILE* terminal, const load::Progress& progress,
                           std::optional<double> lag_peak_seconds) {
  // "\033[K" clears what a longer line before left on the right.
  std::fprintf(terminal, "\r%s\033[K", ProgressLine(progress, lag_peak_seconds).c_str());
  std::fflush(terminal);
}

std::string LatencySplitLine(const load::RunResult& run) {
  return "p95 of " + std::to_string(run.ok_latency.count()) + " OK responses " +
         FormatPercentile(run.ok_latency, 0.95) + ", of " +
         std::to_string(run.failed_latency.count()) + " failed requests " +
         FormatPercentile(run.failed_latency, 0.95);
}

}  // namespace slogate::report
