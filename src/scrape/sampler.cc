#include "slogate/scrape/sampler.h"

#include <algorithm>
#include <utility>

namespace slogate::scrape {

Sampler::Sampler(Scraper& scraper, std::vector<SampledSelector> selectors,
                 std::chrono::milliseconds interval)
    : Sampler(scraper, std::move(selectors), interval, SamplerLimits{}) {}

Sampler::Sampler(Scraper& scraper, std::vector<SampledSelector> selectors,
                 std::chrono::milliseconds interval, SamplerLimits limits)
    : scraper_(scraper),
      // The schedule divides by the period: a zero one (a caller's sub-millisecond value
      // truncated) must not crash the suite; config refuses anything under 10 ms anyway.
      interval_(std::max(interval, std::chrono::milliseconds(1))),
      limits_(limits),
      recorder_(std::move(selectors), limits) {}

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
  std::lock_guard lock(mutex_);
  ++scrape_count_;
  recorder_.Record(set);
  if (limits_.max_sets > 0) {
    sets_.push_back(std::move(set));
    if (sets_.size() > limits_.max_sets) sets_.pop_front();
  }
}

std::vector<SampledSeries> Sampler::Series() const {
  std::lock_guard lock(mutex_);
  return recorder_.Series();
}

std::vector<ScrapeSet> Sampler::Sets() const {
  std::lock_guard lock(mutex_);
  return {sets_.begin(), sets_.end()};
}

std::uint64_t Sampler::scrape_count() const {
  std::lock_guard lock(mutex_);
  return scrape_count_;
}

std::optional<double> Sampler::Peak(std::size_t index) const {
  std::lock_guard lock(mutex_);
  return recorder_.Peak(index);
}

void Sampler::ResetPeaks() {
  std::lock_guard lock(mutex_);
  recorder_.ResetPeaks();
}

}  // namespace slogate::scrape
