#include "evidence_text.h"

#include <algorithm>
#include <cmath>

#include "format.h"
#include "slogate/common/units.h"

namespace slogate::report {
namespace {

std::string WholeCount(double count) {
  return FormatCount(static_cast<std::uint64_t>(std::llround(std::max(count, 0.0))));
}

// The effective size differs from the count only when the design effect is above 1 by more
// than rounding shows.
bool ShrunkByCorrelation(const slo::Evidence& evidence) {
  return evidence.design_effect_measured && std::llround(evidence.effective_sample_size) <
                                                static_cast<long long>(evidence.sample_size);
}

// The bound in the finding's unit, with more digits where the usual ones would print it as the
// threshold itself (a 99.502% lower bound is not "99.5%" against a 99.5% threshold).
std::string BoundValueText(double bound, std::optional<double> threshold, std::string_view unit) {
  const std::string text = FormatMeasured(bound, unit);
  if (!threshold || bound == *threshold || text != FormatMeasured(*threshold, unit)) return text;
  if (unit == "ratio") return FormatSignificant(bound * 100, 6) + "%";
  if (unit == "ms") return FormatSignificant(bound, 6) + " ms";
  return text;
}

}  // namespace

std::string ConfidenceText(double confidence) {
  if (confidence <= 0) return "none";
  return FormatSignificant(confidence * 100, 4) + "%";
}

std::string BoundText(const slo::Finding& finding) {
  if (!finding.evidence) return "";
  const slo::Evidence& evidence = *finding.evidence;
  if (evidence.point_estimate()) return "-";
  if (!evidence.bound) return "none";
  // The bound is the interval's end toward the threshold: an upper bound for an error rate or a
  // p95, a lower one for an ok share (WriteThroughResultsOk). An upper bound is never below the
  // run's own value, so a bound below it can only be a lower one.
  const bool lower = finding.measured && *evidence.bound < *finding.measured;
  return (lower ? "> " : "< ") + BoundValueText(*evidence.bound, finding.threshold, finding.unit);
}

std::string SampleSizeText(const slo::Evidence& evidence) {
  std::string text = "n=" + FormatCount(evidence.sample_size);
  if (ShrunkByCorrelation(evidence)) text += ", eff. " + WholeCount(evidence.effective_sample_size);
  return text;
}

bool IsPointEstimatePass(const slo::Finding& finding) {
  return finding.outcome == slo::Outcome::kPass && finding.evidence &&
         finding.evidence->point_estimate();
}

std::string PointEstimateNote(const slo::Finding& finding) {
  std::string note =
      "point estimate, not proof: profile " + finding.profile + " has confidence none";
  if (finding.evidence && !finding.evidence->needed.empty()) {
    note += "; " + finding.evidence->needed;
  }
  return note;
}

std::vector<std::string> EvidenceNotes(const slo::Verdict& verdict) {
  std::vector<std::string> notes;
  std::string assume_independent;
  for (const slo::Finding& finding : verdict.findings) {
    if (!finding.evidence) continue;
    const slo::Evidence& evidence = *finding.evidence;
    if (IsPointEstimatePass(finding)) {
      notes.push_back("* " + finding.slo + ": " + PointEstimateNote(finding));
    }
    if (evidence.point_estimate() || !evidence.bound) continue;
    if (!evidence.design_effect_measured) {
      assume_independent += (assume_independent.empty() ? "" : ", ") + finding.slo;
    } else if (ShrunkByCorrelation(evidence)) {
      notes.push_back(finding.slo + ": requests correlated in time (design effect " +
                      FormatSignificant(evidence.design_effect, 3) + "): the bound counts " +
                      FormatCount(evidence.sample_size) + " as " +
                      WholeCount(evidence.effective_sample_size) + " independent");
    }
  }
  if (!assume_independent.empty()) {
    notes.push_back(assume_independent +
                    ": bound assumes independent requests (correlation in time not measured)");
  }
  return notes;
}

std::optional<double> CommonConfidence(const slo::Verdict& verdict) {
  std::optional<double> common;
  for (const slo::Finding& finding : verdict.findings) {
    if (!finding.evidence || finding.evidence->point_estimate()) continue;
    if (common && *common != finding.evidence->confidence) return std::nullopt;
    common = finding.evidence->confidence;
  }
  return common;
}

std::string SelectionText(const Selection& selection, std::size_t slo_cases) {
  std::string names;
  for (const std::string& name : selection.selected) names += (names.empty() ? "" : ", ") + name;
  return "selected by --gtest_filter: " + names + " (" + std::to_string(selection.selected.size()) +
         " of " + std::to_string(slo_cases) +
         " SLO cases); the table and the results file show every SLO of the run, the exit "
         "status follows only the selected ones" +
         (selection.filter.empty() ? "" : " (--gtest_filter=" + selection.filter + ")");
}

std::string QueryRangeText(const slo::SourceQuery& query) {
  if (query.step.count() == 0) {
    return "instant at " + FormatUtcMillis(query.end) + " over samples from " +
           FormatUtcMillis(query.start);
  }
  return "range " + FormatUtcMillis(query.start) + " to " + FormatUtcMillis(query.end) + ", step " +
         units::FormatDuration(query.step);
}

}  // namespace slogate::report
