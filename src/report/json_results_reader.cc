// ReadResults: the JSON results file back into a ResultsDocument, with errors that name the
// field (by JSON path) and what was expected.
#include <cmath>
#include <limits>
#include <string>

#include "format.h"
#include "slogate/common/json_fields.h"
#include "slogate/load/run_result_json.h"
#include "slogate/report/json_results.h"
#include "time_json.h"

namespace slogate::report {
namespace {

using nlohmann::json;

// Errors of a results document that cannot be read carry this code.
constexpr char kBadResults[] = "bad_results";

// A time (since the epoch) or a duration in seconds, within what a nanosecond clock holds
// (about ±292 years): a number past it is not one the suite wrote, and converting it would
// overflow the clock.
double Seconds(JsonFieldReader& fields, std::string_view key) {
  const double seconds = fields.Number(key);
  if (fields.ok() && !(std::abs(seconds) <= kMostClockSeconds)) {
    fields.Fail(key, "expected seconds within ±9.2e9 (what a nanosecond clock holds), got " +
                         FormatSignificant(seconds));
    return 0;
  }
  return seconds;
}

Result<Context> ReadContext(const json& object) {
  JsonFieldReader fields(object, "context", kBadResults);
  Context context;
  context.generated_at = FromUnixSeconds(Seconds(fields, "generated_at_unix"));
  context.host = fields.OptionalString("host");
  context.slogate_version = fields.OptionalString("slogate_version");
  context.target = fields.OptionalString("target");
  context.environment = fields.OptionalString("environment");
  context.profile = fields.OptionalString("profile");
  if (!fields.ok()) return fields.error();
  return context;
}

// The member `key` of `object`, or nullptr when it is absent or null (an optional part, and
// files written before it existed).
const json* Present(const json& object, std::string_view key) {
  const auto found = object.find(key);
  return found == object.end() || found->is_null() ? nullptr : &*found;
}

Result<slo::Outcome> ReadOutcome(JsonFieldReader& fields, std::string_view key) {
  const std::string name = fields.String(key);
  if (!fields.ok()) return fields.error();
  const std::optional<slo::Outcome> outcome = OutcomeFromName(name);
  if (!outcome) {
    fields.Fail(key, "\"" + name +
                         "\" is not an outcome; expected one of PASS, FAIL, "
                         "INCONCLUSIVE, SKIPPED");
    return fields.error();
  }
  return *outcome;
}

Result<std::vector<slo::Measurement>> ReadMeasurements(JsonFieldReader& fields) {
  std::vector<slo::Measurement> out;
  const json* array = fields.Array("measurements");
  if (array == nullptr) return fields.error();
  for (size_t i = 0; i < array->size(); ++i) {
    JsonFieldReader measurement =
        fields.Nested((*array)[i], IndexPath(fields.PathOf("measurements"), i));
    const std::string name = measurement.String("name");
    const std::optional<double> value = measurement.OptionalNumber("value");
    const std::string unit = measurement.OptionalString("unit");
    if (!measurement.ok()) return measurement.error();
    // JSON has no NaN: a measurement that was NaN was written as null.
    out.push_back({name, value.value_or(std::numeric_limits<double>::quiet_NaN()), unit});
  }
  return out;
}

Result<std::optional<slo::Evidence>> ReadEvidence(const JsonFieldReader& finding,
                                                  const json& object) {
  const json* present = Present(object, "evidence");
  if (present == nullptr) return std::optional<slo::Evidence>();
  JsonFieldReader fields = finding.Nested(*present, finding.PathOf("evidence"));
  slo::Evidence evidence;
  evidence.confidence = fields.Number("confidence");
  evidence.bound = fields.OptionalNumber("bound");
  evidence.method = fields.OptionalString("method");
  evidence.sample_size = fields.Unsigned("sample_size");
  evidence.failures = fields.Unsigned("failures");
  evidence.effective_sample_size = fields.Number("effective_sample_size");
  evidence.design_effect = fields.Number("design_effect");
  evidence.design_effect_measured = fields.Bool("design_effect_measured");
  evidence.needed = fields.OptionalString("needed");
  if (fields.ok() && (evidence.confidence < 0 || evidence.confidence >= 1)) {
    fields.Fail("confidence", "expected a level in [0, 1) (0: a point estimate), got " +
                                  JsonExcerpt((*present)["confidence"]));
  }
  if (!fields.ok()) return fields.error();
  return std::optional<slo::Evidence>(std::move(evidence));
}

// More queries than any finding reads, or a longer expression than any the suite sends, is
// not a file the suite wrote: refused rather than held in memory and printed.
constexpr size_t kMostQueries = 64;
constexpr size_t kLongestPromql = 16 * 1024;

Result<slo::SourceQuery> ReadQuery(JsonFieldReader& fields) {
  slo::SourceQuery query;
  query.promql = fields.String("promql");
  query.start = FromUnixSeconds(Seconds(fields, "start"));
  query.end = FromUnixSeconds(Seconds(fields, "end"));
  const double step = Seconds(fields, "step_seconds");
  if (!fields.ok()) return fields.error();
  if (query.promql.empty() || query.promql.size() > kLongestPromql) {
    fields.Fail("promql", "expected a PromQL expression of 1 to " +
                              std::to_string(kLongestPromql) + " bytes, got " +
                              std::to_string(query.promql.size()));
  } else if (query.end < query.start) {
    fields.Fail("end", "expected a time at or after \"start\"");
  } else if (step < 0) {
    fields.Fail("step_seconds", "expected seconds >= 0 (0: an instant query), got " +
                                    FormatSignificant(step));
  }
  if (!fields.ok()) return fields.error();
  query.step = std::chrono::duration_cast<std::chrono::milliseconds>(FromDurationSeconds(step));
  return query;
}

// "queries" is absent unless the metrics came from Prometheus (and in older files).
Result<std::vector<slo::SourceQuery>> ReadQueries(JsonFieldReader& fields, const json& object) {
  std::vector<slo::SourceQuery> out;
  if (Present(object, "queries") == nullptr) return out;
  const json* array = fields.Array("queries");
  if (array == nullptr) return fields.error();
  if (array->size() > kMostQueries) {
    fields.Fail("queries", "expected at most " + std::to_string(kMostQueries) +
                               " queries, got " + std::to_string(array->size()));
    return fields.error();
  }
  for (size_t i = 0; i < array->size(); ++i) {
    JsonFieldReader query = fields.Nested((*array)[i], IndexPath(fields.PathOf("queries"), i));
    Result<slo::SourceQuery> read = ReadQuery(query);
    if (!read.ok()) return read.error();
    out.push_back(std::move(*read));
  }
  return out;
}

Result<slo::Finding> ReadFinding(const json& object, const std::string& path) {
  JsonFieldReader fields(object, path, kBadResults);
  slo::Finding finding;
  finding.slo = fields.String("slo");
  Result<slo::Outcome> outcome = ReadOutcome(fields, "outcome");
  if (!outcome.ok()) return outcome.error();
  finding.outcome = *outcome;
  finding.message = fields.String("message");
  finding.measured = fields.OptionalNumber("measured");
  finding.threshold = fields.OptionalNumber("threshold");
  finding.unit = fields.OptionalString("unit");
  finding.profile = fields.OptionalString("profile");
  finding.environment = fields.OptionalString("environment");
  Result<std::vector<slo::Measurement>> measurements = ReadMeasurements(fields);
  if (!measurements.ok()) return measurements.error();
  finding.measurements = std::move(*measurements);
  if (!fields.ok()) return fields.error();
  Result<std::optional<slo::Evidence>> evidence = ReadEvidence(fields, object);
  if (!evidence.ok()) return evidence.error();
  finding.evidence = std::move(*evidence);
  Result<std::vector<slo::SourceQuery>> queries = ReadQueries(fields, object);
  if (!queries.ok()) return queries.error();
  finding.queries = std::move(*queries);
  return finding;
}

Result<slo::Verdict> ReadVerdict(const json& object) {
  JsonFieldReader fields(object, "verdict", kBadResults);
  slo::Verdict verdict;
  Result<slo::Outcome> overall = ReadOutcome(fields, "overall");
  if (!overall.ok()) return overall.error();
  verdict.overall = *overall;
  const json* findings = fields.Array("findings");
  if (findings == nullptr) return fields.error();
  for (size_t i = 0; i < findings->size(); ++i) {
    Result<slo::Finding> finding = ReadFinding((*findings)[i], IndexPath("verdict.findings", i));
    if (!finding.ok()) return finding.error();
    verdict.findings.push_back(std::move(*finding));
  }
  // "text" is derived (slo::EarlyStopText) and not read.
  if (const json* stop = Present(object, "early_stop"); stop != nullptr) {
    JsonFieldReader stop_fields = fields.Nested(*stop, "verdict.early_stop");
    slo::EarlyStop early_stop;
    early_stop.at = FromDurationSeconds(Seconds(stop_fields, "at_s"));
    early_stop.slo = stop_fields.String("slo");
    early_stop.reason = stop_fields.String("reason");
    if (!stop_fields.ok()) return stop_fields.error();
    verdict.early_stop = std::move(early_stop);
  }
  return verdict;
}

Result<EndpointSummary> ReadEndpoint(const json& object, const std::string& path) {
  JsonFieldReader fields(object, path, kBadResults);
  EndpointSummary endpoint;
  endpoint.url = fields.String("url");
  endpoint.ok = fields.Bool("ok");
  endpoint.error = fields.OptionalString("error");
  endpoint.took = FromDurationSeconds(Seconds(fields, "took_seconds"));
  endpoint.families = fields.Unsigned("families");
  endpoint.samples = fields.Unsigned("samples");
  if (!fields.ok()) return fields.error();
  return endpoint;
}

Result<std::vector<ScrapeSummary>> ReadScrapes(const json& array) {
  std::vector<ScrapeSummary> out;
  for (size_t i = 0; i < array.size(); ++i) {
    const std::string path = IndexPath("scrapes", i);
    JsonFieldReader fields(array[i], path, kBadResults);
    ScrapeSummary scrape;
    scrape.phase = fields.String("phase");
    scrape.taken_at = FromUnixSeconds(Seconds(fields, "taken_at"));
    const json* endpoints = fields.Array("endpoints");
    if (!fields.ok()) return fields.error();
    for (size_t j = 0; j < endpoints->size(); ++j) {
      Result<EndpointSummary> endpoint =
          ReadEndpoint((*endpoints)[j], IndexPath(path + ".endpoints", j));
      if (!endpoint.ok()) return endpoint.error();
      scrape.endpoints.push_back(std::move(*endpoint));
    }
    out.push_back(std::move(scrape));
  }
  return out;
}

Result<std::vector<scrape::SampledSeries>> ReadSeries(const json& array) {
  std::vector<scrape::SampledSeries> out;
  for (size_t i = 0; i < array.size(); ++i) {
    const std::string path = IndexPath("series", i);
    JsonFieldReader fields(array[i], path, kBadResults);
    scrape::SampledSeries series;
    series.selector = fields.String("selector");
    const json* points = fields.Array("points");
    if (!fields.ok()) return fields.error();
    for (size_t j = 0; j < points->size(); ++j) {
      JsonFieldReader point = fields.Nested((*points)[j], IndexPath(path + ".points", j));
      scrape::SamplePoint sample;
      sample.at = FromUnixSeconds(Seconds(point, "t"));
      sample.value = point.OptionalNumber("value");
      sample.error = point.OptionalString("error");
      if (!point.ok()) return point.error();
      series.points.push_back(std::move(sample));
    }
    out.push_back(std::move(series));
  }
  return out;
}

Status ReadSchemaVersion(JsonFieldReader& fields) {
  const uint64_t version = fields.Unsigned("schema_version");
  if (!fields.ok()) return fields.error();
  if (version != static_cast<uint64_t>(kResultsSchemaVersion)) {
    fields.Fail("schema_version", "this slogate reads version " +
                                      std::to_string(kResultsSchemaVersion) + ", the file has " +
                                      std::to_string(version));
    return fields.error();
  }
  return Status::Ok();
}

// "run" is null when the run failed before producing a result.
Status ReadRun(JsonFieldReader& fields, const json& root, ResultsDocument& document) {
  const auto run = root.find("run");
  if (run == root.end() || run->is_null()) return Status::Ok();
  Result<load::RunResult> parsed = load::RunResultFromJson(*run);
  if (!parsed.ok()) {
    fields.Fail("run", parsed.error().message);
    return fields.error();
  }
  document.run = std::move(*parsed);
  return Status::Ok();
}

// "lag_probes" is null or absent when no probes ran (and in files written before it existed).
Status ReadLagProbes(const json& root, ResultsDocument& document) {
  const json* found = Present(root, "lag_probes");
  if (found == nullptr) return Status::Ok();
  Result<LagProbeSummary> summary = ReadLagProbeSummary(*found, "lag_probes");
  if (!summary.ok()) return summary.error();
  document.lag_probes = std::move(*summary);
  return Status::Ok();
}

// "selection" is null or absent unless a --gtest_filter ran only some of the SLO cases.
Status ReadSelection(const json& root, ResultsDocument& document) {
  const json* found = Present(root, "selection");
  if (found == nullptr) return Status::Ok();
  JsonFieldReader fields(*found, "selection", kBadResults);
  Selection selection;
  selection.filter = fields.String("filter");
  const json* selected = fields.Array("selected");
  if (!fields.ok()) return fields.error();
  for (size_t i = 0; i < selected->size(); ++i) {
    if (!(*selected)[i].is_string()) {
      fields.Fail(IndexPath("selected", i), "expected an SLO name, got " + JsonExcerpt((*selected)[i]));
      return fields.error();
    }
    selection.selected.push_back((*selected)[i].get<std::string>());
  }
  document.selection = std::move(selection);
  return Status::Ok();
}

}  // namespace

Result<ResultsDocument> ReadResults(const json& json_document) {
  // A RunResult has a schema_version too, of another document: said for what it is rather than
  // as a version this slogate cannot read.
  if (json_document.is_object() && json_document.contains("duration_ns") &&
      !json_document.contains("verdict")) {
    return MakeError(kBadResults,
                     "this is a RunResult (from slogate run --out or slogate merge), not a results "
                     "file: slogate report renders the suite's results file (SLO_RESULTS)");
  }
  JsonFieldReader fields(json_document, "", kBadResults);
  if (Status version = ReadSchemaVersion(fields); !version.ok()) return version.error();
  ResultsDocument document;
  const json* context = fields.Object("context");
  const json* config = fields.Object("config");
  document.error = fields.OptionalString("error");
  const json* verdict = fields.Object("verdict");
  const json* scrapes = fields.Array("scrapes");
  const json* series = fields.Array("series");
  if (!fields.ok()) return fields.error();
  document.config = *config;

  Result<Context> read_context = ReadContext(*context);
  if (!read_context.ok()) return read_context.error();
  document.context = std::move(*read_context);
  if (Status run = ReadRun(fields, json_document, document); !run.ok()) return run.error();
  Result<slo::Verdict> read_verdict = ReadVerdict(*verdict);
  if (!read_verdict.ok()) return read_verdict.error();
  document.verdict = std::move(*read_verdict);
  Result<std::vector<ScrapeSummary>> read_scrapes = ReadScrapes(*scrapes);
  if (!read_scrapes.ok()) return read_scrapes.error();
  document.scrapes = std::move(*read_scrapes);
  Result<std::vector<scrape::SampledSeries>> read_series = ReadSeries(*series);
  if (!read_series.ok()) return read_series.error();
  document.series = std::move(*read_series);
  if (Status probes = ReadLagProbes(json_document, document); !probes.ok()) return probes.error();
  if (Status selection = ReadSelection(json_document, document); !selection.ok()) {
    return selection.error();
  }
  return document;
}

}  // namespace slogate::report
