// The figures a conformance case records for its finding as GoogleTest properties, which the
// JUnit XML (--gtest_output=xml) and gtest's JSON output carry: outcome, message, measured value
// and threshold, every measurement, the evidence behind a rate or percentile verdict (confidence,
// bound, sample sizes, design effect, whether it is a point estimate), and an early stop.
// Kept here, beside the other outputs, so the case itself only records what this returns.
#pragma once

#include <string>
#include <vector>

#include "slogate/slo/finding.h"

namespace slogate::report {

struct CaseProperty {
  std::string name;
  std::string value;
};

// The properties of `finding`, judged as part of `verdict`, in recording order; a later
// property of the same name replaces an earlier one in gtest, so the evidence, recorded after
// the measurements, wins over a measurement that shares its name. A PASS resting on a point
// estimate gets "proof": "point estimate, not proof: ...". Pure; thread-safe.
std::vector<CaseProperty> CaseProperties(const slo::Finding& finding, const slo::Verdict& verdict);

}  // namespace slogate::report
