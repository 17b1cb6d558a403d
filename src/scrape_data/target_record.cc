#include "slogate/scrape/target_record.h"

#include <algorithm>
#include <cmath>

namespace slogate::scrape {
namespace {

// Longer than any scrape timeout: a larger "duration" is not one, and would overflow.
constexpr double kMaxScrapeSeconds = 24 * 3600;

std::vector<std::pair<std::string, std::string>> WithoutName(const PromSeries& series) {
  std::vector<std::pair<std::string, std::string>> labels;
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

const PromPoint* TargetRecord::ScrapeAt(WallTime at) const {
  if (up == nullptr) return nullptr;
  const auto found = FirstAtOrAfter(up->points, at);
  return found != up->points.end() && found->at == at ? &*found : nullptr;
}

std::optional<WallTime> TargetRecord::EndOf(WallTime at) const {
  if (duration == nullptr) return std::nullopt;
  const auto found = FirstAtOrAfter(duration->points, at);
  if (found == duration->points.end() || found->at != at) return std::nullopt;
  const double seconds = found->value;
  if (!(seconds >= 0 && seconds <= kMaxScrapeSeconds)) return std::nullopt;
  return at + std::chrono::nanoseconds(std::llround(seconds * 1e9));
}

const PromPoint* TargetRecord::LastEndedBy(WallTime at) const {
  if (up == nullptr) return nullptr;
  // Scrapes start in order and none runs for over kMaxScrapeSeconds: look back from the last
  // scrape started by `at` until one is known to have ended by then.
  auto it = FirstAtOrAfter(up->points, at + std::chrono::nanoseconds(1));
  while (it != up->points.begin()) {
    --it;
    if (at - it->at > std::chrono::seconds(static_cast<int64_t>(kMaxScrapeSeconds))) break;
    const std::optional<WallTime> end = EndOf(it->at);
    if (end.has_value() && *end <= at) return &*it;
  }
  return nullptr;
}

const PromPoint* TargetRecord::OffScrape(const PromSeries& series, WallTime from,
                                         WallTime to) const {
  for (auto it = FirstAtOrAfter(series.points, from); it != series.points.end() && it->at < to;
       ++it) {
    if (ScrapeAt(it->at) == nullptr) return &*it;
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
  std::map<std::string, TargetRecord> index;
  for (const PromSeries& up : targets.up) {
    if (up.points.empty() || up.points.back().at < since) continue;
    TargetRecord& record = index[EndpointOf(up)];
    record.jobs.emplace_back(up.Label("job"));
    if (record.up != nullptr) continue;
    record.up = &up;
    const auto labels = WithoutName(up);
    for (const PromSeries& duration : targets.durations) {
      if (WithoutName(duration) == labels) record.duration = &duration;
    }
  }
  return index;
}

}  // namespace slogate::scrape
