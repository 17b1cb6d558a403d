#include "slogate/report/case_properties.h"

#include "evidence_text.h"
#include "slogate/common/units.h"
#include "slogate/report/redact.h"
#include "time_json.h"

namespace slogate::report {
namespace {

void AddEvidence(const slo::Finding& finding, std::vector<CaseProperty>& out) {
  const slo::Evidence& evidence = *finding.evidence;
  out.push_back({"confidence", units::FormatNumber(evidence.confidence)});
  out.push_back({"point_estimate", evidence.point_estimate() ? "true" : "false"});
  if (evidence.bound) out.push_back({"bound", units::FormatNumber(*evidence.bound)});
  if (!evidence.method.empty()) out.push_back({"bound_method", evidence.method});
  out.push_back({"sample_size", std::to_string(evidence.sample_size)});
  // Not "failures": GoogleTest's JSON report keeps its own list of failures under that key.
  out.push_back({"sample_failures", std::to_string(evidence.failures)});
  out.push_back({"effective_sample_size", units::FormatNumber(evidence.effective_sample_size)});
  out.push_back({"design_effect", units::FormatNumber(evidence.design_effect)});
  out.push_back({"design_effect_measured", evidence.design_effect_measured ? "true" : "false"});
  if (!evidence.needed.empty()) out.push_back({"needed", evidence.needed});
  if (IsPointEstimatePass(finding)) out.push_back({"proof", PointEstimateNote(finding)});
}

}  // namespace

std::vector<CaseProperty> CaseProperties(const slo::Finding& finding, const slo::Verdict& verdict) {
  std::vector<CaseProperty> out;
  out.push_back({"outcome", std::string(slo::OutcomeName(finding.outcome))});
  out.push_back({"profile", finding.profile});
  out.push_back({"environment", finding.environment});
  // The whole finding, PASS included: a pass names its evidence too.
  out.push_back({"message", finding.message});
  if (finding.measured) out.push_back({"measured", std::to_string(*finding.measured)});
  if (finding.threshold) out.push_back({"threshold", std::to_string(*finding.threshold)});
  if (!finding.unit.empty()) out.push_back({"unit", finding.unit});
  for (const slo::Measurement& measurement : finding.measurements) {
    out.push_back({measurement.name, std::to_string(measurement.value)});
  }
  if (finding.evidence) AddEvidence(finding, out);
  // Prometheus-sourced findings: each query a reviewer can paste into Prometheus.
  for (size_t i = 0; i < finding.queries.size(); ++i) {
    const slo::SourceQuery& query = finding.queries[i];
    out.push_back({"prometheus_query_" + std::to_string(i + 1),
                   query.promql + " (" + QueryRangeText(query) + ")"});
  }
  if (verdict.early_stop) {
    out.push_back({"early_stop", slo::EarlyStopText(*verdict.early_stop)});
    out.push_back({"early_stop_at_s", units::FormatNumber(DurationSeconds(verdict.early_stop->at))});
  }
  // The JUnit XML is an output like any other: a message may quote what a target echoed.
  for (CaseProperty& property : out) property.value = RedactText(property.value);
  return out;
}

}  // namespace slogate::report
