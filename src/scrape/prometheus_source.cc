#include "slogate/scrape/prometheus_source.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "prometheus_client.h"
#include "slogate/common/log.h"
#include "slogate/common/stoppable_wait.h"
#include "slogate/common/units.h"
#include "slogate/scrape/clock_offset.h"
#include "slogate/scrape/prometheus_answer.h"
#include "slogate/scrape/prometheus_import.h"
#include "slogate/scrape/promql.h"

namespace slogate::scrape {
namespace {

using std::chrono::milliseconds;

// The most points a sampled series read from Prometheus gets: longer runs get wider windows.
constexpr int64_t kMaxWindows = 10000;
// How often the ingestion wait asks whether the samples from after the run have arrived.
constexpr milliseconds kIngestionPoll{250};
// When Prometheus's scrape interval is unknown: its default staleness window, the longest a
// live series may go without a sample.
constexpr milliseconds kUnknownIntervalLookback{std::chrono::minutes(5)};

WallTime WholeMilliseconds(WallTime at) {
  return WallTime(std::chrono::floor<milliseconds>(at.time_since_epoch()));
}

WallTime CeilMilliseconds(WallTime at) {
  return WallTime(std::chrono::ceil<milliseconds>(at.time_since_epoch()));
}

// Unix seconds with milliseconds, as the API reads them: "1700000000.123".
std::string UnixSecondsText(WallTime at) {
  const int64_t millis = std::chrono::duration_cast<milliseconds>(at.time_since_epoch()).count();
  char text[32];
  std::snprintf(text, sizeof(text), "%lld.%03lld", static_cast<long long>(millis / 1000),
                static_cast<long long>(millis % 1000));
  return text;
}

// The scrape interval of the targets `selector` matches (the longest); zero when unknown.
Result<milliseconds> ScrapeInterval(PrometheusClient& client, const std::string& selector_text) {
  Result<std::string> body = client.Get("/api/v1/targets", {{"state", "active"}});
  if (!body.ok()) return body.error();
  Result<std::vector<PromTarget>> targets =
      ParsePromTargetsAnswer(*body, client.RequestText("/api/v1/targets", {{"state", "active"}}));
  if (!targets.ok()) return targets.error();
  Result<promtext::Selector> selector = ParsePromSelector(selector_text);
  if (!selector.ok()) return selector.error();
  milliseconds longest{0};
  for (const PromTarget& target : *targets) {
    promtext::LabelList labels;
    for (const auto& [name, value] : target.labels) labels.push_back({name, value});
    promtext::Sample sample;
    sample.labels = labels;
    if (selector->Matches(sample)) longest = std::max(longest, target.scrape_interval);
  }
  return longest;
}

// One instant query's series, with the query text used as the answer's source in errors.
Result<std::vector<PromSeries>> InstantQuery(PrometheusClient& client, const std::string& promql,
                                             std::optional<WallTime> at) {
  QueryParams params = {{"query", promql}};
  if (at.has_value()) params.emplace_back("time", UnixSecondsText(*at));
  Result<std::string> body = client.Get("/api/v1/query", params);
  if (!body.ok()) return body.error();
  return ParsePromQueryAnswer(*body, client.RequestText("/api/v1/query", params));
}

// An endpoint standing for Prometheus itself when a query failed: every computation over the
// set then fails with the reason (DeltaOf's scrape_failed).
EndpointScrape FailedEndpoint(const std::string& url, WallTime at, const Error& error) {
  EndpointScrape endpoint;
  endpoint.url = url;
  endpoint.taken_at = at;
  endpoint.snapshot = error;
  return endpoint;
}

// Whether the answer of one ingestion query shows its metric's live series all at or after
// `ended` (an empty answer: none is live, so none is waited for); an error for a failed query.
Result<bool> Ingested(PrometheusClient& client, const std::string& promql, WallTime ended) {
  Result<std::vector<PromSeries>> oldest = InstantQuery(client, promql, std::nullopt);
  if (!oldest.ok()) return oldest.error();
  if (oldest->empty() || oldest->front().points.empty()) return true;
  const double at = oldest->front().points.back().value;
  return std::isnan(at) || at >= std::chrono::duration<double>(ended.time_since_epoch()).count();
}

// The ingestion wait: until the oldest "latest sample" of the live series of each metric is at
// or after `ended`, at most max_wait. Series whose target went away are stale, so they are not
// waited for: the raw samples show they have nothing after the end, which is a problem of
// their own. Returns false when stopped.
bool AwaitIngestion(PrometheusClient& client, const PrometheusOptions& options, WallTime ended,
                    const std::vector<std::string>& queries, PrometheusEvidence& evidence) {
  const auto began = std::chrono::steady_clock::now();
  const auto deadline = began + options.max_wait;
  size_t next = 0;  // the queries before it have been answered as ingested
  while (next < queries.size()) {
    Result<bool> ingested = Ingested(client, queries[next], ended);
    if (options.stop != nullptr && options.stop->load()) return false;  // the query was cut short
    if (!ingested.ok()) {
      // An unreachable server is left to the reads, which record the error where it matters;
      // the log says the wait was cut short, so that a late sample is not taken for a lost one.
      log::Warn("the wait for Prometheus to ingest the samples from after the run ended early: " +
                ingested.error().message);
      break;
    }
    if (*ingested) {
      ++next;
      continue;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    if (!WaitUntilUnlessStopped(
            std::min(deadline, std::chrono::steady_clock::now() + kIngestionPoll), options.stop)) {
      return false;
    }
  }
  evidence.ingestion_wait =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - began);
  return true;
}

// Prometheus's clock against ours: time() evaluated at its own now, between two readings of
// ours. The query is recorded with what it showed.
Result<ClockOffset> MeasureClock(PrometheusClient& client, PrometheusEvidence& evidence) {
  const WallTime asked = std::chrono::system_clock::now();
  Result<std::vector<PromSeries>> answer = InstantQuery(client, "time()", std::nullopt);
  const WallTime answered = std::chrono::system_clock::now();
  if (!answer.ok()) return answer.error();
  if (answer->size() != 1 || answer->front().points.size() != 1) {
    return MakeError("bad_prometheus_answer", "time() did not answer one scalar");
  }
  const WallTime remote = answer->front().points.front().at;
  const ClockOffset clock = OffsetFrom(asked, answered, remote);
  evidence.Record(
      PromQuery{"", "time()", remote, remote, milliseconds(0),
                DescribeOffset(clock) + "; the run's times are read on Prometheus's clock"});
  return clock;
}

// The offset the run's times move by (zero when it cannot be told). A clock that did not
// answer, or one too uncertain or too far off to trust, makes every metric's data a problem.
ClockOffset PrometheusClock(PrometheusClient& client, const std::vector<std::string>& metrics,
                            PrometheusEvidence& evidence) {
  Result<ClockOffset> measured = MeasureClock(client, evidence);
  std::string problem;
  if (!measured.ok()) {
    problem = "Prometheus did not tell its time (time(): " + measured.error().message +
              "), so the run's start and end cannot be placed among its samples";
  } else {
    const auto magnitude =
        measured->offset < measured->offset.zero() ? -measured->offset : measured->offset;
    if (measured->uncertainty > kMaxClockUncertainty || magnitude > kMaxClockOffset) {
      problem = DescribeOffset(*measured) +
                ": too uncertain or too far off to place the run's start and end among its "
                "samples";
    }
  }
  for (const std::string& metric : metrics) {
    if (!problem.empty()) evidence.problems.emplace(metric, problem);
  }
  return measured.ok() ? *measured : ClockOffset{};
}

// Moves every time of `read` that the import set by Prometheus's clock back onto ours. The
// before/after sets' times were widened already; a sampled point moves to the earliest our
// clock may have been at its time (its values were read at or after it), its window having
// been narrowed at the end by twice the uncertainty (ImportSampled's read_margin).
void ToOurClock(PrometheusRead& read, const ClockOffset& clock) {
  for (ScrapeSet* set : {&read.before, &read.after}) {
    set->taken_at -= clock.offset;
    for (EndpointScrape& endpoint : set->endpoints) endpoint.taken_at -= clock.offset;
  }
  for (SampledSeries& series : read.sampled) {
    for (SamplePoint& point : series.points) point.at -= clock.offset + clock.uncertainty;
  }
}

// The span every raw-sample query reads: from a lookback of a few scrape intervals before the
// run's start (the "before" sample) to `at`, the query's evaluation time.
struct RawWindow {
  WallTime at;
  milliseconds range;
};

RawWindow RawWindowOf(WallTime started, WallTime until, milliseconds interval,
                      std::chrono::nanoseconds clock_offset) {
  const milliseconds lookback =
      interval.count() > 0 ? std::max(3 * interval, milliseconds(15000)) : kUnknownIntervalLookback;
  const WallTime prometheus_now = std::chrono::system_clock::now() + clock_offset;
  const WallTime at = WholeMilliseconds(std::max(prometheus_now, until));
  return {at, std::chrono::duration_cast<milliseconds>(at - (started - lookback))};
}

// Prometheus's record of its scrapes of every selected target over `raw`: `up` (which targets
// it scraped, when, and whether they answered) and `scrape_duration_seconds` (how long each
// scrape took). A query that fails is a problem of every metric: which targets were scraped,
// and when, is what the counters' "before" and every sampled point rest on.
TargetScrapes ReadTargetScrapes(PrometheusClient& client, const PrometheusOptions& options,
                                const RawWindow& raw, const std::vector<std::string>& metrics,
                                PrometheusEvidence& evidence) {
  TargetScrapes targets;
  const std::pair<std::string_view, std::vector<PromSeries>*> reads[] = {
      {"up", &targets.up}, {"scrape_duration_seconds", &targets.durations}};
  for (const auto& [name, into] : reads) {
    Result<std::string> selector = MergeSelector(name, options.selector);
    if (!selector.ok()) return targets;
    const std::string promql = *selector + "[" + PromDuration(raw.range) + "]";
    evidence.Record(PromQuery{std::string(name), promql, raw.at - raw.range, raw.at,
                              milliseconds(0),
                              "when Prometheus scraped each target, whether it "
                              "answered and how long it took: the health of every "
                              "target around the run, and the scrapes each sampled "
                              "point is made of"});
    Result<std::vector<PromSeries>> answer = InstantQuery(client, promql, raw.at);
    if (answer.ok()) {
      *into = std::move(*answer);
      continue;
    }
    for (const std::string& metric : metrics) {
      evidence.problems.emplace(metric, "Prometheus could not answer the query of " +
                                            std::string(name) + " (" + answer.error().message +
                                            "), so which targets it scraped, and when, is unknown");
    }
  }
  return targets;
}

// The raw samples of each metric from before the start (a lookback of a few scrape intervals)
// to now, as one instant query of a range selector per metric. Not increase(): it
// extrapolates to the window's edges and so is not a count; the raw samples give the exact
// difference between the sample read just before the start (RawSampleImport says which) and
// the first after the end.
void ReadCounters(PrometheusClient& client, const PrometheusOptions& options, WallTime started,
                  WallTime ended, const RawWindow& raw, const TargetScrapes& targets,
                  const std::vector<std::string>& metrics, PrometheusRead& read) {
  PrometheusEvidence& evidence = read.evidence;
  const WallTime at = raw.at;
  const milliseconds range = raw.range;
  RawSampleImport import(started, ended, evidence.scrape_interval, targets);
  std::optional<Error> failure;
  for (const std::string& metric : metrics) {
    Result<std::string> selector = MergeSelector(metric, options.selector);
    if (!selector.ok()) {
      evidence.problems[metric] = selector.error().message;
      continue;
    }
    const std::string promql = *selector + "[" + PromDuration(range) + "]";
    evidence.Record(PromQuery{
        metric, promql, at - range, at, milliseconds(0),
        "raw samples: the one from each target's last successful scrape that ended by the "
        "run's start (by the up and scrape_duration_seconds queries) and the first at or after "
        "its end give the exact increase"});
    Result<std::vector<PromSeries>> series = InstantQuery(client, promql, at);
    if (!series.ok()) {
      evidence.problems[metric] = series.error().message;
      if (!failure.has_value() && series.error().code != "bad_prometheus_answer") {
        failure = series.error();
      }
      continue;
    }
    import.Add(metric, *series);
  }
  read.before = import.Before();
  read.after = import.After();
  if (failure.has_value()) {
    read.before.endpoints.push_back(FailedEndpoint(client.url(), started, *failure));
    read.after.endpoints.push_back(FailedEndpoint(client.url(), ended, *failure));
  }
  for (const auto& [metric, problem] : import.problems())
    evidence.problems.emplace(metric, problem);
}

// The raw samples of each sampled selector over `raw`, turned into the series a Sampler would
// have recorded: one point per window from `start` to `end` (ImportSampled), the window the
// sampling step but at least the scrape interval (each window must hold a scrape of every
// target) and wide enough that no series gets more points than kMaxWindows.
void ReadSampled(PrometheusClient& client, const PrometheusOptions& options, WallTime start,
                 WallTime end, milliseconds step, const RawWindow& raw,
                 const TargetScrapes& targets, const std::vector<SampledSelector>& sampled,
                 std::chrono::nanoseconds read_margin, PrometheusRead& read) {
  end = std::max(end, start);
  const auto span = std::chrono::duration_cast<milliseconds>(end - start);
  const milliseconds window = std::max({step, read.evidence.scrape_interval, milliseconds(1),
                                        milliseconds(span.count() / kMaxWindows + 1)});
  for (const SampledSelector& one : sampled) {
    const std::string metric = one.selector.metric_name();
    SampledSeries failed;
    failed.selector = one.selector.ToString();
    failed.aggregation = one.aggregation;
    Result<std::string> selector = MergeSelector(one.selector.ToString(), options.selector);
    Result<std::vector<PromSeries>> series = [&]() -> Result<std::vector<PromSeries>> {
      if (!selector.ok()) return selector.error();
      const std::string promql = *selector + "[" + PromDuration(raw.range) + "]";
      read.evidence.Record(PromQuery{
          metric, promql, raw.at - raw.range, raw.at, milliseconds(0),
          "raw samples, each window of " +
              units::FormatDuration(std::chrono::duration<double>(window)) +
              " from the start one point: every series' first sample in it; the suite takes the " +
              std::string(AggregationName(one.aggregation)) + " over the series of each point"});
      return InstantQuery(client, promql, raw.at);
    }();
    if (!series.ok()) {
      failed.points.push_back(SamplePoint{end, std::nullopt, series.error().message, {}});
      read.sampled.push_back(std::move(failed));
      read.evidence.problems.emplace(metric, series.error().message);
      continue;
    }
    // From one window before the start: the accounting's base then has a point read before
    // any of the run's writes to bound it.
    read.sampled.push_back(
        ImportSampled(one, *series, targets, start - window, end, window, {}, read_margin));
  }
}

}  // namespace

PrometheusSource::PrometheusSource(PrometheusOptions options) : options_(std::move(options)) {}

Result<ScrapeSet> PrometheusSource::Check(WallTime at, const std::vector<std::string>& metrics) {
  PrometheusClient client(options_);
  Result<std::string> up = MergeSelector("up", options_.selector);
  if (!up.ok()) return up.error();
  Result<std::vector<PromSeries>> targets = InstantQuery(client, *up, std::nullopt);
  if (!targets.ok()) return targets.error();
  // No target at all is a selector (or a Prometheus) that does not see the gateway: nothing
  // this run could read, so it stops before sending. Targets that are down are the metrics
  // endpoint being down, as with direct scrapes: the load still runs, the client-side SLOs are
  // judged, and the findings that need the metrics say what Prometheus could not show.
  if (targets->empty()) {
    return Error{"prometheus_no_targets",
                 "Prometheus at " + client.url() + " has no scrape target matching " + *up +
                     "; check PROM_SELECTOR and that Prometheus scrapes the gateway"};
  }
  Result<milliseconds> interval = ScrapeInterval(client, options_.selector);
  scrape_interval_ = interval.ok() ? *interval : milliseconds(0);
  RawSampleImport import(WholeMilliseconds(at), WholeMilliseconds(at), scrape_interval_);
  for (const std::string& metric : metrics) {
    Result<std::string> promql = MergeSelector(metric, options_.selector);
    if (!promql.ok()) return promql.error();
    Result<std::vector<PromSeries>> latest = InstantQuery(client, *promql, WholeMilliseconds(at));
    if (!latest.ok()) return latest.error();
    import.Add(metric, *latest);
  }
  return import.Before();
}

PrometheusRead PrometheusSource::Read(WallTime started, WallTime ended, WallTime sampled_until,
                                      milliseconds step, const std::vector<std::string>& metrics,
                                      const std::vector<SampledSelector>& sampled) {
  PrometheusClient client(options_);
  PrometheusRead read;
  PrometheusEvidence& evidence = read.evidence;
  evidence.url = client.url();
  evidence.selector = options_.selector;
  // The run's times on Prometheus's clock, widened by what the measurement cannot tell: the
  // "before" must have been read before the start, the "after" after the end.
  std::vector<std::string> every_metric = metrics;
  for (const SampledSelector& one : sampled) every_metric.push_back(one.selector.metric_name());
  const ClockOffset clock = PrometheusClock(client, every_metric, evidence);
  started = WholeMilliseconds(started + clock.offset - clock.uncertainty);
  ended = CeilMilliseconds(ended + clock.offset + clock.uncertainty);
  // The sampled points reach to `sampled_until`, so the wait is for samples from after it.
  const WallTime until =
      std::max(ended, CeilMilliseconds(sampled_until + clock.offset + clock.uncertainty));
  if (Result<milliseconds> interval = ScrapeInterval(client, options_.selector); interval.ok()) {
    evidence.scrape_interval = *interval;
  }
  if (Result<std::vector<std::string>> waits = IngestionQueries(metrics, options_.selector);
      waits.ok()) {
    for (const std::string& wait : *waits) {
      evidence.Record(
          PromQuery{"", wait, until, until, milliseconds(0),
                    "the ingestion wait, evaluated at each poll's time: the oldest latest "
                    "sample of the metric's series, until at or after the end of the sampled "
                    "range (the run's tail)"});
    }
    if (!AwaitIngestion(client, options_, until, *waits, evidence)) {
      for (const std::string& metric : metrics) {
        evidence.problems[metric] =
            "interrupted while waiting for Prometheus to ingest the "
            "samples from after the run";
      }
      return read;
    }
  }
  const RawWindow raw = RawWindowOf(started, until, evidence.scrape_interval, clock.offset);
  const TargetScrapes targets = ReadTargetScrapes(client, options_, raw, every_metric, evidence);
  ReadCounters(client, options_, started, ended, raw, targets, metrics, read);
  ReadSampled(client, options_, started, until, step, raw, targets, sampled, 2 * clock.uncertainty,
              read);
  ToOurClock(read, clock);
  return read;
}

}  // namespace slogate::scrape
