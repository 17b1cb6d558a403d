#include "counters.h"

#include <chrono>
#include <cmath>
#include <string>

#include "slogate/promtext/selector.h"
#include "slogate/scrape/delta.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo::internal {
namespace {

// A counter sampled during the run (the sum over its series) never goes down; when it does, it
// was reset between the before and after scrapes even if they alone cannot show it.
std::optional<std::string> SampledDecrease(const Observations& observations,
                                           std::string_view selector_text) {
  const std::string_view metric = selector_text.substr(0, selector_text.find('{'));
  const scrape::SampledSeries* series = observations.FindSeries(metric);
  if (series == nullptr) return std::nullopt;
  const scrape::SamplePoint* previous = nullptr;
  for (const scrape::SamplePoint& point : series->points) {
    if (!point.value) continue;
    if (previous != nullptr && *point.value < *previous->value) {
      const double offset =
          std::chrono::duration<double>(point.at - observations.run.started_at).count();
      return "sampled " + std::string(metric) + " fell from " + Num(*previous->value, 0) +
             " to " + Num(*point.value, 0) + " at +" + Num(offset, 2) + " s";
    }
    previous = &point;
  }
  return std::nullopt;
}

CounterRead Read(const Judge& judge, std::string_view selector_text, bool missing_is_zero) {
  const Observations& observations = judge.observations();
  if (auto problem = PrometheusProblem(judge, selector_text)) return {0, problem};
  if (observations.before.endpoints.empty() || observations.after.endpoints.empty()) {
    return {0, MissingData(judge, NoMetricsText(observations)), true};
  }
  Result<promtext::Selector> selector = promtext::Selector::Parse(selector_text);
  if (!selector.ok()) {
    return {0, judge.Inconclusive("bad selector " + std::string(selector_text) + ": " +
                                  selector.error().ToString())};
  }
  Result<scrape::CounterDelta> delta =
      scrape::DeltaOf(observations.before, observations.after, *selector);
  if (!delta.ok()) {
    const Error& error = delta.error();
    if (error.code == "missing_metric") {
      if (missing_is_zero) return {0, std::nullopt};
      return {0, MissingData(judge, "metric " + std::string(selector_text)), true};
    }
    if (error.code == "scrape_failed") {
      return {0, judge.Inconclusive("metrics endpoint unreachable: " + error.message)};
    }
    return {0, judge.Inconclusive(std::string(selector_text) + ": " + error.ToString())};
  }
  if (delta->reset) {
    return {0, judge.Inconclusive("counter reset mid-run (" + delta->reset_detail +
                                  "); the increase of " + std::string(selector_text) +
                                  " over the run is unknown")};
  }
  if (!std::isfinite(delta->value)) {
    return {0, judge.Inconclusive("the increase of " + std::string(selector_text) +
                                  " is not a finite number (" + Num(delta->value, 0) +
                                  "): the target's counter cannot be counted on")};
  }
  if (auto fell = SampledDecrease(observations, selector_text)) {
    return {0, judge.Inconclusive("counter reset mid-run (" + *fell + "); the increase of " +
                                  std::string(selector_text) + " over the run is unknown")};
  }
  return {delta->value, std::nullopt};
}

// The family of a counter as a scrape names it: "x_total" in text 0.0.4, "x" in OpenMetrics.
const promtext::Family* FindCounterFamily(const promtext::Snapshot& snapshot,
                                          std::string_view name) {
  if (const promtext::Family* family = snapshot.FindFamily(name)) return family;
  constexpr std::string_view kTotal = "_total";
  if (name.size() > kTotal.size() && name.substr(name.size() - kTotal.size()) == kTotal) {
    return snapshot.FindFamily(name.substr(0, name.size() - kTotal.size()));
  }
  return nullptr;
}

// "a, b" of the feature's families exposed without series in `set`; empty when none is
// exposed, when one has a series, or when an endpoint could not be scraped.
std::string ExposedWithoutSeries(const scrape::ScrapeSet& set, const Feature& feature) {
  if (!set.AllOk()) return "";
  std::string exposed;
  for (std::string_view name : feature.families) {
    bool seen = false;
    for (const scrape::EndpointScrape& endpoint : set.endpoints) {
      const promtext::Family* family = FindCounterFamily(*endpoint.snapshot, name);
      if (family == nullptr) continue;
      if (!family->samples.empty()) return "";
      seen = true;
    }
    if (seen) exposed += (exposed.empty() ? "" : ", ") + std::string(name);
  }
  return exposed;
}

}  // namespace

