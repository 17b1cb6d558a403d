// PlanProof: before a run, whether a profile of this size can prove each SLO at its confidence.
//
// "soak: 3000 requests; ErrorRate < 0.5% is provable with at most 8 errors"; "smoke: 75
// requests cannot prove ErrorRate < 0.5% even with no error (598 needed)". The suite prints it
// before sending and `slogate plan` prints it without running. Assumes independent requests
// (the run's own bound may be wider when errors or slow responses cluster in time).
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/slo/evaluate.h"

namespace slogate::slo {

struct PlanLine {
  std::string slo;  // "ErrorRate", "LatencyP95", "WriteThroughResultsOk", "WalResultsOk"
  bool provable = false;
  // The most failures (errors, responses at or above the threshold, non-ok results) the run
  // may have and still prove the SLO; empty when not provable.
  std::optional<uint64_t> most_failures;
  uint64_t needed = 0;  // requests that would prove it with no failure at all
  std::string text;     // one sentence, as printed
};

struct ProofPlan {
  std::string profile;
  uint64_t requests = 0;  // arrivals the schedule produces
  double confidence = 0;  // 0: point estimates; `lines` then say so and prove nothing
  std::vector<PlanLine> lines;
  bool AllProvable() const;
};

// The plan for a run of `requests` requests judged by `slos` (its rules.confidence).
ProofPlan PlanProof(std::string_view profile, uint64_t requests, const SloSet& slos);

// The plan as printed: a heading line and one line per SLO, each ending in '\n', with a
// warning line when some SLO cannot be proved.
std::string PlanText(const ProofPlan& plan);

}  // namespace slogate::slo
