// ResultsDocument: everything one conformance run produced, as plain data for the reporters.
//
// Measurement and reporting are separate: the suite (or `slogate run`) fills this struct from
// what load, scrape and slo returned, and every reporter (console, JSON, HTML, Pushgateway)
// only reads it. The JSON results file is this struct written out; ReadResults (json_results.h)
// reads it back so `slogate report` can render any format later.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "slogate/load/run_result.h"
#include "slogate/report/lag_probe_summary.h"
#include "slogate/scrape/scrape_types.h"
#include "slogate/slo/finding.h"

namespace slogate::report {

// Bumped whenever a field changes meaning or is removed (adding fields keeps the version).
inline constexpr int kResultsSchemaVersion = 1;

// Where, when and against what the results were produced.
struct Context {
  std::chrono::system_clock::time_point generated_at;
  std::string host;             // machine that ran the suite
  std::string slogate_version;  // e.g. "0.1.0"
  std::string target;           // target URL
  std::string environment;      // SLO_ENV: local, dev, staging, prod
  std::string profile;          // load profile name: smoke, soak, burst, ramp
};

// One endpoint of one scrape, reduced to what a reader of the report needs.
struct EndpointSummary {
  std::string url;
  bool ok = false;
  std::string error;  // why the scrape failed, when !ok
  std::chrono::nanoseconds took{0};
  std::size_t families = 0;
  std::size_t samples = 0;
};

// One scrape set (all endpoints at one moment), labelled with its phase.
struct ScrapeSummary {
  std::string phase;  // "before", "after", ...
  scrape::WallTime taken_at;
  std::vector<EndpointSummary> endpoints;
};

// Reduces a scrape set to its summary. Pure; thread-safe.
ScrapeSummary SummarizeScrape(std::string phase, const scrape::ScrapeSet& set);

// The cases a --gtest_filter selected: the verdict above still holds every SLO, and the exit
// status followed only these.
struct Selection {
  std::string filter;                // the --gtest_filter text
  std::vector<std::string> selected;  // the SLO names whose cases ran, in SLO order
};

struct ResultsDocument {
  Context context;
  // The effective configuration. The producer passes it with secrets already removed;
  // reporters still pass it through RedactSecrets (redact.h) before writing anything.
  nlohmann::json config = nlohmann::json::object();
  // The load run; empty when the run failed before it produced a result (see `error`).
  std::optional<load::RunResult> run;
  slo::Verdict verdict;
  std::vector<ScrapeSummary> scrapes;
  // Gauges sampled during the run (replication lag, DLQ depth, replicator events...).
  std::vector<scrape::SampledSeries> series;
  // The end-to-end lag probes; empty when none ran (no audit URL, or turned off).
  std::optional<LagProbeSummary> lag_probes;
  // A failed run is data: non-empty when the run could not complete, and why.
  std::string error;
  // Set when a --gtest_filter ran only some of this run's SLO cases.
  std::optional<Selection> selection;
};

}  // namespace slogate::report
