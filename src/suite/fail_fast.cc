#include "fail_fast.h"

#include <chrono>
#include <utility>

#include "slogate/common/log.h"
#include "slogate/load/schedule.h"

namespace slogate::suite {
namespace {

// Late writes handed to CertainBreach per look, oldest first. Those acknowledged in the
// warm-up or a burst's recovery span do not count and come first, so the limit leaves room
// for them: 4 probes a second through ten 14 s recovery spans are 560.
constexpr std::size_t kLaggingLimit = 1024;

}  // namespace

FailFast::FailFast(std::string profile, slo::SloSet slos, const load::LoadOptions& options,
                   bool write_path, const scrape::LagProber* prober)
    : profile_(std::move(profile)), slos_(std::move(slos)), prober_(prober) {
  live_.planned = PlannedArrivalsAtMost(options);
  live_.concurrency = options.concurrency;
  live_.write_path = write_path;
  if (auto schedule = load::Schedule::Create(options.schedule)) {
    live_.burst_windows = schedule->burst_windows();
    live_.peak_rps = schedule->PeakRate();
  }
}

load::RunHooks FailFast::Hooks(load::RunHooks hooks) {
  hooks.abort = &abort_;
  hooks.on_progress = [this, chained = std::move(hooks.on_progress)](
                          const load::Progress& progress) {
    OnProgress(progress);
    if (chained) chained(progress);
  };
  return hooks;
}

void FailFast::OnProgress(const load::Progress& progress) {
  if (abort_.load()) return;
  if (live_.progress.elapsed == std::chrono::nanoseconds(0)) {
    // The engine counts elapsed from its start; the wall clock of that start places the
    // probes' acknowledgements in the run (milliseconds off at most).
    live_.started_at = std::chrono::system_clock::now() -
                       std::chrono::duration_cast<std::chrono::system_clock::duration>(
                           progress.elapsed);
  }
  live_.progress = progress;
  if (prober_ != nullptr) {
    live_.lagging = prober_->KnownLaggingBeyond(slos_.thresholds.max_lag, kLaggingLimit);
  }
  std::optional<slo::EarlyStop> stop = slo::CertainBreach(live_, slos_);
  if (!stop) return;
  log::Warn("profile " + profile_ + ": " + slo::EarlyStopText(*stop));
  early_stop_ = std::move(stop);
  abort_.store(true);
}

}  // namespace slogate::suite
