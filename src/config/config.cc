#include "slogate/config/config.h"

#include <algorithm>
#include <string>

namespace slogate::config {
namespace {

constexpr std::array<std::pair<Environment, std::string_view>, 4> kEnvironmentNames = {{
    {Environment::kLocal, "local"},
    {Environment::kDev, "dev"},
    {Environment::kStaging, "staging"},
    {Environment::kProd, "prod"},
}};

constexpr std::array<std::pair<ScheduleKind, std::string_view>, 4> kScheduleNames = {{
    {ScheduleKind::kConstant, "constant"},
    {ScheduleKind::kRamp, "ramp"},
    {ScheduleKind::kBurst, "burst"},
    {ScheduleKind::kPoisson, "poisson"},
}};

constexpr std::array<std::pair<MetricCheckKind, std::string_view>, 3> kMetricCheckKindNames = {{
    {MetricCheckKind::kIncrease, "increase"},
    {MetricCheckKind::kRatio, "ratio"},
    {MetricCheckKind::kGauge, "gauge"},
}};

constexpr std::array<std::pair<Comparison, std::string_view>, 4> kComparisonTexts = {{
    {Comparison::kBelow, "<"},
    {Comparison::kAtMost, "<="},
    {Comparison::kAbove, ">"},
    {Comparison::kAtLeast, ">="},
}};

// The name `value` has in `names`; the first entry's for a value the table lacks.
template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names,
                        Enum value) {
  for (const auto& [entry, name] : names) {
    if (entry == value) return name;
  }
  return names.front().second;
}

template <typename Enum, size_t N>
std::string JoinNames(const std::array<std::pair<Enum, std::string_view>, N>& names) {
  std::string joined;
  for (const auto& [value, name] : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

}  // namespace

std::string_view EnvironmentName(Environment environment) {
  return NameOf(kEnvironmentNames, environment);
}

Result<Environment> ParseEnvironment(std::string_view text) {
  for (const auto& [value, name] : kEnvironmentNames) {
    if (name == text) return value;
  }
  return MakeError("bad_environment", "unknown environment \"" + std::string(text) +
                                          "\" (expected one of: " + JoinNames(kEnvironmentNames) +
                                          ")");
}

std::string_view ScheduleKindName(ScheduleKind kind) { return NameOf(kScheduleNames, kind); }

Result<ScheduleKind> ParseScheduleKind(std::string_view text) {
  for (const auto& [value, name] : kScheduleNames) {
    if (name == text) return value;
  }
  return MakeError("bad_schedule", "unknown schedule \"" + std::string(text) +
                                       "\" (expected one of: " + JoinNames(kScheduleNames) + ")");
}

std::string_view RequirementName(Requirement requirement) {
  return requirement == Requirement::kRequired ? "required" : "optional";
}

std::string_view MetricCheckKindName(MetricCheckKind kind) {
  return NameOf(kMetricCheckKindNames, kind);
}

std::string_view ComparisonText(Comparison comparison) {
  return NameOf(kComparisonTexts, comparison);
}

bool Holds(Comparison comparison, double value, double bound) {
  switch (comparison) {
    case Comparison::kBelow:
      return value < bound;
    case Comparison::kAtMost:
      return value <= bound;
    case Comparison::kAbove:
      return value > bound;
    case Comparison::kAtLeast:
      return value >= bound;
  }
  return false;
}

std::string_view PresenceName(Presence presence) {
  return presence == Presence::kRequired ? "required" : "auto";
}

Requirement Checks::For(std::string_view slo) const {
  const auto found = by_slo.find(slo);
  return found == by_slo.end() ? Requirement::kRequired : found->second;
}

const LoadProfile* Config::FindProfile(std::string_view name) const {
  const auto found = std::find_if(profiles.begin(), profiles.end(),
                                  [&](const LoadProfile& profile) { return profile.name == name; });
  return found == profiles.end() ? nullptr : &*found;
}

const Endpoint* Config::FindEndpoint(std::string_view name) const {
  const auto found = std::find_if(endpoints.begin(), endpoints.end(),
                                  [&](const Endpoint& endpoint) { return endpoint.name == name; });
  return found == endpoints.end() ? nullptr : &*found;
}

std::vector<const Endpoint*> Config::EndpointsFor(const LoadProfile& profile) const {
  std::vector<const Endpoint*> covered;
  for (const Endpoint& endpoint : endpoints) {
    const bool listed = std::find(profile.endpoints.begin(), profile.endpoints.end(),
                                  endpoint.name) != profile.endpoints.end();
    if (profile.endpoints.empty() || listed) covered.push_back(&endpoint);
  }
  return covered;
}

Config Config::Redacted() const {
  Config copy = *this;
  for (std::string* secret :
       {&copy.target.jwt, &copy.prometheus.bearer_token, &copy.prometheus.basic_password}) {
    if (!secret->empty()) *secret = std::string(kRedacted);
  }
  return copy;
}

}  // namespace slogate::config
