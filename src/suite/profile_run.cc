#include "slogate/suite/profile_run.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "fail_fast.h"
#include "slogate/common/log.h"
#include "slogate/common/stoppable_wait.h"
#include "slogate/common/units.h"
#include "slogate/promtext/selector.h"
#include "slogate/scrape/audit.h"
#include "slogate/scrape/health.h"
#include "slogate/scrape/lag_prober.h"
#include "slogate/scrape/prometheus_source.h"
#include "slogate/scrape/sampler.h"
#include "slogate/scrape/scraper.h"
#include "slogate/slo/metric_names.h"
#include "slogate/suite/load_plan.h"
#include "slogate/suite/preflight.h"
#include "slogate/suite/shard_collect.h"

namespace slogate::suite {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr milliseconds kScrapeTimeout{2000};
constexpr milliseconds kHealthTimeout{2000};
// How long before a common start (--start-at) the checks, the "before" scrape, the sampler and
// the probes begin: enough for them on a slow target, short enough that nothing else happens
// between the scrape and the load.
constexpr milliseconds kLeadBeforeStart{5000};

// Where the replication lag gauge is among slo's sampled metrics (SampledSelectors' order).
constexpr size_t kLagSelectorIndex = [] {
  for (size_t i = 0; i < slo::kSampledMetrics.size(); ++i) {
    if (slo::kSampledMetrics[i].selector == slo::kReplicatorLag) return i;
  }
  throw "the lag gauge is not sampled";  // not a constant expression: fails the build
}();

// slo's sampled metrics, each with the aggregation slo states for it, then what the profile's
// metric checks read: the gauges they bound, and the counters' families, whose sum must never
// fall (a reset the before/after scrapes alone cannot show). Each summed over its series, as slo
// judges them; one already sampled keeps its aggregation.
std::vector<scrape::SampledSelector> SampledSelectors(const config::LoadProfile& profile) {
  std::vector<scrape::SampledSelector> selectors;
  for (const slo::SampledMetric& metric : slo::kSampledMetrics) {
    scrape::SampledSelector sampled;
    // The texts are constants of slo; a parse failure is a programming error.
    sampled.selector = promtext::Selector::Parse(metric.selector).value();
    sampled.aggregation = metric.aggregation;
    sampled.per_source = metric.per_source;
    if (!metric.merged_label.empty()) sampled.merged_labels.emplace_back(metric.merged_label);
    selectors.push_back(std::move(sampled));
  }
  const auto add = [&selectors](const std::string& text) {
    Result<promtext::Selector> selector = promtext::Selector::Parse(text);
    if (!selector.ok()) return;  // the profile reader refuses these; nothing to sample
    const bool sampled_already =
        std::any_of(selectors.begin(), selectors.end(), [&](const scrape::SampledSelector& s) {
          return s.selector.ToString() == selector->ToString();
        });
    if (sampled_already) return;
    scrape::SampledSelector sampled;
    sampled.selector = std::move(*selector);
    selectors.push_back(std::move(sampled));
  };
  for (const config::MetricCheck& check : profile.metric_checks) {
    if (check.kind == config::MetricCheckKind::kGauge) {
      add(check.of);
      continue;
    }
    for (const std::string& text : {check.of, check.over}) {
      if (text.empty()) continue;
      Result<promtext::Selector> selector = promtext::Selector::Parse(text);
      if (selector.ok()) add(selector->metric_name());
    }
  }
  return selectors;
}

// The metric families slo reads, and those of the profile's metric checks.
std::vector<std::string> MetricsRead(const config::LoadProfile& profile) {
  std::vector<std::string> names = slo::MetricsRead();
  for (const config::MetricCheck& check : profile.metric_checks) {
    for (const std::string& text : {check.of, check.over}) {
      Result<promtext::Selector> selector = promtext::Selector::Parse(text);
      if (text.empty() || !selector.ok()) continue;
      if (std::find(names.begin(), names.end(), selector->metric_name()) == names.end()) {
        names.push_back(selector->metric_name());
      }
    }
  }
  return names;
}

// An empty set that says why there is no scrape (no METRICS_URLS configured).
scrape::ScrapeSet Unscraped() {
  scrape::ScrapeSet set;
  set.taken_at = std::chrono::system_clock::now();
  return set;
}

// Metrics from Prometheus (PROMETHEUS_URL) instead of direct scrapes: the same sets and series,
// read through its HTTP API after the run (scrape/prometheus_source.h); nullptr without it.
std::unique_ptr<scrape::PrometheusSource> MakePrometheusSource(const ProfileRunRequest& request) {
  const config::PrometheusSource& source = request.config->prometheus;
  if (!source.enabled()) return nullptr;
  scrape::PrometheusOptions options;
  options.url = source.url;
  options.selector = source.selector;
  options.bearer_token = source.bearer_token;
  options.basic_user = source.basic_user;
  options.basic_password = source.basic_password;
  options.max_wait = duration_cast<milliseconds>(source.max_wait);
  options.stop = request.hooks.stop;
  // Prometheus reports its scrape interval with the data, after the run (the evidence).
  log::Info("metrics from Prometheus " + source.url + " " +
            (source.selector.empty() ? std::string("(no selector)") : source.selector) +
            " (scrape interval read after the run, which waits up to " +
            units::FormatDuration(source.max_wait) + " for a sample past its end)");
  return std::make_unique<scrape::PrometheusSource>(std::move(options));
}

// Notes the phase a stop arrived in: each phase reports its end, and the first one that ends
// with the stop flag set is the one the signal cut short.
class PhaseWatch {
 public:
  PhaseWatch(const ProfileRunRequest& request, slo::Observations& observations)
      : request_(request), observations_(observations) {}
  bool Stopped() const { return StopRequested(request_.hooks.stop); }
  // True when the run was stopped during (or before) `phase`.
  bool Ended(const char* phase) {
    if (!Stopped()) return false;
    if (observations_.stopped_during.empty()) {
      observations_.stopped_during = phase;
      if (request_.stop_signal) observations_.stop_signal = request_.stop_signal();
      log::Warn("stopped by " +
                (observations_.stop_signal.empty() ? "a signal" : observations_.stop_signal) +
                " during " + phase + ": cutting the rest short and writing what was measured");
    }
    return true;
  }

