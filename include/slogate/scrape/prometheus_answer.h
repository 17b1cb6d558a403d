// The answers of Prometheus's HTTP API that PrometheusSource reads, parsed into plain data:
// query results (matrix, vector, scalar), the API's errors and the active targets. The parsing
// half of prometheus_source.h, without libcurl, so that it is unit-tested and fuzzed alone.
//
// Every answer is outside input: JSON nesting is capped (ParseJsonText), the number of series
// and of points are capped (PromAnswerLimits), and every problem is a "bad_prometheus_answer"
// error naming the answer (its `source`, e.g. the query's URL) and the JSON path.
// Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape {

// One sample of a series as the API gives it: `[<unix seconds>, "<value>"]`. Prometheus keeps
// timestamps in milliseconds, so `at` loses nothing.
struct PromPoint {
  WallTime at;
  double value = 0;  // "NaN", "+Inf" and "-Inf" kept as such
};

// One series of a query result: its labels (with `__name__` when the result kept it), sorted
// by name, and its points in time order (one for a vector or a scalar).
struct PromSeries {
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<PromPoint> points;

  // The value of label `name`, or "" (PromQL's value of an absent label).
  std::string_view Label(std::string_view name) const;
};

// Memory bounds of one answer: a selector that matches far more series than a gateway
// exposes, or a range with far more points than a run holds, is refused rather than held.
struct PromAnswerLimits {
  std::size_t max_series = 10000;
  std::size_t max_points_per_series = std::size_t{1} << 20;
};

// One active scrape target of /api/v1/targets.
struct PromTarget {
  std::vector<std::pair<std::string, std::string>> labels;  // instance, job, ...
  std::string health;                                       // "up", "down", "unknown"
  std::chrono::milliseconds scrape_interval{0};             // zero when not given
  std::string last_error;
};

// Parses the body of /api/v1/query or /api/v1/query_range. A `"status":"error"` answer is
// code "prometheus_error": "<source>: Prometheus refused the query: <errorType>: <error>".
// Anything else that is not a success with a matrix, vector or scalar result is
// "bad_prometheus_answer" ("<source>: data.result[3].values[0]: expected [<time>, \"<value>\"],
// got ..."), and so is an answer past `limits`.
Result<std::vector<PromSeries>> ParsePromQueryAnswer(std::string_view body, std::string_view source,
                                                     const PromAnswerLimits& limits = {});

// Parses the body of /api/v1/targets: the active targets. Errors as ParsePromQueryAnswer.
Result<std::vector<PromTarget>> ParsePromTargetsAnswer(std::string_view body,
                                                       std::string_view source,
                                                       const PromAnswerLimits& limits = {});

// A Prometheus duration as the API writes it ("1s", "30s", "1m30s", "500ms", "2h"); an error
// (code "bad_prometheus_answer") naming the text otherwise.
Result<std::chrono::milliseconds> ParsePromDuration(std::string_view text);

}  // namespace slogate::scrape
