// Config: everything a conformance run is told, validated once.
//
// Built from the environment (the seed's variable names plus the suite's own) and a profile
// JSON file (load profiles, endpoints, SLO thresholds per environment, required/optional
// checks). Defaults live in one place (defaults.cc); docs/config.md lists every variable and
// field. Plain data: copying is cheap enough and thread-compatible.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/common/secrets.h"

namespace slogate::config {

using std::chrono::nanoseconds;

enum class Environment { kLocal, kDev, kStaging, kProd };

// "local", "dev", "staging", "prod".
std::string_view EnvironmentName(Environment environment);
// Parses one of the names above (exact, lower case); the error lists the accepted names.
Result<Environment> ParseEnvironment(std::string_view text);

enum class ScheduleKind { kConstant, kRamp, kBurst, kPoisson };

// "constant", "ramp", "burst", "poisson".
std::string_view ScheduleKindName(ScheduleKind kind);
Result<ScheduleKind> ParseScheduleKind(std::string_view text);

// A high-rate window inside a burst profile's baseline, as an offset from the run's start.
struct BurstWindow {
  nanoseconds start{0};
  nanoseconds length{0};
  double rps = 0;  // rate inside the window (the baseline rate applies outside)
};

// Whether the gateway's write-through counters (or the replicator) must be running. kAuto: a
// metric family exposed with no series while 200s flow means the feature is off, and its SLOs
// are SKIPPED saying so (the seed's checks are conditional on GATEWAY_WRITE_THROUGH and on a
// running replicator); kRequired: the same sight is a FAIL.
enum class Presence { kAuto, kRequired };

// "auto", "required".
std::string_view PresenceName(Presence presence);

// Error rate and p95 judged per sliding window as well as over the whole run: a breach that
// lasts at least `sustained` FAILs and names its worst window. Off while window is zero.
struct WindowedSlo {
  nanoseconds window{0};
  nanoseconds sustained{0};
  bool enabled() const { return window > nanoseconds(0); }
};

// Stop sending once a breach is certain whatever the rest of the run does (never on an
// inconclusive signal), but not before `grace` has passed since the start.
struct AbortOnBreach {
  bool enabled = false;
  nanoseconds grace = std::chrono::seconds(10);
};

// How a profile's runs are judged, beyond the environment's thresholds.
struct VerdictRules {
  // One-sided confidence level of the bounds a PASS needs (docs/slo.md, "Confidence"); 0 is
  // the profile's `"confidence": "none"`: point estimates, labelled as such in every output.
  double confidence = 0.95;
  WindowedSlo windowed;
  AbortOnBreach abort_on_breach;
  Presence write_through = Presence::kAuto;
  Presence replicator = Presence::kAuto;
};

// Whether an SLO's data must be present: missing required data is INCONCLUSIVE, missing
// optional data SKIPPED.
enum class Requirement { kRequired, kOptional };

// "required", "optional".
std::string_view RequirementName(Requirement requirement);

// A check a profile declares over the target's metrics, judged with the built-in SLOs and
// reported like them (docs/config.md, "metric_checks"): a team's own rule without C++.
enum class MetricCheckKind {
  kIncrease,  // the increase of a counter over the run
  kRatio,     // the increase of one counter over the increase of another
  kGauge,     // a gauge at every sample during the run and after the drain
};

// "increase", "ratio", "gauge".
std::string_view MetricCheckKindName(MetricCheckKind kind);

enum class Comparison { kBelow, kAtMost, kAbove, kAtLeast };

// "<", "<=", ">", ">=".
std::string_view ComparisonText(Comparison comparison);
// Whether `value` <op> `bound` holds; false for NaN.
bool Holds(Comparison comparison, double value, double bound);

struct MetricCheck {
  // Names the check in every output and its test case: letters, digits and underscores, and
  // none of the built-in SLOs' names.
  std::string name;
  MetricCheckKind kind = MetricCheckKind::kIncrease;
  std::string of;    // the selector judged (a ratio's numerator): canonical text, with a name
  std::string over;  // a ratio's denominator; empty otherwise
  Comparison comparison = Comparison::kBelow;
  double bound = 0;     // "< 0.1%" is 0.001
  std::string must_be;  // the condition as written ("< 0.1%"), quoted in messages
  // No matching series: INCONCLUSIVE when required, SKIPPED when optional.
  Requirement requirement = Requirement::kRequired;
};

// How many metric checks one profile may declare: each is a test case, a finding in every
// report and, for a gauge, a sampled series.
inline constexpr size_t kMaxMetricChecks = 32;

// One way to drive load: a rate shape, a duration and an in-flight cap.
struct LoadProfile {
  std::string name;  // "smoke", "soak", "burst", "ramp", or any name the file declares
  ScheduleKind schedule = ScheduleKind::kConstant;
  double rps = 5;        // constant/poisson rate; burst baseline; ramp end rate
  double start_rps = 0;  // ramp only: rate at the start
  nanoseconds duration = std::chrono::seconds(15);
  int concurrency = 20;             // in-flight cap
  std::vector<BurstWindow> bursts;  // burst only; inside [0, duration), non-overlapping
  // Endpoint names this profile covers (config order); empty = every endpoint.
  std::vector<std::string> endpoints;
  VerdictRules rules;
  std::vector<MetricCheck> metric_checks;  // judged after the built-in SLOs, in file order
};

// One HTTP operation the suite drives. The write path (POST /v1/session/message) is the
// default; export and admin endpoints are added by config alone.
struct Endpoint {
  std::string name;  // "write", "export", ...
  std::string method = "POST";
  std::string path = "/v1/session/message";
  // Request body template: {message}, {persona_id}, {tenant} (rendered by RenderBody in
  // request_template.h) and {{uuid}} (a fresh uuid4 per request, by the load engine). Empty with
  // method POST = the seed's JSON payload; empty otherwise = no body. {message}, {persona_id}
  // and {tenant} also work in `path` (RenderPath).
  std::string body_template;
  std::vector<int> ok_statuses = {200};
  // True for the gateway write path: its writes move the write-through/WAL/replicator metrics
  // and their event_ids are audited. The metric SLOs are skipped for other endpoints.
  bool write_path = true;
};

// SLO thresholds for one environment (see docs/slo.md for how each is applied).
struct Thresholds {
  nanoseconds latency_p95 = std::chrono::milliseconds(300);  // corrected client p95 must be <
  double max_error_rate = 0.005;              // client error rate (drops included) must be <
  double min_write_through_ok_share = 0.995;  // results{ok} / all results must be >=
  double max_wal_error_share = 0.005;         // WAL errors / all WAL results must be <=
  // Attempts may trail the 200s by this share (async write-through) and still be consistent.
  double write_through_attempts_tolerance = 0.01;
  nanoseconds max_lag = std::chrono::seconds(2);               // replication lag bound
  nanoseconds lag_warmup = std::chrono::seconds(3);            // samples before this are ignored
  nanoseconds lag_recovery_window = std::chrono::seconds(10);  // after each burst window
  nanoseconds sampling_interval = std::chrono::milliseconds(250);  // lag/DLQ sampler period
  // End-to-end lag probes through AUDIT_URL_TEMPLATE while the load runs: acknowledged writes
  // read back per second (0 = no probes) and how soon an unreadable one is asked again.
  double lag_probes_per_second = 4;
  nanoseconds lag_probe_interval = std::chrono::milliseconds(100);
  double max_dlq_depth = 0;           // DLQ depth at the end must be <=
  long long audit_all_below = 1000;   // audit every event_id when there are at most this many
  long long audit_sample_size = 500;  // else audit a deterministic sample this big
  nanoseconds drain_period = std::chrono::seconds(5);  // wait before the audit / final scrape
  // The audit waits past drain_period, up to this, while missing writes are still turning up.
  nanoseconds max_drain_period = std::chrono::seconds(30);
  double reconciliation_count_tolerance = 0.01;  // server vs client counts (share)
  nanoseconds reconciliation_latency_tolerance = std::chrono::milliseconds(50);
  // Generator health: beyond these the run is INCONCLUSIVE, not a verdict on the target.
  nanoseconds max_send_lateness_p99 = std::chrono::milliseconds(50);
  double max_dropped_share = 0.001;  // dropped / scheduled
  double min_achieved_ratio = 0.95;  // achieved rps / target rps
};

// The SLOs the suite judges, in evaluation order (also the keys of the profile's "checks").
inline constexpr std::array<std::string_view, 9> kSloNames = {"ErrorRate",
                                                              "LatencyP95",
                                                              "WriteThroughAttempts",
                                                              "WriteThroughResultsOk",
                                                              "WalResultsOk",
                                                              "ReplicationLag",
                                                              "DlqDepth",
                                                              "ZeroLoss",
                                                              "Reconciliation"};

// Per SLO name ("ErrorRate", ..., "Reconciliation"): whether its metrics must be present.
// Missing required data -> INCONCLUSIVE; missing optional data -> SKIPPED. Names absent from
// the map are required.
struct Checks {
  std::map<std::string, Requirement, std::less<>> by_slo;
  Requirement For(std::string_view slo) const;
};

// The seed's request variables (TARGET_URL, TARGET_PATH, JWT, TENANT, PERSONA_ID, MESSAGE).
struct Target {
  std::string url;  // empty: the suite starts the embedded reference gateway
  std::string path = "/v1/session/message";
  std::string jwt;  // secret: never printed; use Config::Redacted() for any output
  std::string tenant;
  std::string persona_id;
  std::string message = "ping";
};

// Where the server-side metrics come from when they live in Prometheus (PROMETHEUS_URL and the
// variables beside it, docs/config.md). An empty url: they are scraped from metrics_urls. The
// two are not mixed in one run (docs/scrape.md says why).
struct PrometheusSource {
  std::string url;             // PROMETHEUS_URL, e.g. http://prometheus:9090
  std::string selector;        // PROM_SELECTOR, e.g. {namespace="staging",job="gateway"}
  std::string bearer_token;    // PROMETHEUS_BEARER_TOKEN; secret: never printed
  std::string basic_user;      // PROMETHEUS_USER (basic auth, with PROMETHEUS_PASSWORD)
  std::string basic_password;  // PROMETHEUS_PASSWORD; secret: never printed
  // PROMETHEUS_MAX_WAIT: how long after the run the suite waits for Prometheus to ingest a
  // sample from after the run's end of every series it needs.
  nanoseconds max_wait = std::chrono::minutes(2);

