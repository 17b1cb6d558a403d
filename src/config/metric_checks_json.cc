#include "metric_checks_json.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "slogate/common/units.h"
#include "slogate/promtext/selector.h"

namespace slogate::config::internal {
namespace {

constexpr size_t kMaxNameChars = 64;
constexpr size_t kMaxSelectorChars = 1024;
constexpr std::string_view kConditionExpected =
    "a condition such as \"< 0.1%\", \"<= 5\" or \">= 0.995\" (<, <=, > or >= and a number, "
    "\"%\" for a percentage)";

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

Result<std::string> ReadName(const Json& value, const std::string& path,
                             const std::vector<MetricCheck>& earlier) {
  Result<std::string> name = ReadString(value, path);
  if (!name.ok()) return name.error();
  if (name->empty() || name->size() > kMaxNameChars ||
      !std::all_of(name->begin(), name->end(), IsNameChar)) {
    return FieldError(path, "a name of 1 to 64 letters, digits and underscores", value);
  }
  // GoogleTest would register the check's case disabled, and a breach would exit 0.
  if (name->starts_with("DISABLED_")) {
    return MakeError("bad_profile", path + ": \"" + *name +
                                        "\" starts with DISABLED_, which would disable its "
                                        "test case; remove the check instead");
  }
  if (std::find(kSloNames.begin(), kSloNames.end(), *name) != kSloNames.end()) {
    return MakeError("bad_profile", path + ": \"" + *name +
                                        "\" is a built-in SLO; give the check a name of its own");
  }
  for (const MetricCheck& check : earlier) {
    if (check.name == *name) {
      return MakeError("bad_profile", path + ": a second check named \"" + *name + "\"");
    }
  }
  return name;
}

// A selector with a metric name, in canonical text: Prometheus is asked by name, and a check
// over every family of a target would judge whatever it happens to expose.
Result<std::string> ReadSelector(const Json& value, const std::string& path) {
  Result<std::string> text = ReadString(value, path);
  if (!text.ok()) return text.error();
  // Every message of the check quotes it.
  if (text->size() > kMaxSelectorChars) {
    return FieldError(path, "a selector of at most 1024 characters", value);
  }
  Result<promtext::Selector> selector = promtext::Selector::Parse(*text);
  if (!selector.ok()) {
    return MakeError("bad_profile", path + ": not a selector: " + selector.error().message);
  }
  if (selector->metric_name().empty()) {
    return MakeError("bad_profile", path +
                                        ": the selector needs a metric name "
                                        "(e.g. gateway_requests_total{status=~\"5..\"})");
  }
  return selector->ToString();
}

Result<MetricCheckKind> ReadKind(const Json& value, const std::string& path) {
  constexpr std::array kKinds = {MetricCheckKind::kIncrease, MetricCheckKind::kRatio,
                                 MetricCheckKind::kGauge};
  Result<std::string> text = ReadString(value, path);
  if (!text.ok()) return text.error();
  for (MetricCheckKind kind : kKinds) {
    if (MetricCheckKindName(kind) == *text) return kind;
  }
  return FieldError(path, "\"increase\", \"ratio\" or \"gauge\"", value);
}

Result<MetricCheck> ParseCheck(const Json& object, const std::string& path,
                               const std::vector<MetricCheck>& earlier) {
  if (Status s = ExpectObject(object, path); !s.ok()) return s.error();
  if (Status s =
          CheckKnownKeys(object, path, {"name", "kind", "of", "over", "must_be", "optional"});
      !s.ok()) {
    return s.error();
  }
  for (const char* key : {"name", "kind", "of", "must_be"}) {
    if (!object.contains(key)) {
      return MakeError("bad_profile", Member(path, key) +
                                          ": missing (a metric check needs a name, a kind, the "
                                          "selector it is \"of\" and what it \"must_be\")");
    }
  }
  MetricCheck check;
  Result<std::string> name = ReadName(object["name"], Member(path, "name"), earlier);
  if (!name.ok()) return name.error();
  check.name = *name;
  Result<MetricCheckKind> kind = ReadKind(object["kind"], Member(path, "kind"));
  if (!kind.ok()) return kind.error();
  check.kind = *kind;
  Result<std::string> of = ReadSelector(object["of"], Member(path, "of"));
  if (!of.ok()) return of.error();
  check.of = *of;
  const bool is_ratio = check.kind == MetricCheckKind::kRatio;
  if (object.contains("over") != is_ratio) {
    return MakeError("bad_profile",
                     Member(path, "over") + (is_ratio ? ": missing (a ratio is \"of\" one counter "
                                                        "\"over\" another)"
                                                      : ": only a ratio has a denominator"));
  }
  if (is_ratio) {
    Result<std::string> over = ReadSelector(object["over"], Member(path, "over"));
    if (!over.ok()) return over.error();
    check.over = *over;
  }
  Result<std::string> must_be = ReadString(object["must_be"], Member(path, "must_be"));
  if (!must_be.ok()) return must_be.error();
  Result<std::pair<Comparison, double>> condition = ParseCondition(*must_be);
  if (!condition.ok()) {
    Error error = FieldError(Member(path, "must_be"), kConditionExpected, object["must_be"]);
    error.message += " (" + condition.error().message + ")";
    return error;
  }
  check.comparison = condition->first;
  check.bound = condition->second;
  check.must_be = *must_be;
  if (object.contains("optional")) {
    Result<bool> optional = ReadBool(object["optional"], Member(path, "optional"));
    if (!optional.ok()) return optional.error();
    check.requirement = *optional ? Requirement::kOptional : Requirement::kRequired;
  }
  return check;
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

Result<std::pair<Comparison, double>> ParseCondition(std::string_view text) {
  text = Trimmed(text);
  // Longest operators first, so "<=" is not read as "<" and "=5".
  constexpr std::array<std::pair<std::string_view, Comparison>, 4> kOperators = {{
      {"<=", Comparison::kAtMost},
      {">=", Comparison::kAtLeast},
      {"<", Comparison::kBelow},
      {">", Comparison::kAbove},
  }};
  for (const auto& [op, comparison] : kOperators) {
    if (!text.starts_with(op)) continue;
    std::string_view number = Trimmed(text.substr(op.size()));
    const bool percent = number.ends_with('%');
    if (percent) number = Trimmed(number.substr(0, number.size() - 1));
    Result<double> value = units::ParseNumber(number);
    if (!value.ok()) return value.error();
    const double bound = percent ? *value / 100 : *value;
    if (!std::isfinite(bound)) return MakeError("bad_condition", "the bound is not finite");
    return std::pair{comparison, bound};
  }
  return MakeError("bad_condition", std::string(kConditionExpected));
}

Status ParseMetricChecks(const Json& value, const std::string& path, LoadProfile& profile) {
  if (!value.is_array()) return FieldError(path, "an array of checks", value);
  if (value.size() > kMaxMetricChecks) {
    return MakeError("bad_profile", path + ": " + std::to_string(value.size()) +
                                        " checks; a profile may declare at most " +
                                        std::to_string(kMaxMetricChecks));
  }
  for (size_t i = 0; i < value.size(); ++i) {
    Result<MetricCheck> check = ParseCheck(value[i], Element(path, i), profile.metric_checks);
    if (!check.ok()) return check.error();
    profile.metric_checks.push_back(std::move(*check));
  }
  return Status::Ok();
}

}  // namespace slogate::config::internal
