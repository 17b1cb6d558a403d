#include "slogate/scrape/target_record.h"

#include <algorithm>
#include <cmath>

namespace slogate::scrape {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Longer than any scrape timeout: a larger "duration" is not one, and would overflow.
constexpr double kMaxScrapeSeconds = 24 * 3600;

Labels WithoutName(const PromSeries& series) {
  Labels labels;
  for (const auto& label : series.labels) {
    if (label.first != "__name__") labels.push_back(label);
  }
  return labels;
}

}  // namespace

std::string EndpointOf(const PromSeries& series) {
  const std::string_view instance = series.Label("instance");
  return instance.empty() ? "prometheus" : std::string(instance);
}

std::vector<PromPoint>::const_iterator FirstAtOrAfter(const std::vector<PromPoint>& points,
                                                      WallTime at) {
  return std::lower_bound(points.begin(), points.end(), at,
                          [](const PromPoint& p, WallTime t) { return p.at < t; });
}

const PromPoint* SampleAt(const std::vector<PromPoint>& points, WallTime at) {
  const auto found = FirstAtOrAfter(points, at);
  return found != points.end() && found->at == at ? &*found : nullptr;
}

const PromPoint* TargetRecord::ScrapeAt(WallTime at) const {
  return up == nullptr ? nullptr : SampleAt(up->points, at);
}

std::optional<WallTime> TargetRecord::EndOf(WallTime at) const {
  const PromPoint* took = duration == nullptr ? nullptr : SampleAt(duration->points, at);
  if (took == nullptr || !(took->value >= 0 && took->value <= kMaxScrapeSeconds)) {
    return std::nullopt;
  }
  return at + std::chrono::nanoseconds(std::llround(took->value * 1e9)) + kScrapeStampTolerance;
}

const PromPoint* TargetRecord::LastSucceededBy(WallTime at) const {
  if (up == nullptr) return nullptr;
  // Scrapes start in order and none runs for over kMaxScrapeSeconds: look back from the last
  // scrape stamped by `at` until a successful one is known to have ended by then.
  auto it = FirstAtOrAfter(up->points, at + std::chrono::nanoseconds(1));
  while (it != up->points.begin()) {
    --it;
    if (at - it->at > std::chrono::seconds(static_cast<int64_t>(kMaxScrapeSeconds))) break;
    if (it->value != 1) continue;
    const std::optional<WallTime> end = EndOf(it->at);
    if (end.has_value() && *end <= at) return &*it;
  }
  return nullptr;
}

const PromPoint* TargetRecord::OffScrape(const PromSeries& series, WallTime from,
                                         WallTime to) const {
  for (auto it = FirstAtOrAfter(series.points, from); it != series.points.end() && it->at < to;
       ++it) {
    const PromPoint* scrape = ScrapeAt(it->at);
    if (scrape == nullptr || scrape->value != 1) return &*it;
  }
  return nullptr;
}

std::string TargetRecord::Duplicated(const std::string& instance) const {
  if (jobs.size() < 2) return {};
  std::string names;
  for (const std::string& job : jobs) names += (names.empty() ? "" : ", ") + ("\"" + job + "\"");
  return "Prometheus scrapes " + instance + " as " + std::to_string(jobs.size()) +
         " targets (jobs " + names +
         "), so each of its counters would count once per target: narrow PROM_SELECTOR to one "
         "of them";
}

std::map<std::string, TargetRecord> IndexTargets(const TargetScrapes& targets, WallTime since) {
  std::map<Labels, const PromSeries*> duration_of;
  for (const PromSeries& duration : targets.durations)
    duration_of[WithoutName(duration)] = &duration;
  std::map<std::string, TargetRecord> index;
  for (const PromSeries& up : targets.up) {
    if (up.points.empty() || up.points.back().at < since) continue;
    TargetRecord& record = index[EndpointOf(up)];
    record.jobs.emplace_back(up.Label("job"));
    if (record.up != nullptr) continue;
    record.up = &up;
    const auto found = duration_of.find(WithoutName(up));
    if (found != duration_of.end()) record.duration = found->second;
  }
  return index;
}

}  // namespace slogate::scrape
