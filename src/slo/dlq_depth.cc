// DlqDepth: what the dead-letter queue holds after the run.
#include <algorithm>
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

// The depth of every DLQ topic the set shows, summed over topics. Each topic counts once, at the
// highest value any endpoint reports for it: gateway replicas behind one load balancer each
// expose the depth of the same shared topic, and summing them would count it once per replica.
// nullopt when no endpoint exposes the gauge.
std::optional<double> DepthOfEveryTopic(const scrape::ScrapeSet& set,
                                        const promtext::Selector& selector) {
  std::map<std::string, double, std::less<>> deepest;  // per topic
  for (const scrape::EndpointScrape& endpoint : set.endpoints) {
    if (!endpoint.snapshot.ok()) continue;
    for (const promtext::Sample* sample : promtext::Select(*endpoint.snapshot, selector)) {
      std::string topic;
      for (const promtext::Label& label : sample->labels) {
        if (label.name == "topic") topic = label.value;
      }
      const auto [it, inserted] = deepest.emplace(std::move(topic), sample->value);
      // max() would drop a NaN; a NaN depth must show as one.
      if (!inserted && !(it->second >= sample->value)) it->second = sample->value;
    }
  }
  if (deepest.empty()) return std::nullopt;
  double total = 0;
  for (const auto& [topic, depth] : deepest) total += depth;
  return total;
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
  const std::optional<double> after = DepthOfEveryTopic(observations.after, selector);
  if (!after.has_value()) {
    return internal::MissingData(judge, "metric " + std::string(kDlqDepth));
  }
  // A topic's gauge appears when first set: absent before the run means empty.
  const double before = DepthOfEveryTopic(observations.before, selector).value_or(0);
  judge.Measured(*after, "count")
      .Add("depth_before", before, "count")
      .Add("depth_after", *after, "count");
  if (auto health_depth = observations.final_health->value().DetailNumber("memory_dlq", "depth")) {
    judge.Add("health_depth", *health_depth, "count");
  }
  const std::string depths =
      "DLQ depth " + Num(*after, 0) + " after the run (" + Num(before, 0) + " before)";
  if (*after > before) {
    return judge.Fail(depths + ": grew by " + Num(*after - before, 0) + " during the run");
  }
  if (*after > bound) {
    return judge.Fail(depths + ": " + Num(*after, 0) + " > " + Num(bound, 0) + " near-zero bound");
  }
  return judge.Pass(depths + ": <= " + Num(bound, 0) + " bound and no growth");
}

}  // namespace slogate::slo
