// RunProfile: one conformance measurement — load through one endpoint with the target's
// metrics scraped before, sampled during and scraped after, then the health refresh and the
// zero-loss audit — gathered into slo::Observations for evaluation. With PROMETHEUS_URL the
// metrics are read from Prometheus instead: checked before the load, read after the run's tail
// once Prometheus has ingested a sample past the run's end (scrape/prometheus_source.h).
//
// This is orchestration only: load, scrape and slo do the work. It blocks for the profile's
// duration plus the drain; once hooks.stop is set, every phase still to come is cut short or
// skipped, so it returns within about a second (docs/load.md, "Waits and their upper
// bounds"). Thread-compatible.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "slogate/common/result.h"
#include "slogate/config/config.h"
#include "slogate/load/engine.h"
#include "slogate/slo/observations.h"
#include "slogate/suite/target_urls.h"

namespace slogate::suite {

struct ProfileRunRequest {
  const config::Config* config = nullptr;
  const config::LoadProfile* profile = nullptr;
  const config::Endpoint* endpoint = nullptr;
  TargetUrls target;     // metrics/health/audit may be empty: those checks then lack data
  load::RunHooks hooks;  // stop flag and progress, passed to the load engine
  // Called with the engine's progress (about once a second) and the highest replication lag
  // the sampled gauge has read so far (empty without sampled metrics): the suite's live line.
  std::function<void(const load::Progress&, std::optional<double> lag_peak_seconds)>
      on_progress;
  // Names the signal that set hooks.stop ("SIGINT"), for the findings an interrupt cuts short.
  std::function<std::string()> stop_signal;
  // Called once sending has ended, before the drain and the measurements after it (the suite
  // ends its live progress line there, so that what is logged next starts a line of its own).
  std::function<void()> after_load;
  // A run split across machines (docs/distributed.md): this share of the schedule, sent from
  // `start_at` (the "before" scrape is taken ahead of it); as share 0 of several, the other
  // shares' results are collected from `shard_results` once this one is sent, and the
  // observations hold the merged run, which the audit and every SLO then judge.
  load::ShardSpec shard;
  std::optional<std::chrono::system_clock::time_point> start_at;
  std::string shard_results;
  // How the load's requests go out (SuiteFlags::transport).
  load::TransportChoice transport = load::TransportChoice::kAuto;
};

// Measures one (profile, endpoint). An error only when the run could not be set up (invalid
// options, libcurl setup) or was stopped before sending; an unreachable target or metrics
// endpoint is data in the result.
Result<slo::Observations> RunProfile(const ProfileRunRequest& request);

// The URLs a Config names for a remote target (TARGET_URL, METRICS_URLS, HEALTH_URL,
// AUDIT_URL_TEMPLATE). Pure.
TargetUrls RemoteTargetUrls(const config::Config& config);

}  // namespace slogate::suite
