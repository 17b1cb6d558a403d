// FailFast: abort_on_breach for one profile run. It watches the load's progress (and the lag
// prober's late writes), asks slo::CertainBreach once a second, and on a certain breach sets
// the abort flag the load engine stops on, logs one line and keeps the EarlyStop for the
// observations. The judgement is slo's; this only feeds it the live counts.
//
// Thread-safety: Hooks() and early_stop() from the thread that runs the load; the progress
// callback runs on the engine's monitor thread, which RunLoad joins before it returns.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "slogate/config/config.h"
#include "slogate/load/engine.h"
#include "slogate/load/load_options.h"
#include "slogate/scrape/lag_prober.h"
#include "slogate/slo/early_breach.h"
#include "slogate/slo/evaluate.h"
#include "slogate/suite/load_plan.h"

namespace slogate::suite {

class FailFast {
 public:
  // `options` are the run's (a valid schedule); `write_path` is the endpoint's; `prober` may be
  // null and must outlive the run.
  FailFast(std::string profile, slo::SloSet slos, const load::LoadOptions& options,
           bool write_path, const scrape::LagProber* prober);
  FailFast(const FailFast&) = delete;
  FailFast& operator=(const FailFast&) = delete;

  // `hooks` with the abort flag set and on_progress chained (the caller's callback still runs).
  load::RunHooks Hooks(load::RunHooks hooks);

  // The certain breach that aborted the run, if one did.
  const std::optional<slo::EarlyStop>& early_stop() const { return early_stop_; }

 private:
  void OnProgress(const load::Progress& progress);

  std::string profile_;
  slo::SloSet slos_;
  const scrape::LagProber* prober_;
  slo::LiveRun live_;  // the run's fixed facts; progress and lagging filled per callback
  std::atomic<bool> abort_{false};
  std::optional<slo::EarlyStop> early_stop_;
};

}  // namespace slogate::suite
