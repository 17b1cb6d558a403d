// DlqDepth and ZeroLoss: where acknowledged writes end up after the run.
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

std::optional<Finding> CommonGate(const Judge& judge) {
  if (auto skipped = internal::SkipUnlessWritePath(judge)) return skipped;
  return internal::TargetUnreachable(judge);
}

}  // namespace

Finding DlqDepth(const Observations& observations, const SloSet& slos) {
  Judge judge("DlqDepth", observations, slos);
  if (auto problem = CommonGate(judge)) return *problem;
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
  for (const scrape::ScrapeSet* set : {&observations.before, &observations.after}) {
    if (set->endpoints.empty()) {
      return internal::MissingData(judge,
                                   "metrics (no metrics endpoint was scraped; set "
                                   "METRICS_URLS)");
    }
    if (std::string error = FirstScrapeError(*set); !error.empty()) {
      return judge.Inconclusive("metrics endpoint unreachable: " + error);
    }
  }
  const promtext::Selector selector = *promtext::Selector::Parse(kDlqDepth);
  const std::optional<double> after = scrape::SumAcross(observations.after, selector);
  if (!after.has_value()) {
    return internal::MissingData(judge, "metric " + std::string(kDlqDepth));
  }
  // A topic's gauge appears when first set: absent before the run means empty.
  const double before = scrape::SumAcross(observations.before, selector).value_or(0);
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

Finding ZeroLoss(const Observations& observations, const SloSet& slos) {
  Judge judge("ZeroLoss", observations, slos);
  if (auto problem = CommonGate(judge)) return *problem;
  judge.Threshold(0);
  if (!observations.audit.has_value()) {
    return internal::MissingData(judge, "the zero-loss audit (set AUDIT_URL_TEMPLATE)");
  }
  const scrape::AuditResult& audit = *observations.audit;
  judge.Add("acknowledged", static_cast<double>(audit.acknowledged), "count")
      .Add("checked", static_cast<double>(audit.checked), "count")
      .Add("found", static_cast<double>(audit.found), "count")
      .Add("missing", static_cast<double>(audit.missing_count), "count")
      .Add("audit_errors", static_cast<double>(audit.errors), "count");
  if (audit.checked == 0) {
    return judge.Inconclusive("no acknowledged event_id was audited (" +
                              std::to_string(observations.run.ok) + " OK responses, " +
                              std::to_string(audit.acknowledged) + " event_ids captured)");
  }
  judge.Measured(static_cast<double>(audit.missing_count), "events");
  const std::string scope =
      std::to_string(audit.checked) +
      (audit.checked < audit.acknowledged ? " sampled of " + std::to_string(audit.acknowledged)
                                          : "") +
      " acknowledged events";
  if (audit.missing_count > 0) {
    std::string examples;
    for (const std::string& id : audit.missing) {
      examples += (examples.empty() ? "" : ", ") + id;
    }
    if (audit.still_arriving) {
      return judge.Inconclusive(
          std::to_string(audit.missing_count) + " of " + scope +
          " not readable yet when the audit stopped after " +
          internal::SecondsText(static_cast<double>(audit.drained_for.count()) / 1000) +
          ", but they were still turning up: a replication backlog, not a proven loss "
          "(ReplicationLag judges the delay; raise max_drain_period to wait longer; e.g. " +
          examples + ")");
    }
    return judge.Fail(std::to_string(audit.missing_count) + " of " + scope +
                      " not readable from the replica after the drain period (e.g. " + examples +
                      ")");
  }
  if (audit.errors > 0) {
    return judge.Inconclusive(std::to_string(audit.errors) + " of " + scope +
                              " could not be audited (first error: " + audit.first_error + ")");
  }
  return judge.Pass("all " + scope + " readable from the replica after the drain period");
}

}  // namespace slogate::slo