  bool enabled() const { return !url.empty(); }
};

// RPS / DURATION / CONCURRENCY given in the environment; they replace every profile's values.
// Thresholds given for one run (SLO_THRESHOLDS, --threshold): each name and value as given, in
// order; the later of a name given twice wins.
using ThresholdOverrides = std::vector<std::pair<std::string, std::string>>;

struct Overrides {
  std::optional<double> rps;
  std::optional<nanoseconds> duration;
  std::optional<int> concurrency;
  std::optional<double> confidence;  // SLO_CONFIDENCE ("none" = 0); replaces every profile's
  // SLO_THRESHOLDS, then the suite's --threshold items, applied over the environment's thresholds.
  ThresholdOverrides thresholds;
};

struct Config {
  Environment environment = Environment::kLocal;
  Target target;
  std::vector<std::string> metrics_urls;  // METRICS_URLS, comma-separated
  std::string health_url;                 // HEALTH_URL
  std::string audit_url_template;         // AUDIT_URL_TEMPLATE, contains {event_id}
  PrometheusSource prometheus;            // PROMETHEUS_URL and the rest; replaces metrics_urls
  std::string results_path;               // SLO_RESULTS
  std::string profiles_file;              // the profile JSON this came from
  Overrides overrides;                    // already applied to `profiles`

  std::vector<LoadProfile> profiles;  // file order
  std::vector<Endpoint> endpoints;    // file order
  Thresholds thresholds;              // resolved for `environment`
  Checks checks;

  const LoadProfile* FindProfile(std::string_view name) const;
  const Endpoint* FindEndpoint(std::string_view name) const;
  // The endpoints `profile` covers.
  std::vector<const Endpoint*> EndpointsFor(const LoadProfile& profile) const;

  // A copy safe to print or serialize: the JWT and the Prometheus credentials replaced by
  // kRedacted (empty stays empty).
  Config Redacted() const;
};

// The one marker every output writes in a secret's place.
inline constexpr std::string_view kRedacted = secrets::kRedacted;

}  // namespace slogate::config
