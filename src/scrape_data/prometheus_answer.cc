#include "slogate/scrape/prometheus_answer.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "slogate/common/json_fields.h"
#include "slogate/common/json_text.h"

namespace slogate::scrape {
namespace {

using nlohmann::json;
constexpr const char* kBadAnswer = "bad_prometheus_answer";

Error BadAnswer(std::string_view source, std::string_view path, std::string_view what) {
  std::string message = std::string(source) + ": ";
  if (!path.empty()) message += std::string(path) + ": ";
  return Error{kBadAnswer, message + std::string(what)};
}

// The sample value text of the API: a decimal in C syntax, "NaN", "+Inf" or "-Inf".
std::optional<double> ParseSampleValue(std::string_view text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "+Inf") return std::numeric_limits<double>::infinity();
  if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;  // "nan"/"inf" spellings are not the API's
  return value;
}

// `[<unix seconds>, "<value>"]`.
Result<PromPoint> ParsePoint(const json& pair, std::string_view source, const std::string& path) {
  const auto bad = [&] {
    return BadAnswer(source, path,
                     "expected [<unix seconds>, \"<value>\"], got " + JsonExcerpt(pair));
  };
  if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_string()) {
    return bad();
  }
  const double seconds = pair[0].get<double>();
  // Up to year 2262 (what a nanosecond clock holds); Prometheus timestamps are milliseconds.
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 9.2e9) return bad();
  const std::optional<double> value = ParseSampleValue(pair[1].get_ref<const std::string&>());
  if (!value.has_value()) return bad();
  const auto millis = std::chrono::milliseconds(std::llround(seconds * 1000));
  return PromPoint{WallTime(std::chrono::duration_cast<WallTime::duration>(millis)), *value};
}

Result<std::vector<std::pair<std::string, std::string>>> ParseLabels(const json& object,
                                                                     std::string_view source,
                                                                     const std::string& path) {
  if (!object.is_object()) {
    return BadAnswer(source, path, "expected an object of labels, got " + JsonExcerpt(object));
  }
  std::vector<std::pair<std::string, std::string>> labels;
  for (const auto& [name, value] : object.items()) {
    if (!value.is_string()) {
      return BadAnswer(source, path + "." + name, "expected a string, got " + JsonExcerpt(value));
    }
    labels.emplace_back(name, value.get<std::string>());
  }
  return labels;  // nlohmann::json keeps object members sorted by name
}

// A member of an error answer as message text: its string (at most kMaxErrorText bytes, cut
// at a character), else an excerpt of whatever JSON it is; `absent` when there is none. The
// answer comes from outside: a number where the API has a string is still an answer to show.
std::string ErrorText(const json& answer, const char* key, std::string_view absent) {
  constexpr size_t kMaxErrorText = 500;
  const auto found = answer.find(key);
  if (found == answer.end()) return std::string(absent);
  if (!found->is_string()) return JsonExcerpt(*found);
  std::string text = found->get<std::string>();
  if (text.size() <= kMaxErrorText) return text;
  size_t cut = kMaxErrorText;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

// The `data` member of a success answer in `body`, or why there is none (the API's error, or
// an answer that is not the API's).
Result<json> SuccessData(std::string_view body, std::string_view source) {
  Result<json> answer = ParseJsonText(body, source);
  if (!answer.ok()) return Error{kBadAnswer, answer.error().message};
  if (!answer->is_object()) {
    return BadAnswer(source, "", "expected a JSON object, got " + JsonExcerpt(*answer));
  }
  const auto status = answer->find("status");
  if (status == answer->end() || !status->is_string()) {
    return BadAnswer(source, "status", "missing; this does not look like Prometheus's HTTP API");
  }
  if (*status == "error") {
    const std::string type = ErrorText(*answer, "errorType", "unknown");
    const std::string error = ErrorText(*answer, "error", "(no message)");
    return Error{"prometheus_error",
                 std::string(source) + ": Prometheus refused the query: " + type + ": " + error};
  }
  if (*status != "success") {
    return BadAnswer(source, "status",
                     "expected \"success\" or \"error\", got " + JsonExcerpt(*status));
  }
  const auto data = answer->find("data");
  if (data == answer->end() || !data->is_object()) {
    return BadAnswer(source, "data", "expected an object");
  }
  return std::move(*data);
}

Result<PromSeries> ParseSeries(const json& entry, bool matrix, std::string_view source,
                               const std::string& path, const PromAnswerLimits& limits) {
  if (!entry.is_object() || !entry.contains("metric")) {
    return BadAnswer(source, path, "expected {\"metric\": {...}, ...}, got " + JsonExcerpt(entry));
  }
  PromSeries series;
  auto labels = ParseLabels(entry["metric"], source, path + ".metric");
  if (!labels.ok()) return labels.error();
  series.labels = std::move(*labels);
  if (!matrix) {
    if (!entry.contains("value")) return BadAnswer(source, path, "missing \"value\"");
    auto point = ParsePoint(entry["value"], source, path + ".value");
    if (!point.ok()) return point.error();
    series.points.push_back(*point);
    return series;
  }
  const auto values = entry.find("values");
  if (values == entry.end() || !values->is_array()) {
    return BadAnswer(source, path + ".values", "expected an array of [<time>, \"<value>\"]");
  }
  if (values->size() > limits.max_points_per_series) {
    return BadAnswer(source, path + ".values",
                     std::to_string(values->size()) + " points, more than the " +
                         std::to_string(limits.max_points_per_series) +
                         " a series may hold; shorten the range or raise the step");
  }
  series.points.reserve(values->size());
  for (size_t i = 0; i < values->size(); ++i) {
    auto point = ParsePoint((*values)[i], source, IndexPath(path + ".values", i));
    if (!point.ok()) return point.error();
    if (!series.points.empty() && point->at <= series.points.back().at) {
      return BadAnswer(source, IndexPath(path + ".values", i), "timestamps are not increasing");
    }
    series.points.push_back(*point);
  }
  return series;
}

}  // namespace

