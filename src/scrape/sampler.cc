#include "slogate/scrape/sampler.h"

#include <utility>

namespace slogate::scrape {

Sampler::Sampler(Scraper& scraper, std::vector<promtext::Selector> selectors,
                 std::chrono::milliseconds interval)
    : Sampler(scraper, std::move(selectors), interval, SamplerLimits{}) {}

Sampler::Sampler(Scraper& scraper, std::vector<promtext::Selector> selectors,
                 std::chrono::milliseconds interval, SamplerLimits limits)
    : scraper_(scraper),
      selectors_(std::move(selectors)),
      interval_(interval),
      limits_(limits),
      points_(selectors_.size()),
      dropped_points_(selectors_.size(), 0) {}

Sampler::~Sampler() { Stop(); }

void Sampler::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void Sampler::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Sampler::Run() {
  auto next_tick = std::chrono::steady_clock::now();
  while (true) {
    Record(scraper_.ScrapeAll());
    // Fixed schedule: the next tick is a whole number of intervals after the first, so
    // sampling does not drift by the scrape's own duration; overrun ticks are skipped.
    const auto now = std::chrono::steady_clock::now();
    next_tick += interval_;
    if (next_tick <= now) {
      next_tick += ((now - next_tick) / interval_ + 1) * interval_;
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_until(lock, next_tick, [this] { return stopping_; })) return;
  }
}

void Sampler::Record(ScrapeSet set) {
  const std::optional<Error> failure = FirstFailure(set);
  std::vector<SamplePoint> points;
  points.reserve(selectors_.size());
  for (const promtext::Selector& selector : selectors_) {
    SamplePoint point;
    point.at = set.taken_at;
    if (failure.has_value()) {
      point.error = failure->message;
    } else {
      point.value = SumAcross(set, selector);
    }
    points.push_back(std::move(point));
  }

  std::lock_guard lock(mutex_);
  ++scrape_count_;
  for (size_t i = 0; i < points.size(); ++i) {
    points_[i].push_back(std::move(points[i]));
    if (points_[i].size() > limits_.max_points_per_series) {
      points_[i].pop_front();
      ++dropped_points_[i];
    }
  }
  if (limits_.max_sets > 0) {
    sets_.push_back(std::move(set));
    if (sets_.size() > limits_.max_sets) sets_.pop_front();
  }
}

std::vector<SampledSeries> Sampler::Series() const {
  std::lock_guard lock(mutex_);
  std::vector<SampledSeries> series(selectors_.size());
  for (size_t i = 0; i < selectors_.size(); ++i) {
    series[i].selector = selectors_[i].ToString();
    series[i].points.assign(points_[i].begin(), points_[i].end());
    series[i].dropped_points = dropped_points_[i];
  }
  return series;
}

std::vector<ScrapeSet> Sampler::Sets() const {
  std::lock_guard lock(mutex_);
  return {sets_.begin(), sets_.end()};
}

std::uint64_t Sampler::scrape_count() const {
  std::lock_guard lock(mutex_);
  return scrape_count_;
}

}  // namespace slogate::scrape
