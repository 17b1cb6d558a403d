// Judge: builds a Finding worded and filled as every SLO's is, for the built-in SLOs, a
// profile's metric checks and a team's own C++ cases alike (docs/custom-cases.md).
//
//   slo::Judge judge("QueueDrained", observations, slos);
//   judge.Measured(depth, "count").Threshold(0);
//   return depth <= 0 ? judge.Pass("queue empty after the drain")
//                     : judge.Fail("queue holds " + std::to_string(depth) + " after the drain");
//
// Every message reads "<SLO> <OUTCOME> (profile <p>, env <e>): <text>", and INCONCLUSIVE texts
// are prefixed "cannot judge, the measurement is not trustworthy: " so they never read like a
// breach. Cheap to copy; keeps references to `observations` and `slos`, which must outlive it.
#pragma once

#include <string_view>

#include "slogate/config/config.h"
#include "slogate/slo/evaluate.h"
#include "slogate/slo/finding.h"
#include "slogate/slo/observations.h"

namespace slogate::slo {

class Judge {
 public:
  Judge(std::string_view slo, const Observations& observations, const SloSet& slos);
  // It keeps references: temporaries would dangle.
  Judge(std::string_view slo, Observations&& observations, const SloSet& slos) = delete;
  Judge(std::string_view slo, const Observations& observations, SloSet&& slos) = delete;
  Judge(std::string_view slo, Observations&& observations, SloSet&& slos) = delete;

  // Records the headline value (in `unit`) and the threshold it was compared with.
  Judge& Measured(double value, std::string_view unit);
  Judge& Threshold(double value);
  // Records a supporting figure (also shown in reports and JUnit properties).
  Judge& Add(std::string_view name, double value, std::string_view unit);
  // Records how far the numbers prove the SLO, and its figures as measurements (confidence,
  // bound, sample_size, effective_sample_size, design_effect) so every output shows them.
  Judge& WithEvidence(const Evidence& evidence);

  Finding Pass(std::string_view text) const;
  Finding Fail(std::string_view text) const;
  Finding Inconclusive(std::string_view text) const;
  // INCONCLUSIVE for want of evidence: the measurement is sound and within the threshold, but
  // too small to prove the SLO at the profile's confidence. Worded as what it is, without the
  // "not trustworthy" prefix and never as a breach.
  Finding Unproven(std::string_view text) const;
  Finding Skipped(std::string_view text) const;

  const Observations& observations() const { return observations_; }
  const SloSet& slos() const { return slos_; }
  config::Requirement requirement() const;

 private:
  // The finding with `text` worded by FindingMessage; the finding with `message` as it is.
  Finding Worded(Outcome outcome, std::string_view text) const;
  Finding WithMessage(Outcome outcome, std::string message) const;

  const Observations& observations_;
  const SloSet& slos_;
  Finding finding_;
};

}  // namespace slogate::slo
