// The PromQL that PrometheusSource sends, built in one place so that what the suite runs and
// what evidence.queries shows a reviewer are the same text. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/promtext/selector.h"

namespace slogate::scrape {

// Checks PROM_SELECTOR: empty, or label matchers without a metric name
// (`{namespace="staging",job="gateway"}`). Error "bad_selector" saying what to write instead.
Result<promtext::Selector> ParsePromSelector(std::string_view text);

// `metric` (a name or a selector such as `x_total{result="ok"}`) with the matchers of
// `prom_selector` added: `gateway_dlq_depth` + `{namespace="staging",job="gateway"}` ->
// `gateway_dlq_depth{namespace="staging",job="gateway"}`. Errors: "bad_selector".
Result<std::string> MergeSelector(std::string_view metric, std::string_view prom_selector);

// A PromQL duration in milliseconds, rounded up so a range never covers less than asked:
// 95 s -> "95000ms".
std::string PromDuration(std::chrono::milliseconds duration);

// The instant queries whose answers are, per metric of `metrics`, the oldest "latest sample" of
// its series matched by `prom_selector`: `min(timestamp(a_total{namespace="staging"}))`. One per
// metric: timestamp() drops the metric's name, and series of two metrics with the same other
// labels in one query would collide ("vector cannot contain metrics with the same labelset");
// and timestamp() must take the selector itself (of any other expression it gives the
// evaluation time). Series that Prometheus marked stale (their target went away) are in none.
// `metrics` are metric names (selectors are reduced to their names, each named once).
Result<std::vector<std::string>> IngestionQueries(const std::vector<std::string>& metrics,
                                                  std::string_view prom_selector);

}  // namespace slogate::scrape
