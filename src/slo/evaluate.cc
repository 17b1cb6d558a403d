#include "slogate/slo/evaluate.h"

#include "judge.h"

namespace slogate::slo {

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
  for (SloFunction function : kFunctions) {
    verdict.findings.push_back(
        internal::UnlessInterrupted(function(observations, slos), observations));
  }
  verdict.overall = CombineOutcomes(verdict.findings);
  verdict.early_stop = observations.early_stop;
  return verdict;
}

}  // namespace slogate::slo