 private:
  const ProfileRunRequest& request_;
  slo::Observations& observations_;
};

std::optional<Result<scrape::HealthReport>> RefreshHealth(const ProfileRunRequest& request) {
  if (request.target.health.empty()) return std::nullopt;
  return scrape::FetchHealth(request.target.health, kHealthTimeout, request.hooks.stop);
}

scrape::AuditResult Audit(const ProfileRunRequest& request, const load::RunResult& run) {
  const config::Thresholds& thresholds = request.config->thresholds;
  scrape::AuditOptions options;
  options.url_template = request.target.audit_template;
  options.all_below = static_cast<uint64_t>(std::max(0LL, thresholds.audit_all_below));
  options.sample_size = static_cast<uint64_t>(std::max(0LL, thresholds.audit_sample_size));
  options.drain_period = duration_cast<milliseconds>(thresholds.drain_period);
  options.max_drain_period = duration_cast<milliseconds>(thresholds.max_drain_period);
  options.bearer_token = request.config->target.jwt;
  options.stop = request.hooks.stop;
  return scrape::AuditEventIds(options, run.event_ids);
}

// The end-to-end lag probes of a write-path run with an audit URL, or nullptr when there is
// nothing to probe or probing is turned off (lag_probes_per_second = 0).
std::unique_ptr<scrape::LagProber> MakeLagProber(const ProfileRunRequest& request) {
  const config::Thresholds& thresholds = request.config->thresholds;
  if (!request.endpoint->write_path || request.target.audit_template.empty() ||
      thresholds.lag_probes_per_second <= 0) {
    return nullptr;
  }
  scrape::LagProbeOptions options;
  options.url_template = request.target.audit_template;
  options.bearer_token = request.config->target.jwt;
  options.per_second = thresholds.lag_probes_per_second;
  options.poll_interval = duration_cast<milliseconds>(thresholds.lag_probe_interval);
  options.max_wait = duration_cast<milliseconds>(thresholds.max_drain_period);
  return std::make_unique<scrape::LagProber>(std::move(options));
}

// The load's hooks with every acknowledged write also offered to `prober` (if any).
load::RunHooks WithLagProbes(load::RunHooks hooks, scrape::LagProber* prober) {
  if (prober == nullptr) return hooks;
  hooks.on_acknowledged = [prober, chained = std::move(hooks.on_acknowledged)](
                              std::string_view event_id, std::chrono::system_clock::time_point at) {
    prober->Offer(event_id, at);
    if (chained) chained(event_id, at);
  };
  return hooks;
}

// Sampling goes on until the samples can judge the whole run:
//  - two samples past the lag warm-up, so a run shorter than it (DURATION=2 with the default
//    3 s) still judges the replicator's steady state instead of reporting missing data;
//  - max_lag past the end of sending, so the write accounting sees whether the writes
//    acknowledged last were replicated within the bound (a healthy audit ends sooner).
// Through Prometheus a point spans a scrape interval when that is longer than the sampling
// step (prometheus_import.h), so the two samples are two of those. An interrupted run stops
// waiting at once.
void SampleUntilTheRunIsJudged(const config::Thresholds& thresholds, const load::RunResult& run,
                               std::chrono::milliseconds scrape_interval,
                               const std::atomic<bool>* stop) {
  const auto tail =
      2 * std::max<std::chrono::nanoseconds>(thresholds.sampling_interval, scrape_interval);
  const auto sending_end = run.started_at + run.sending_time;
  const auto until = std::max(run.started_at + thresholds.lag_warmup + tail,
                              sending_end + thresholds.max_lag + tail);
  if (run.interrupted) return;
  WaitUnlessStopped(until - std::chrono::system_clock::now(), stop);
}

// What the run can prove, before it is sent: one block on the console, its last line a
// warning when some SLO cannot be proved at this size.
void LogProofPlan(const config::Config& config, const config::LoadProfile& profile) {
  auto plan = PlanProfile(config, profile);
  if (!plan) return;  // MakeLoadOptions accepted the same schedule; RunLoad reports a bad one
  std::string text = slo::PlanText(*plan);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  log::Info("proof plan of " + text);
}

// The "before" set: scraped, or through Prometheus the latest samples, once it has shown that
// it answers and scrapes the selected targets (an error otherwise: no load is sent).
Result<scrape::ScrapeSet> ScrapeBefore(scrape::Scraper* scraper,
                                       scrape::PrometheusSource* prometheus) {
  if (prometheus == nullptr) return scraper ? scraper->ScrapeAll() : Unscraped();
  Result<scrape::ScrapeSet> checked =
      prometheus->Check(std::chrono::system_clock::now(), slo::MetricsRead());
  if (checked.ok()) return checked;
  return MakeError(checked.error().code,
                   "pre-flight: " + checked.error().message + "; no load was sent");
}

// Before the load: the health refresh, the "before" scrape and the pre-flight. An error when
// the target or Prometheus does not answer (no load is sent then); warnings are logged.
Status MeasureBefore(const ProfileRunRequest& request, scrape::Scraper* scraper,
                     scrape::PrometheusSource* prometheus, slo::Observations& observations) {
  // /v1/health first: it refreshes the DLQ gauge, so "before" holds a current depth.
  PhaseWatch phases(request, observations);
  auto interrupted = [&observations] {
    return MakeError("interrupted",
                     "interrupted by " +
                         (observations.stop_signal.empty() ? std::string("a signal")
                                                           : observations.stop_signal) +
                         " before the load: nothing was sent; rerun without "
                         "interruption to measure");
  };
  const std::optional<Result<scrape::HealthReport>> health_before = RefreshHealth(request);
  if (phases.Ended("the health refresh before the load")) return interrupted();
  Result<scrape::ScrapeSet> before = ScrapeBefore(scraper, prometheus);
  if (phases.Ended("the scrape before the load")) return interrupted();
  if (!before.ok()) return before.error();
  observations.before = std::move(*before);
  PreflightInput checks;
  checks.target = request.target;
  checks.write_path = observations.write_path;
  checks.bearer_token = request.config->target.jwt;
  checks.before = &observations.before;
  checks.health = &health_before;
  checks.metrics_from_prometheus = prometheus != nullptr;
  const Preflight preflight = RunPreflight(checks);
  if (preflight.target_down) return MakeError("target_down", *preflight.target_down);
  if (phases.Ended("the checks before the load")) return interrupted();
  for (const std::string& warning : preflight.warnings) {
    log::Warn("profile \"" + request.profile->name + "\": " + warning);
  }
  return Status::Ok();
}

// Through Prometheus, the before/after sets and the sampled series of the whole run, once it
// holds a sample from after `ended` (the moment a direct "after" scrape would have been taken);
// the sampled range runs on to now, the end of the run's tail.
void ReadFromPrometheus(const ProfileRunRequest& request, scrape::PrometheusSource& prometheus,
                        scrape::WallTime ended, slo::Observations& observations) {
  scrape::PrometheusRead read =
      prometheus.Read(observations.run.started_at, ended, std::chrono::system_clock::now(),
                      duration_cast<milliseconds>(request.config->thresholds.sampling_interval),
                      MetricsRead(*request.profile), SampledSelectors(*request.profile));
  observations.before = std::move(read.before);
  observations.after = std::move(read.after);
  observations.sampled = std::move(read.sampled);
  observations.prometheus = std::move(read.evidence);
}

// After the load: the drain, the probes settling, the final health refresh and scrape, and the
// sampling of the run's tail (through Prometheus: the wait for it, then its data). Once
// stopped, what is still to come is skipped: the findings of an interrupted run are
// INCONCLUSIVE whatever it would show, and the reports come first.
void MeasureAfter(const ProfileRunRequest& request, scrape::Scraper* scraper,
                  scrape::Sampler* sampler, scrape::PrometheusSource* prometheus,
                  scrape::LagProber* prober, slo::Observations& observations) {
  const config::Thresholds& thresholds = request.config->thresholds;
  PhaseWatch phases(request, observations);
  phases.Ended("the load");
  const auto sent_at = std::chrono::steady_clock::now();
  // The drain: the audit waits (bounded by the drain period) for every acknowledged write to
  // be readable; without an audit URL the replicator gets the plain drain period. The sampler
  // keeps running meanwhile so lag recovery after the last burst is seen.
  const bool audit = observations.write_path && !request.target.audit_template.empty();
  if (audit) {
    observations.audit = Audit(request, observations.run);
    phases.Ended("the audit");
  } else {
    WaitUnlessStopped(thresholds.drain_period, request.hooks.stop);
    phases.Ended("the drain");
  }
  if (prober) {
    // The probes settle while the audit runs and get as long as the audit chose to wait (at
    // least drain_period after sending, longer while missing writes were still turning up);
    // what is open then ends unfinished, its lag known to be at least its last 404. A healthy
    // target settles them in milliseconds, so this adds no time there, and a lost write does
    // not hold the run for max_drain_period. A stopped run ends them at once.
    const auto drained = std::chrono::steady_clock::now() - sent_at;
    const auto left = phases.Stopped()
                          ? milliseconds(0)
                          : duration_cast<milliseconds>(thresholds.drain_period - drained);
    observations.lag_probes = prober->Stop(std::max(milliseconds(0), left));
    phases.Ended("the lag probes");
  }
  scrape::WallTime ended;
  if (!phases.Stopped()) {
    observations.final_health = RefreshHealth(request);
    ended = std::chrono::system_clock::now();
    observations.after = scraper ? scraper->ScrapeAll() : Unscraped();
    phases.Ended("the scrape after the load");
  } else {
    observations.after = Unscraped();
  }
  if (sampler || prometheus) {
    SampleUntilTheRunIsJudged(thresholds, observations.run,
                              prometheus ? prometheus->scrape_interval() : milliseconds(0),
                              request.hooks.stop);
    phases.Ended("the sampling of the run's tail");
  }
  if (sampler) {
    sampler->Stop();
    observations.sampled = sampler->Series();
  }
  if (prometheus && !phases.Stopped()) {
    ReadFromPrometheus(request, *prometheus, ended, observations);
    phases.Ended("the wait for Prometheus");
  }
  observations.interrupted_after_sending = !observations.run.interrupted && phases.Stopped();
}

}  // namespace

