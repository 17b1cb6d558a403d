// Reading counter increases between the before/after scrapes, with every way that can go
// wrong turned into the right Finding: a metrics endpoint down or a counter reset is
// INCONCLUSIVE, a missing metric is INCONCLUSIVE when required and SKIPPED when optional.
#pragma once

#include <cstdint>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "judge.h"

namespace slogate::slo::internal {

// Either the increase or the finding that explains why there is none.
struct CounterRead {
  double increase = 0;
  std::optional<Finding> problem;
  bool missing = false;  // the problem is that no series matched (or nothing was scraped)
};

// Increase of `selector` between observations().before and .after. A selector with no
// matching series in either scrape is a missing metric.
CounterRead ReadIncrease(const Judge& judge, std::string_view selector);

// As ReadIncrease, but no matching series means an increase of 0 (a labelled series such as
// results{result="error"} only appears once it is first used).
CounterRead ReadIncreaseOrZero(const Judge& judge, std::string_view selector);

// How a profile marks a built-in SLO's data optional, as MissingData says it by default.
inline constexpr std::string_view kChecksOptionalHint =
    "mark the check \"optional\" in the profile's \"checks\"";

// The finding for data that `requirement` says must or may be there but is not; when required,
// the message says how to mark it optional (`optional_hint`).
Finding MissingData(const Judge& judge, std::string_view what,
                    std::string_view optional_hint = kChecksOptionalHint);

// What MissingData names when the before/after sets hold no endpoint at all.
std::string NoMetricsText(const Observations& observations);

// When the metrics came from Prometheus and it could not show `metric` (a family name, or a
// selector whose family is taken) for this run: INCONCLUSIVE with Prometheus's problem text
// (Observations::prometheus). Nullopt otherwise.
std::optional<Finding> PrometheusProblem(const Judge& judge, std::string_view metric);
// The same problem as text, for the evidence readers that do not build a finding.
std::optional<std::string> PrometheusProblemText(const Observations& observations,
                                                 std::string_view metric);

// When the metrics came from Prometheus and its samples are too coarse to resolve a lag of
// `max_lag`: why, as text; nullopt when they can (or the metrics were scraped directly). The
// sampled lag gauge and the write accounting then cannot judge the bound (the read-back probes
// still can).
std::optional<std::string> PrometheusTooCoarseFor(const Observations& observations,
                                                  std::chrono::nanoseconds max_lag);

// Writes the target acknowledged with a 200.
uint64_t AcknowledgedWrites(const load::RunResult& run);

// A feature of the target the seed's checks are conditional on, told apart by its metric
// families: exposed (HELP/TYPE) with no series at all while writes were acknowledged, it is off.
struct Feature {
  std::string_view name;         // "write-through"
  std::string_view profile_key;  // "write_through", the profile member that sets its Presence
  std::vector<std::string_view> families;
  std::string_view hint;  // the likely cause, e.g. "GATEWAY_WRITE_THROUGH=false?"
};
const Feature& WriteThroughFeature();
const Feature& ReplicatorFeature();

// When `feature` is off on the target (every family of it the after-scrape exposes has no
// series, at least one is exposed, and 200s flowed): SKIPPED under Presence::kAuto saying so,
// FAIL under kRequired. Families absent altogether are not this (a missing metric, judged by
// the check's required/optional rule); nullopt then and whenever the feature shows series.
// Always nullopt for metrics read from Prometheus, which stores no family without series: an
// off feature there is a missing metric.
std::optional<Finding> FeatureOff(const Judge& judge, const Feature& feature,
                                  config::Presence presence);

}  // namespace slogate::slo::internal
