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

// The instant query whose answer is the oldest "latest sample" of the series of `metrics`
// matched by `prom_selector`: `min(timestamp({__name__=~"a|b",namespace="staging"}))`.
// Series that Prometheus marked stale (their target went away) are not in it. `metrics` are
// metric names (selectors are reduced to their names).
Result<std::string> IngestionQuery(const std::vector<std::string>& metrics,
                                   std::string_view prom_selector);

}  // namespace slogate::scrape
