#include "counters.h"

#include <chrono>
#include <string>

#include "slogate/promtext/selector.h"
#include "slogate/scrape/delta.h"

namespace slogate::slo::internal {
namespace {

// A counter sampled during the run (the sum over its series) never goes down; when it does, it
// was reset between the before and after scrapes even if they alone cannot show it.
std::optional<std::string> SampledDecrease(const Observations& observations,
                                           std::string_view selector_text) {
  const std::string_view metric = selector_text.substr(0, selector_text.find('{'));
  const scrape::SampledSeries* series = observations.FindSeries(metric);
  if (series == nullptr) return std::nullopt;
  const scrape::SamplePoint* previous = nullptr;
  for (const scrape::SamplePoint& point : series->points) {
    if (!point.value) continue;
    if (previous != nullptr && *point.value < *previous->value) {
      const double offset =
          std::chrono::duration<double>(point.at - observations.run.started_at).count();
      return "sampled " + std::string(metric) + " fell from " + Num(*previous->value, 0) +
             " to " + Num(*point.value, 0) + " at +" + Num(offset, 2) + " s";
    }
    previous = &point;
  }
  return std::nullopt;
}

CounterRead Read(const Judge& judge, std::string_view selector_text, bool missing_is_zero) {
  const Observations& observations = judge.observations();
  if (observations.before.endpoints.empty() || observations.after.endpoints.empty()) {
    return {0, MissingData(judge, "metrics (no metrics endpoint was scraped; set METRICS_URLS)"),
            true};
  }
  Result<promtext::Selector> selector = promtext::Selector::Parse(selector_text);
  if (!selector.ok()) {
    return {0, judge.Inconclusive("bad selector " + std::string(selector_text) + ": " +
                                  selector.error().ToString())};
  }
  Result<scrape::CounterDelta> delta =
      scrape::DeltaOf(observations.before, observations.after, *selector);
  if (!delta.ok()) {
    const Error& error = delta.error();
    if (error.code == "missing_metric") {
      if (missing_is_zero) return {0, std::nullopt};
      return {0, MissingData(judge, "metric " + std::string(selector_text)), true};
    }
    if (error.code == "scrape_failed") {
      return {0, judge.Inconclusive("metrics endpoint unreachable: " + error.message)};
    }
    return {0, judge.Inconclusive(std::string(selector_text) + ": " + error.ToString())};
  }
  if (delta->reset) {
    return {0, judge.Inconclusive("counter reset mid-run (" + delta->reset_detail +
                                  "); the increase of " + std::string(selector_text) +
                                  " over the run is unknown")};
  }
  if (auto fell = SampledDecrease(observations, selector_text)) {
    return {0, judge.Inconclusive("counter reset mid-run (" + *fell + "); the increase of " +
                                  std::string(selector_text) + " over the run is unknown")};
  }
  return {delta->value, std::nullopt};
}

}  // namespace

CounterRead ReadIncrease(const Judge& judge, std::string_view selector) {
  return Read(judge, selector, /*missing_is_zero=*/false);
}

CounterRead ReadIncreaseOrZero(const Judge& judge, std::string_view selector) {
  return Read(judge, selector, /*missing_is_zero=*/true);
}

Finding MissingData(const Judge& judge, std::string_view what) {
  if (judge.requirement() == config::Requirement::kOptional) {
    return judge.Skipped("optional check: " + std::string(what) + " is not available");
  }
  return judge.Inconclusive("required " + std::string(what) +
                            " is missing (mark the check \"optional\" in the profile's "
                            "\"checks\" if this target does not expose it)");
}

}  // namespace slogate::slo::internal
