#include "slogate/slo/evaluate.h"

namespace slogate::slo {

SloSet SloSetFor(const config::Config& config) {
  SloSet slos;
  slos.environment = config.environment;
  slos.thresholds = config.thresholds;
  slos.checks = config.checks;
  return slos;
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
  for (SloFunction function : kFunctions) verdict.findings.push_back(function(observations, slos));
  verdict.overall = CombineOutcomes(verdict.findings);
  return verdict;
}

}  // namespace slogate::slo