std::string_view PromSeries::Label(std::string_view name) const {
  for (const auto& [label, value] : labels) {
    if (label == name) return value;
  }
  return "";
}

Result<std::vector<PromSeries>> ParsePromQueryAnswer(std::string_view body, std::string_view source,
                                                     const PromAnswerLimits& limits) {
  Result<json> data = SuccessData(body, source);
  if (!data.ok()) return data.error();
  const json result_type = data->value("resultType", json());
  const json& result = data->contains("result") ? (*data)["result"] : json();
  if (result_type == "scalar") {
    auto point = ParsePoint(result, source, "data.result");
    if (!point.ok()) return point.error();
    return std::vector<PromSeries>{PromSeries{{}, {*point}}};
  }
  if (result_type != "matrix" && result_type != "vector") {
    return BadAnswer(
        source, "data.resultType",
        "expected \"matrix\", \"vector\" or \"scalar\", got " + JsonExcerpt(result_type));
  }
  if (!result.is_array()) return BadAnswer(source, "data.result", "expected an array");
  if (result.size() > limits.max_series) {
    return BadAnswer(source, "data.result",
                     std::to_string(result.size()) + " series, more than the " +
                         std::to_string(limits.max_series) +
                         " one query may return; narrow PROM_SELECTOR");
  }
  std::vector<PromSeries> series;
  series.reserve(result.size());
  for (size_t i = 0; i < result.size(); ++i) {
    auto one = ParseSeries(result[i], result_type == "matrix", source, IndexPath("data.result", i),
                           limits);
    if (!one.ok()) return one.error();
    series.push_back(std::move(*one));
  }
  return series;
}

Result<std::vector<PromTarget>> ParsePromTargetsAnswer(std::string_view body,
                                                       std::string_view source,
                                                       const PromAnswerLimits& limits) {
  Result<json> data = SuccessData(body, source);
  if (!data.ok()) return data.error();
  const auto active = data->find("activeTargets");
  if (active == data->end() || !active->is_array()) {
    return BadAnswer(source, "data.activeTargets", "expected an array");
  }
  if (active->size() > limits.max_series) {
    return BadAnswer(source, "data.activeTargets",
                     std::to_string(active->size()) + " targets, more than " +
                         std::to_string(limits.max_series));
  }
  std::vector<PromTarget> targets;
  targets.reserve(active->size());
  for (size_t i = 0; i < active->size(); ++i) {
    const std::string path = IndexPath("data.activeTargets", i);
    JsonFieldReader reader((*active)[i], path, kBadAnswer);
    PromTarget target;
    target.health = reader.String("health");
    target.last_error = reader.OptionalString("lastError");
    const std::string interval = reader.OptionalString("scrapeInterval");
    const nlohmann::json* labels = reader.Object("labels");
    if (!reader.ok()) return BadAnswer(source, "", reader.error().message);
    auto parsed = ParseLabels(*labels, source, path + ".labels");
    if (!parsed.ok()) return parsed.error();
    target.labels = std::move(*parsed);
    if (!interval.empty()) {
      auto duration = ParsePromDuration(interval);
      if (!duration.ok())
        return BadAnswer(source, path + ".scrapeInterval", duration.error().message);
      target.scrape_interval = *duration;
    }
    targets.push_back(std::move(target));
  }
  return targets;
}

Result<std::chrono::milliseconds> ParsePromDuration(std::string_view text) {
  // Prometheus's units, longest spelling first where one is a prefix of another ("ms", "m").
  static constexpr std::pair<std::string_view, long long> kUnits[] = {
      {"ms", 1},       {"s", 1000},      {"m", 60000},      {"h", 3600000},
      {"d", 86400000}, {"w", 604800000}, {"y", 31536000000}};
  const auto bad = [&] {
    return Error{kBadAnswer, "expected a Prometheus duration such as \"30s\" or \"1m30s\", got \"" +
                                 std::string(text.substr(0, 40)) + "\""};
  };
  if (text.empty()) return bad();
  long long total = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    long long number = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
    if (error != std::errc() || end == rest.data() || number < 0) return bad();
    rest.remove_prefix(static_cast<size_t>(end - rest.data()));
    long long unit = 0;
    for (const auto& [name, millis] : kUnits) {
      if (rest.starts_with(name)) {
        unit = millis;
        rest.remove_prefix(name.size());
        break;
      }
    }
    if (unit == 0 || number > (std::numeric_limits<long long>::max() - total) / unit) return bad();
    total += number * unit;
  }
  return std::chrono::milliseconds(total);
}

}  // namespace slogate::scrape
