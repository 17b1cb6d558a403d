// How the reporters word a finding's evidence (bound, sample size, confidence), a PASS that
// rests on a point estimate, and a --gtest_filter selection — one wording for the console, the
// HTML report and the JUnit properties. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "slogate/report/results_document.h"
#include "slogate/slo/finding.h"

namespace slogate::report {

// A confidence level as people read it: "95%", or "none" for point estimates (0).
std::string ConfidenceText(double confidence);

// The bound in the finding's unit: "< 3.9%" for an upper bound (error rate, p95), "> 99.2%" for
// a lower one (ok share); "none" when the sample was too small to bound; "-" for a point
// estimate (no bound was asked for).
std::string BoundText(const slo::Finding& finding);

// The sample behind the bound: "n=75", or "n=75, eff. 40" when correlation in time made it
// count as fewer independent requests.
std::string SampleSizeText(const slo::Evidence& evidence);

// Where a Prometheus query looked, as its API takes it: "range 2026-12-06T08:00:00.000Z to
// 2026-12-06T08:01:30.500Z, step 1s", or for an instant query "instant at <end> over samples
// from <start>".
std::string QueryRangeText(const slo::SourceQuery& query);

// True for a PASS whose evidence is a point estimate: it met the threshold, it proved nothing.
bool IsPointEstimatePass(const slo::Finding& finding);

// "point estimate, not proof: profile smoke has confidence none; 598 requests with no error
// would show < 0.5%" (the last part from Evidence::needed, when set).
std::string PointEstimateNote(const slo::Finding& finding);

// The lines under a verdict table that qualify its bounds, in finding order: a footnote per
// PASS resting on a point estimate ("* ErrorRate: point estimate, not proof: ..."), a line per
// bound widened for correlation in time ("ErrorRate: requests correlated in time (design effect
// 1.9): the bound counts 75 as 40 independent"), and one line naming the bounds that assume
// independent requests because their correlation could not be measured.
std::vector<std::string> EvidenceNotes(const slo::Verdict& verdict);

// The level every finding with a bound shares; nullopt when none has one or levels differ.
std::optional<double> CommonConfidence(const slo::Verdict& verdict);

// "selected by --gtest_filter: LatencyP95 (1 of 9 SLO cases); the table and the results file
// show every SLO of the run, the exit status follows only the selected ones (--gtest_filter=
// *LatencyP95*)".
std::string SelectionText(const Selection& selection, std::size_t slo_cases);

}  // namespace slogate::report
