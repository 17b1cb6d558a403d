// Observations: everything one run measured that the SLOs judge, as plain data.
//
// The conformance fixture fills it (load run, scrapes, sampler, health, audit); slo::Evaluate
// reads it. No I/O happens after this point.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/load/run_result.h"
#include "slogate/scrape/audit_types.h"
#include "slogate/scrape/health_report.h"
#include "slogate/scrape/lag_probe_types.h"
#include "slogate/scrape/prometheus_types.h"
#include "slogate/scrape/scrape_types.h"
#include "slogate/slo/finding.h"

namespace slogate::slo {

struct Observations {
  std::string profile;   // load profile name ("smoke", ...), named in every message
  std::string endpoint;  // endpoint name ("write", ...)
  // The gateway write path: only its runs move the write-through/WAL/replicator metrics and
  // carry event_ids, so the metric SLOs are SKIPPED for other endpoints.
  bool write_path = true;

  load::RunResult run;  // burst windows come from run.burst_windows
  // SIGINT/SIGTERM arrived after the last send (run.interrupted covers a stop while sending):
  // the drain, the audit or the sampling of the run's tail was cut short, so no SLO may pass.
  bool interrupted_after_sending = false;
  // The signal that stopped the run ("SIGINT", "SIGTERM") and the phase it arrived in ("the
  // load", "the drain", "the audit", ...), named in every finding it cut short; empty when
  // unknown or when nothing stopped the run.
  std::string stop_signal;
  std::string stopped_during;
  // abort_on_breach stopped sending (run.aborted): the certain breach that did it.
  std::optional<EarlyStop> early_stop;

  // Scrapes of every metrics endpoint: right before the run (after a /v1/health refresh) and
  // after the drain period (right after the final /v1/health refresh).
  scrape::ScrapeSet before;
  scrape::ScrapeSet after;
  // Sampled during the run and the drain, one series per entry of kSampledMetrics (selector
  // text exactly as there). A missing entry means the sampler did not run.
  std::vector<scrape::SampledSeries> sampled;
  // Set when before, after and sampled were read from Prometheus (PROMETHEUS_URL): the queries
  // behind them and, per metric, what they could not show.
  std::optional<scrape::PrometheusEvidence> prometheus;

  // The /v1/health call right before the final scrape (it refreshes the DLQ gauge); nullopt
  // when no health URL was configured.
  std::optional<Result<scrape::HealthReport>> final_health;
  // The zero-loss audit; nullopt when no audit URL was configured.
  std::optional<scrape::AuditResult> audit;
  // The end-to-end lag probes taken while the load ran (and settled during the drain);
  // nullopt when no audit URL was configured or probing was turned off.
  std::optional<scrape::LagProbeResult> lag_probes;

  // The sampled series with this selector text, or nullptr.
  const scrape::SampledSeries* FindSeries(std::string_view selector) const;
};

}  // namespace slogate::slo