TargetUrls RemoteTargetUrls(const config::Config& config) {
  TargetUrls urls;
  urls.api = config.target.url;
  urls.metrics = config.metrics_urls;
  urls.health = config.health_url;
  urls.audit_template = config.audit_url_template;
  return urls;
}

Result<slo::Observations> RunProfile(const ProfileRunRequest& request) {
  const config::Config& config = *request.config;
  auto options = MakeLoadOptions(config, *request.profile, *request.endpoint, request.target.api);
  if (!options) return options.error();
  options->transport = request.transport;
  // Of the whole run's cap, before a share takes its part of it.
  if (auto warning =
          CapTooSmallWarning(request.profile->name, *options, config.thresholds.latency_p95)) {
    log::Warn(*warning);
  }
  if (Status share = load::TakeShare(*options, request.shard, request.start_at); !share.ok()) {
    return share.error();
  }
  LogProofPlan(config, *request.profile);

  slo::Observations observations;
  observations.profile = request.profile->name;
  observations.endpoint = request.endpoint->name;
  observations.write_path = request.endpoint->write_path;

  std::unique_ptr<scrape::PrometheusSource> prometheus = MakePrometheusSource(request);
  std::unique_ptr<scrape::Scraper> scraper;
  std::unique_ptr<scrape::Sampler> sampler;
  if (!prometheus && !request.target.metrics.empty()) {
    scraper = std::make_unique<scrape::Scraper>(
        request.target.metrics,
        scrape::ScrapeOptions{kScrapeTimeout, {}, true, request.hooks.stop});
  }
  // A common start: the checks and the "before" scrape come just ahead of every share's first
  // request, as in a run started at once (a counter reset or other traffic in a long wait would
  // fall between them and the load); the engine waits the rest.
  if (request.start_at) {
    const auto wait = std::min<std::chrono::nanoseconds>(
        *request.start_at - kLeadBeforeStart - std::chrono::system_clock::now(),
        load::kMaxStartWait);
    WaitUnlessStopped(wait, request.hooks.stop);
    if (request.hooks.stop != nullptr && request.hooks.stop->load()) {
      return MakeError("interrupted", "stopped while waiting for the start: nothing was sent");
    }
  }
  if (Status ready = MeasureBefore(request, scraper.get(), prometheus.get(), observations);
      !ready.ok()) {
    return ready.error();
  }
  if (scraper) {
    sampler = std::make_unique<scrape::Sampler>(
        *scraper, SampledSelectors(*request.profile),
        duration_cast<milliseconds>(config.thresholds.sampling_interval));
    sampler->Start();
  }

  std::unique_ptr<scrape::LagProber> prober = MakeLagProber(request);
  if (prober) prober->Start();
  load::RunHooks hooks = WithLagProbes(request.hooks, prober.get());
  if (request.on_progress) {
    hooks.on_progress = [&request, sampler = sampler.get(),
                         chained = std::move(hooks.on_progress)](const load::Progress& progress) {
      if (chained) chained(progress);
      request.on_progress(progress,
                          sampler != nullptr ? sampler->Peak(kLagSelectorIndex) : std::nullopt);
    };
  }
  std::unique_ptr<FailFast> fail_fast;
  if (slo::SloSet slos = slo::SloSetFor(config, *request.profile);
      slos.rules.abort_on_breach.enabled) {
    fail_fast = std::make_unique<FailFast>(request.profile->name, std::move(slos), *options,
                                           observations.write_path, prober.get());
    hooks = fail_fast->Hooks(std::move(hooks));
  }
  // The live line's lag counts from here: the samples before the load are the previous state.
  if (sampler) sampler->ResetPeaks();
  auto run = load::RunLoad(*options, hooks);
  if (request.after_load) request.after_load();
  if (!run) {
    if (sampler) sampler->Stop();
    return run.error();
  }
  observations.run = std::move(*run);
  // A breach found after the last send stopped nothing: the run is whole.
  if (fail_fast && observations.run.aborted) observations.early_stop = fail_fast->early_stop();
  if (request.shard.count > 1) {
    // The whole run, before the audit reads its acknowledged writes and the SLOs judge it. A
    // share stopped on a certain breach waits out the schedule too: no signal reaches the
    // others, which send on, and its verdict is the whole run's all the same.
    const std::chrono::nanoseconds wait =
        kShardResultsWait +
        (observations.run.aborted ? options->schedule.duration : std::chrono::nanoseconds(0));
    Result<load::RunResult> whole =
        CollectShards(observations.run, {request.shard_results, wait, request.hooks.stop});
    if (!whole) {
      if (sampler) sampler->Stop();
      return whole.error();
    }
    observations.run = std::move(*whole);
  }
  MeasureAfter(request, scraper.get(), sampler.get(), prometheus.get(), prober.get(), observations);
  return observations;
}

}  // namespace slogate::suite
