#include "slogate/slo/evaluate.h"

#include "judge.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo {
namespace {

// The queries behind each metric the finding's SLO reads (kSloMetrics), so that a reviewer can
// paste them into Prometheus and see the data that was judged.
Finding WithQueries(Finding finding, const Observations& observations) {
  if (!observations.prometheus.has_value()) return finding;
  for (std::string_view metric : MetricsReadBy(finding.slo)) {
    for (const scrape::PromQuery* query : observations.prometheus->QueriesFor(metric)) {
      finding.queries.push_back({query->promql, query->start, query->end, query->step});
    }
  }
  return finding;
}

}  // namespace

SloSet SloSetFor(const config::Config& config) {
  SloSet slos;
  slos.environment = config.environment;
  slos.thresholds = config.thresholds;
  slos.checks = config.checks;
  return slos;
}

SloSet SloSetFor(const config::Config& config, const config::LoadProfile& profile) {
  SloSet slos = SloSetFor(config);
  slos.rules = profile.rules;
  slos.metric_checks = profile.metric_checks;
  for (const config::MetricCheck& check : profile.metric_checks) {
    slos.checks.by_slo[check.name] = check.requirement;
  }
  return slos;
}

Finding UnlessInterrupted(Finding finding, const Observations& observations) {
  return internal::UnlessInterrupted(std::move(finding), observations);
}

Verdict Evaluate(const Observations& observations, const SloSet& slos) {
  using SloFunction = Finding (*)(const Observations&, const SloSet&);
  // Same order as config::kSloNames.
  constexpr SloFunction kFunctions[] = {
      ErrorRate,
      LatencyP95,
      WriteThroughAttempts,
      WriteThroughResultsOk,
      WalResultsOk,
      ReplicationLag,
      DlqDepth,
      ZeroLoss,
      Reconciliation,
  };
  Verdict verdict;
  for (SloFunction function : kFunctions) {
    verdict.findings.push_back(WithQueries(
        internal::UnlessInterrupted(function(observations, slos), observations), observations));
  }
  for (const config::MetricCheck& check : slos.metric_checks) {
    verdict.findings.push_back(
        internal::UnlessInterrupted(MetricCheckFinding(observations, slos, check), observations));
  }
  verdict.overall = CombineOutcomes(verdict.findings);
  verdict.early_stop = observations.early_stop;
  return verdict;
}

}  // namespace slogate::slo
