#include "slogate/promtext/snapshot_json.h"

#include <cmath>
#include <string>

namespace slogate::promtext {
namespace {

nlohmann::json NumberJson(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return value;
}

nlohmann::json LabelsJson(const Labels& labels) {
  nlohmann::json object = nlohmann::json::object();
  for (const Label& label : labels) object[std::string(label.name)] = std::string(label.value);
  return object;
}

nlohmann::json SampleJson(const Sample& sample) {
  nlohmann::json json = {{"name", std::string(sample.name)},
                         {"labels", LabelsJson(sample.labels)},
                         {"value", NumberJson(sample.value)}};
  if (sample.timestamp_seconds) json["timestamp"] = *sample.timestamp_seconds;
  if (sample.exemplar) {
    nlohmann::json exemplar = {{"labels", LabelsJson(sample.exemplar->labels)},
                               {"value", NumberJson(sample.exemplar->value)}};
    if (sample.exemplar->timestamp_seconds) {
      exemplar["timestamp"] = *sample.exemplar->timestamp_seconds;
    }
    json["exemplar"] = std::move(exemplar);
  }
  return json;
}

}  // namespace

nlohmann::json SnapshotToJson(const Snapshot& snapshot) {
  nlohmann::json families = nlohmann::json::array();
  for (const Family& family : snapshot.families) {
    nlohmann::json samples = nlohmann::json::array();
    for (const Sample& sample : family.samples) samples.push_back(SampleJson(sample));
    families.push_back({{"name", family.name},
                        {"type", MetricTypeName(family.type)},
                        {"help", family.help},
                        {"unit", family.unit},
                        {"samples", std::move(samples)}});
  }
  nlohmann::json warnings = nlohmann::json::array();
  for (const Warning& warning : snapshot.warnings) {
    warnings.push_back(
        {{"line", warning.line}, {"column", warning.column}, {"message", warning.message}});
  }
  return {{"schema_version", kSnapshotJsonSchemaVersion},
          {"format", snapshot.format == Format::kOpenMetrics100 ? "openmetrics-1.0.0" : "0.0.4"},
          {"families", std::move(families)},
          {"warnings", std::move(warnings)}};
}

}  // namespace slogate::promtext
