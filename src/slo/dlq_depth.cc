// DlqDepth: what the dead-letter queue holds after the run.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "counters.h"
#include "slogate/promtext/selector.h"
#include "slogate/scrape/scrape_types.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo {
namespace {

using internal::Judge;
using internal::Num;

// The first endpoint error of a scrape set, or empty when every endpoint answered.
std::string FirstScrapeError(const scrape::ScrapeSet& set) {
  for (const scrape::EndpointScrape& endpoint : set.endpoints) {
    if (!endpoint.snapshot.ok()) return endpoint.url + ": " + endpoint.snapshot.error().message;
  }
  return {};
}

// The DLQ depth a set shows, read two ways. Several endpoints may report one topic: replicas of
// a gateway whose queue is shared (a broker topic) each report the same queue, replicas that
// each keep their own queue report different ones, and the exposition cannot say which.
// `shared` counts each topic once, at the highest value any endpoint reports; `separate` adds
// every endpoint's. The two are equal when no topic is reported twice.
struct Depths {
  double shared = 0;
  double separate = 0;
  bool repeated_topic = false;  // some topic came from more than one endpoint
  bool finite = true;           // no NaN or infinity anywhere
};

// nullopt when no endpoint exposes the gauge.
std::optional<Depths> DepthsOf(const scrape::ScrapeSet& set, const promtext::Selector& selector) {
  std::map<std::string, double, std::less<>> deepest;  // per topic
  Depths depths;
  bool any = false;
  for (const scrape::EndpointScrape& endpoint : set.endpoints) {
    if (!endpoint.snapshot.ok()) continue;
    for (const promtext::Sample* sample : promtext::Select(*endpoint.snapshot, selector)) {
      any = true;
      depths.finite = depths.finite && std::isfinite(sample->value);
      depths.separate += sample->value;
      std::string topic;
      for (const promtext::Label& label : sample->labels) {
        if (label.name == "topic") topic = label.value;
      }
      const auto [it, inserted] = deepest.emplace(std::move(topic), sample->value);
      if (!inserted) {
        depths.repeated_topic = true;
        it->second = std::max(it->second, sample->value);
      }
    }
  }
  if (!any) return std::nullopt;
  for (const auto& [topic, depth] : deepest) depths.shared += depth;
  return depths;
}

// The verdict on one reading of the depths: empty when it passes, else why it fails.
std::string Breach(double before, double after, double bound) {
  if (after > before) return "grew by " + Num(after - before, 0) + " during the run";
  if (after > bound) return Num(after, 0) + " > " + Num(bound, 0) + " near-zero bound";
  return {};
}

}  // namespace

Finding DlqDepth(const Observations& observations, const SloSet& slos) {
  Judge judge("DlqDepth", observations, slos);
  if (auto problem = internal::WritePathGate(judge)) return *problem;
  const double bound = slos.thresholds.max_dlq_depth;
  judge.Threshold(bound);
  if (!observations.final_health.has_value()) {
    return internal::MissingData(judge,
                                 "a /v1/health refresh of the DLQ gauge before the final "
                                 "scrape (set HEALTH_URL)");
  }
  if (!observations.final_health->ok()) {
    return judge.Inconclusive(
        "the DLQ gauge could not be refreshed through /v1/health before "
        "the final scrape (" +
        observations.final_health->error().message +
        "); its value may be up to one poll period old");
  }
  if (auto problem = internal::PrometheusProblem(judge, kDlqDepth)) return *problem;
  for (const scrape::ScrapeSet* set : {&observations.before, &observations.after}) {
    if (set->endpoints.empty()) {
      return internal::MissingData(judge, internal::NoMetricsText(observations));
    }
    if (std::string error = FirstScrapeError(*set); !error.empty()) {
      return judge.Inconclusive("metrics endpoint unreachable: " + error);
    }
  }
  const promtext::Selector selector = *promtext::Selector::Parse(kDlqDepth);
  const std::optional<Depths> after = DepthsOf(observations.after, selector);
  if (!after.has_value()) {
    return internal::MissingData(judge, "metric " + std::string(kDlqDepth));
  }
  // A topic's gauge appears when first set: absent before the run means empty.
  const Depths before = DepthsOf(observations.before, selector).value_or(Depths{});
  if (!after->finite || !before.finite) {
    return judge.Inconclusive("a DLQ depth gauge is not a finite number (NaN or infinite) "
                              "before or after the run, so the depth is unknown");
  }
  judge.Measured(after->shared, "count")
      .Add("depth_before", before.shared, "count")
      .Add("depth_after", after->shared, "count");
  if (auto health_depth = observations.final_health->value().DetailNumber("memory_dlq", "depth")) {
    judge.Add("health_depth", *health_depth, "count");
  }
  std::string depths =
      "DLQ depth " + Num(after->shared, 0) + " after the run (" + Num(before.shared, 0) + " before)";
  const std::string shared_breach = Breach(before.shared, after->shared, bound);
  if (after->repeated_topic || before.repeated_topic) {
    const std::string separate_breach = Breach(before.separate, after->separate, bound);
    judge.Add("depth_after_summed_over_endpoints", after->separate, "count");
    depths += " counting each topic once at the highest endpoint's value; " +
              Num(after->separate, 0) + " (" + Num(before.separate, 0) +
              " before) adding every endpoint's";
    if (shared_breach.empty() != separate_breach.empty()) {
      return judge.Inconclusive(
          depths + ": several endpoints report one topic, and whether they share one queue "
                   "(within the bound) or each hold their own (" +
          (shared_breach.empty() ? separate_breach : shared_breach) +
          ") decides; point METRICS_URLS (or PROM_SELECTOR) at one replica when the queue is "
          "shared");
    }
  }
  if (!shared_breach.empty()) return judge.Fail(depths + ": " + shared_breach);
  return judge.Pass(depths + ": <= " + Num(bound, 0) + " bound and no growth");
}

}  // namespace slogate::slo