const Feature& WriteThroughFeature() {
  static const Feature kFeature{"write-through",
                                "write_through",
                                {kWriteThroughAttempts, kWriteThroughResults, kWalResults},
                                "GATEWAY_WRITE_THROUGH=false?"};
  return kFeature;
}

const Feature& ReplicatorFeature() {
  static const Feature kFeature{"the replicator",
                                "replicator",
                                {kReplicatorEvents, kReplicatorLag},
                                "is the WAL or the replicator off?"};
  return kFeature;
}

uint64_t AcknowledgedWrites(const load::RunResult& run) {
  const auto found = run.status_counts.find(200);
  return found == run.status_counts.end() ? 0 : found->second;
}

std::optional<Finding> FeatureOff(const Judge& judge, const Feature& feature,
                                  config::Presence presence) {
  // Prometheus keeps no family without series, so a family it returns empty says nothing
  // about the target's exposition.
  if (judge.observations().prometheus.has_value()) return std::nullopt;
  const uint64_t acknowledged = AcknowledgedWrites(judge.observations().run);
  if (acknowledged == 0) return std::nullopt;
  const std::string families = ExposedWithoutSeries(judge.observations().after, feature);
  if (families.empty()) return std::nullopt;
  const std::string sight = std::string(feature.name) + " is off on the target: " + families +
                            " exposed with no series while " + std::to_string(acknowledged) +
                            " writes were acknowledged (" + std::string(feature.hint) + ")";
  if (presence == config::Presence::kRequired) {
    return judge.Fail(std::string(feature.name) + " is required by the profile (\"" +
                      std::string(feature.profile_key) + "\": \"required\") but " + sight);
  }
  return judge.Skipped(sight + "; the profile's \"" + std::string(feature.profile_key) +
                       "\": \"auto\" skips its checks (set \"required\" to fail instead)");
}

CounterRead ReadIncrease(const Judge& judge, std::string_view selector) {
  return Read(judge, selector, /*missing_is_zero=*/false);
}

CounterRead ReadIncreaseOrZero(const Judge& judge, std::string_view selector) {
  return Read(judge, selector, /*missing_is_zero=*/true);
}

Finding MissingData(const Judge& judge, std::string_view what, std::string_view optional_hint) {
  if (judge.requirement() == config::Requirement::kOptional) {
    return judge.Skipped("optional check: " + std::string(what) + " is not available");
  }
  return judge.Inconclusive("required " + std::string(what) + " is missing (" +
                            std::string(optional_hint) + " if this target does not expose it)");
}

std::string NoMetricsText(const Observations& observations) {
  if (observations.prometheus.has_value()) {
    return "metrics (Prometheus " + observations.prometheus->url + " returned none)";
  }
  return "metrics (no metrics endpoint was scraped; set METRICS_URLS)";
}

std::optional<std::string> PrometheusProblemText(const Observations& observations,
                                                 std::string_view metric) {
  if (!observations.prometheus.has_value()) return std::nullopt;
  const auto& problems = observations.prometheus->problems;
  const auto found = problems.find(metric.substr(0, metric.find('{')));
  if (found == problems.end()) return std::nullopt;
  return found->second;
}

// A range query repeats each series' latest sample at every step (for up to Prometheus's
// five-minute lookback), and Prometheus scrapes each target at its own offset: a sampled
// point stands for a value up to one scrape interval old, differently per series. The lag
// judgements compare the replicator's and the WAL's counts max_lag apart, so a staleness near
// max_lag is taken for a lag (or hides one); half of it is the most they tolerate.
std::optional<std::string> PrometheusTooCoarseFor(const Observations& observations,
                                                  std::chrono::nanoseconds max_lag) {
  if (!observations.prometheus.has_value()) return std::nullopt;
  const std::chrono::milliseconds interval = observations.prometheus->scrape_interval;
  const double bound = std::chrono::duration<double>(max_lag).count();
  if (interval.count() <= 0) {
    return "Prometheus did not report its scrape interval, so whether its samples can resolve "
           "the " + SecondsText(bound) + " lag bound is unknown";
  }
  if (2 * interval <= max_lag) return std::nullopt;
  return "Prometheus scrapes every " +
         SecondsText(std::chrono::duration<double>(interval).count()) +
         ", too coarse for the " + SecondsText(bound) +
         " lag bound (its samples are up to one interval old, differently per target; at most "
         "half the bound can be judged)";
}

std::optional<Finding> PrometheusProblem(const Judge& judge, std::string_view metric) {
  std::optional<std::string> problem = PrometheusProblemText(judge.observations(), metric);
  if (!problem) return std::nullopt;
  return judge.Inconclusive(*problem);
}

}  // namespace slogate::slo::internal
