#include "slogate/report/json_results.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "format.h"
#include "slogate/load/run_result_json.h"
#include "slogate/report/redact.h"
#include "slogate/report/seed_summary.h"
#include "time_json.h"

namespace slogate::report {
namespace {

using nlohmann::json;

json OptionalNumber(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json ContextJson(const Context& context) {
  return {{"generated_at", FormatUtc(context.generated_at)},
          {"generated_at_unix", UnixSeconds(context.generated_at)},
          {"host", context.host},
          {"slogate_version", context.slogate_version},
          {"target", RedactText(context.target)},
          {"environment", context.environment},
          {"profile", context.profile}};
}

json EvidenceJson(const slo::Evidence& evidence) {
  return {{"confidence", evidence.confidence},
          {"point_estimate", evidence.point_estimate()},
          {"bound", OptionalNumber(evidence.bound)},
          {"method", evidence.method},
          {"sample_size", evidence.sample_size},
          {"failures", evidence.failures},
          {"effective_sample_size", evidence.effective_sample_size},
          {"design_effect", evidence.design_effect},
          {"design_effect_measured", evidence.design_effect_measured},
          {"needed", evidence.needed}};
}

// Prometheus-sourced findings: each query as sent, with its range, to paste into Prometheus.
json QueriesJson(const std::vector<slo::SourceQuery>& queries) {
  json out = json::array();
  for (const slo::SourceQuery& query : queries) {
    out.push_back({{"promql", RedactText(query.promql)},
                   {"start", UnixSeconds(query.start)},
                   {"end", UnixSeconds(query.end)},
                   {"step_seconds", DurationSeconds(query.step)}});
  }
  return out;
}

json FindingJson(const slo::Finding& finding) {
  json measurements = json::array();
  for (const slo::Measurement& measurement : finding.measurements) {
    measurements.push_back(
        {{"name", measurement.name}, {"value", measurement.value}, {"unit", measurement.unit}});
  }
  json out = {{"slo", finding.slo},
              {"outcome", OutcomeText(finding.outcome)},
              {"message", RedactText(finding.message)},
              {"measured", OptionalNumber(finding.measured)},
              {"threshold", OptionalNumber(finding.threshold)},
              {"unit", finding.unit},
              {"profile", finding.profile},
              {"environment", finding.environment},
              {"measurements", std::move(measurements)}};
  // Only the SLOs judged on a rate or a percentile carry evidence.
  if (finding.evidence) out["evidence"] = EvidenceJson(*finding.evidence);
  if (!finding.queries.empty()) out["queries"] = QueriesJson(finding.queries);
  return out;
}

json EarlyStopJson(const std::optional<slo::EarlyStop>& stop) {
  if (!stop) return nullptr;
  return {{"at_s", DurationSeconds(stop->at)},
          {"slo", stop->slo},
          {"reason", RedactText(stop->reason)},
          {"text", RedactText(slo::EarlyStopText(*stop))}};
}

// With the selected SLOs' combined outcome, which the exit status followed, beside the whole
// verdict: a reader of the file sees both, as the console shows both.
json SelectionJson(const std::optional<Selection>& selection, const slo::Verdict& verdict) {
  if (!selection) return nullptr;
  std::vector<slo::Finding> selected;
  for (const slo::Finding& finding : verdict.findings) {
    if (std::find(selection->selected.begin(), selection->selected.end(), finding.slo) !=
        selection->selected.end()) {
      selected.push_back(finding);
    }
  }
  return {{"filter", selection->filter},
          {"selected", selection->selected},
          {"selected_overall", OutcomeText(slo::CombineOutcomes(selected))}};
}

json VerdictJson(const slo::Verdict& verdict) {
  json findings = json::array();
  for (const slo::Finding& finding : verdict.findings) findings.push_back(FindingJson(finding));
  return {{"overall", OutcomeText(verdict.overall)},
          {"findings", std::move(findings)},
          {"early_stop", EarlyStopJson(verdict.early_stop)}};
}

json ScrapesJson(const std::vector<ScrapeSummary>& scrapes) {
  json out = json::array();
  for (const ScrapeSummary& scrape : scrapes) {
    json endpoints = json::array();
    for (const EndpointSummary& endpoint : scrape.endpoints) {
      endpoints.push_back({{"url", RedactText(endpoint.url)},
                           {"ok", endpoint.ok},
                           {"error", RedactText(endpoint.error)},
                           {"took_seconds", std::chrono::duration<double>(endpoint.took).count()},
                           {"families", endpoint.families},
                           {"samples", endpoint.samples}});
    }
    out.push_back({{"phase", scrape.phase},
                   {"taken_at", UnixSeconds(scrape.taken_at)},
                   {"endpoints", std::move(endpoints)}});
  }
  return out;
}

json SeriesJson(const std::vector<scrape::SampledSeries>& series) {
  json out = json::array();
  for (const scrape::SampledSeries& sampled : series) {
    json points = json::array();
    for (const scrape::SamplePoint& point : sampled.points) {
      json entry = {{"t", UnixSeconds(point.at)}, {"value", OptionalNumber(point.value)}};
      if (!point.error.empty()) entry["error"] = RedactText(point.error);
      points.push_back(std::move(entry));
    }
    out.push_back({{"selector", sampled.selector}, {"points", std::move(points)}});
  }
  return out;
}

}  // namespace

json ToResultsJson(const ResultsDocument& document) {
  json out = json::object();
  out["schema_version"] = kResultsSchemaVersion;
  out["context"] = ContextJson(document.context);
  out["config"] = RedactSecrets(document.config);
  out["error"] = RedactText(document.error);
  out["run"] = document.run ? RedactSecrets(load::ToJson(*document.run)) : json(nullptr);
  out["summary"] = document.run ? RedactSecrets(SeedSummary(*document.run)) : json(nullptr);
  out["verdict"] = VerdictJson(document.verdict);
  out["scrapes"] = ScrapesJson(document.scrapes);
  out["series"] = SeriesJson(document.series);
  out["lag_probes"] =
      document.lag_probes ? LagProbeSummaryJson(*document.lag_probes) : json(nullptr);
  out["selection"] = SelectionJson(document.selection, document.verdict);
  return out;
}

JsonReporter::JsonReporter(std::ostream& out) : out_(out) {}

Status JsonReporter::Report(const ResultsDocument& document) {
  // Every string and key, redacted by value too: a token a target echoed may sit anywhere.
  out_ << RedactSecrets(ToResultsJson(document)).dump(2, ' ', false, json::error_handler_t::replace)
       << '\n';
  out_.flush();
  if (!out_) return MakeError("write_failed", "could not write the JSON results");
  return Status::Ok();
}

}  // namespace slogate::report
