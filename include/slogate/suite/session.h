// SuiteSession: the state the conformance suite's test cases share.
//
// Configured once from the environment and flags; resolves the target (starts the embedded
// reference gateway when TARGET_URL is unset); measures each selected (profile, endpoint) once,
// on first use, and caches the observations and verdict for the TEST_Ps that assert on them;
// at the end writes the reports and stops the gateway. Not thread-safe: gtest runs tests on one
// thread.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "slogate/common/options.h"
#include "slogate/common/result.h"
#include "slogate/config/config.h"
#include "slogate/config/loader.h"
#include "slogate/load/load_options.h"
#include "slogate/load/run_result.h"
#include "slogate/load/stop_signals.h"
#include "slogate/report/results_document.h"
#include "slogate/slo/evaluate.h"
#include "slogate/suite/refgw_process.h"

namespace slogate::suite {

// One measured combination; test names are "<profile>_<endpoint>".
struct RunKey {
  std::string profile;
  std::string endpoint;
};

struct SuiteFlags {
  std::string profiles_file;           // --slo-profiles (else SLO_PROFILES, else default)
  std::vector<std::string> profiles;   // --profile (else SLO_PROFILE, else "smoke")
  std::vector<std::string> endpoints;  // --endpoint (else each profile's own list)
  std::string html_path;               // --html (else SLO_HTML); empty: no HTML report
  std::string pushgateway_url;         // --pushgateway (else PUSHGATEWAY_URL)
  // --seed-summary: the upstream harness's JSON summary line under each table (it is always in
  // the results file's "summary"), for scripts that read the last line as they did upstream.
  bool seed_summary = false;
  // --threshold NAME=VALUE (each use one item or a comma list): applied after SLO_THRESHOLDS,
  // so they win over it.
  config::ThresholdOverrides thresholds;
  // --shard, --start-at, --shard-results: a run split across machines (docs/distributed.md).
  // This process sends share `shard` of each profile's schedule from `start_at` and, as share 0
  // of several, collects the other shares' RunResults (`slogate run --shard I/N --out`) from
  // `shard_results` before the audit, so that its verdict judges the whole run.
  load::ShardSpec shard;
  std::optional<std::chrono::system_clock::time_point> start_at;
  std::string shard_results;
  // --transport (else SLO_TRANSPORT): auto, http1 or curl (docs/load.md, "Transports").
  load::TransportChoice transport = load::TransportChoice::kAuto;
  // kHelp or kVersion: --help or --version was given and nothing else was parsed.
  options::Outcome outcome = options::Outcome::kRun;
};

// Reads the suite's flags and the environment, leaving only GoogleTest's own flags (--gtest_*)
// in `args` for InitGoogleTest; any other unknown flag is an error (a typo must not silently
// run the default profile). Errors name the flag.
Result<SuiteFlags> ParseSuiteFlags(std::vector<std::string>& args, const config::EnvLookup& env);
std::string SuiteUsage();

// What one measurement produced. `error` is set when it could not run at all (then every SLO
// of this run is INCONCLUSIVE with that reason).
struct RunRecord {
  RunKey key;
  std::optional<slo::Observations> observations;
  slo::Verdict verdict;
  std::string error;
};

class SuiteSession {
 public:
  static SuiteSession& Instance();

  // Loads the config and checks the selection. Must succeed before tests run.
  Status Configure(const SuiteFlags& flags, const config::EnvLookup& env);
  bool configured() const { return config_.has_value(); }
  const config::Config& config() const { return *config_; }

  // The selected (profile, endpoint) pairs, in profile-file order.
  const std::vector<RunKey>& selected() const { return selected_; }

  // Measures `key` on first call (starting the embedded gateway if needed); cached after.
  const RunRecord& Measure(const RunKey& key);

  // What `key`'s run is judged by: its environment's thresholds, the checks and the profile's
  // rules and metric checks.
  slo::SloSet SlosFor(const RunKey& key) const;

  // Adds a team's own finding (suite/slo_case.h) to `key`'s verdict, measuring the run first if
  // needed, so that every report shows it with the built-in ones. `owner` names the case that
  // judged it ("Profile/QueueCases.Drained/smoke_write"). An error when the name is a built-in
  // SLO's, a metric check's or another case's; the same case judging again (--gtest_repeat)
  // replaces its finding.
  Status AddFinding(const RunKey& key, slo::Finding finding, const std::string& owner);

  // Writes the console table and seed summaries to `out`, the JSON results file (SLO_RESULTS)
  // and the HTML report, pushes to the Pushgateway, then stops the embedded gateway. Returns
  // the first reporting failure.
  Status Finish(std::ostream& out);

  // SIGINT/SIGTERM: once `signals` has seen one, the run in progress stops (every phase, see
  // RunProfile), runs not yet started are not started, and Finish still writes every report.
  // `signals` must outlive the session's use.
  void set_stop_signals(const load::StopOnSignals& signals) { signals_ = &signals; }

  // The --gtest_filter in effect ("*" when none was given), named in the reports when it left
  // some of a run's SLO cases out.
  void set_gtest_filter(std::string filter) { gtest_filter_ = std::move(filter); }

  // The outcome of each SLO case that ran, as the case asserted it: the exit status follows
  // these, and the reports say so when a filter left some of a run's SLOs out.
  void RecordCaseOutcome(const RunKey& key, const std::string& slo, slo::Outcome outcome);
  std::vector<slo::Outcome> judged() const;

 private:
  Result<TargetUrls> Target();
  // A SIGINT/SIGTERM has arrived.
  bool Stopped() const;
  report::ResultsDocument Document(const RunRecord& record) const;

  std::optional<config::Config> config_;
  SuiteFlags flags_;
  std::vector<RunKey> selected_;
  std::vector<std::unique_ptr<RunRecord>> records_;
  std::unique_ptr<RefGwProcess> refgw_;
  std::optional<Error> refgw_error_;
  const load::StopOnSignals* signals_ = nullptr;
  struct JudgedCase {
    RunKey key;
    std::string slo;
    slo::Outcome outcome;
  };
  // The SLO cases of `record` that ran, when they were only some of its SLOs.
  std::optional<report::Selection> SelectionOf(const RunRecord& record) const;

  std::vector<JudgedCase> judged_;
  // The findings added through AddFinding: run and name ("<profile>/<endpoint>/<name>"), and the
  // case that added each.
  std::map<std::string, std::string> custom_findings_;
  std::string gtest_filter_;
};

// "smoke_write": gtest-safe (letters, digits, underscores).
std::string RunKeyName(const RunKey& key);

// How gtest prints a RunKey in test names and failure messages: "smoke/write" (without it,
// gtest would dump the struct's bytes).
void PrintTo(const RunKey& key, std::ostream* out);

}  // namespace slogate::suite
