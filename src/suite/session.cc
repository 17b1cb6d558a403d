#include "slogate/suite/session.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "slogate/common/log.h"
#include "slogate/config/config_json.h"
#include "slogate/report/console_reporter.h"
#include "slogate/report/html_reporter.h"
#include "slogate/report/json_results.h"
#include "slogate/report/pushgateway_reporter.h"
#include "slogate/report/redact.h"
#include "slogate/report/run_lines.h"
#include "slogate/report/seed_summary.h"
#include "slogate/suite/profile_run.h"

namespace slogate::suite {
namespace {

std::string Hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "unknown";
  return name;
}

std::string Names(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

// "out.json" for one run; "out.smoke_write.json" when several runs share the setting.
std::string PathFor(const std::string& base, const RunKey& key, size_t runs) {
  if (base.empty() || runs <= 1) return base;
  const size_t dot = base.rfind('.');
  const size_t slash = base.rfind('/');
  const bool has_extension =
      dot != std::string::npos && (slash == std::string::npos || dot > slash);
  const std::string stem = has_extension ? base.substr(0, dot) : base;
  const std::string extension = has_extension ? base.substr(dot) : "";
  return stem + "." + RunKeyName(key) + extension;
}

template <typename FileReporter>
Status ReportToFile(const std::string& path, const report::ResultsDocument& document) {
  std::ofstream file(path, std::ios::trunc);
  if (!file) return MakeError("io", "cannot write " + path);
  FileReporter reporter(file);
  Status status = reporter.Report(document);
  if (!status.ok()) return status;
  file.flush();
  if (!file) return MakeError("io", "writing " + path + " failed");
  log::Info("wrote " + path);
  return Status::Ok();
}

// "interrupted by SIGINT during set-up: ...", the error of a run a signal kept from starting.
Error InterruptedBeforeTheRun(const load::StopOnSignals* signals) {
  const std::string name = signals != nullptr ? signals->signal_name() : "";
  return MakeError("interrupted", "interrupted by " + (name.empty() ? "a signal" : name) +
                                      " during set-up, before the run started: nothing was "
                                      "sent; rerun without interruption to measure");
}

// The bundled gateway's URLs where a configured target's would be: the results file says what
// the run used, not only that TARGET_URL was empty.
void RecordBundledTarget(const TargetUrls& urls, nlohmann::json& config) {
  config["target"]["url"] = urls.api;
  config["target"]["bundled_reference_gateway"] = true;
  config["metrics_urls"] = urls.metrics;
  config["health_url"] = urls.health;
  config["audit_url_template"] = urls.audit_template;
}

}  // namespace

std::string RunKeyName(const RunKey& key) {
  std::string name = key.profile + "_" + key.endpoint;
  for (char& c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!safe) c = '_';
  }
  return name;
}

void PrintTo(const RunKey& key, std::ostream* out) { *out << key.profile << "/" << key.endpoint; }

SuiteSession& SuiteSession::Instance() {
  static SuiteSession session;
  return session;
}

Status SuiteSession::Configure(const SuiteFlags& flags, const config::EnvLookup& env) {
  auto loaded = config::LoadConfig(env, flags.profiles_file, flags.thresholds);
  if (!loaded) return loaded.error();
  const config::Config& config = *loaded;

  std::vector<RunKey> selected;
  for (const std::string& profile_name : flags.profiles) {
    const config::LoadProfile* profile = config.FindProfile(profile_name);
    if (profile == nullptr) {
      std::vector<std::string> known;
      for (const auto& p : config.profiles) known.push_back(p.name);
      return MakeError("bad_flag", "--profile / SLO_PROFILE: no profile \"" + profile_name +
                                       "\" in " + config.profiles_file +
                                       " (it has: " + Names(known) + ")");
    }
    if (flags.endpoints.empty()) {
      for (const config::Endpoint* endpoint : config.EndpointsFor(*profile)) {
        selected.push_back({profile->name, endpoint->name});
      }
      continue;
    }
    for (const std::string& endpoint_name : flags.endpoints) {
      if (config.FindEndpoint(endpoint_name) == nullptr) {
        std::vector<std::string> known;
        for (const auto& e : config.endpoints) known.push_back(e.name);
        return MakeError("bad_flag", "--endpoint / SLO_ENDPOINT: no endpoint \"" + endpoint_name +
                                         "\" in " + config.profiles_file +
                                         " (it has: " + Names(known) + ")");
      }
      selected.push_back({profile->name, endpoint_name});
    }
  }
  // The other shares send to one target, which the bundled gateway of this process is not.
  if (flags.shard.count > 1 && config.target.url.empty()) {
    return MakeError("bad_flag",
                     "--shard: a split run needs TARGET_URL (and the gateway's other "
                     "URLs), the target every share sends to");
  }
  // The other shares send one profile through one endpoint (`slogate run --profile`).
  if (flags.shard.count > 1 && selected.size() != 1) {
    return MakeError("bad_flag",
                     "--shard: a split run judges one profile through one endpoint, "
                     "and " +
                         std::to_string(selected.size()) +
                         " are selected; choose one with --profile and --endpoint");
  }
  if (flags.shard.count > 1) {
    const int cap = config.FindProfile(selected.front().profile)->concurrency;
    if (cap < flags.shard.count) {
      return MakeError("bad_flag", "--shard: the in-flight cap of " + std::to_string(cap) +
                                       " cannot be split into " +
                                       std::to_string(flags.shard.count) +
                                       " shares (each needs at least 1): raise the profile's "
                                       "concurrency or use fewer shares");
    }
  }
  config_ = std::move(*loaded);
  flags_ = flags;
  selected_ = std::move(selected);
  return Status::Ok();
}

bool SuiteSession::Stopped() const {
  return signals_ != nullptr && signals_->stop_requested().load();
}

Result<TargetUrls> SuiteSession::Target() {
  if (Stopped()) return InterruptedBeforeTheRun(signals_);
  if (!config_->target.url.empty()) return RemoteTargetUrls(*config_);
  if (refgw_) return refgw_->urls();
  if (refgw_error_) return *refgw_error_;
  log::Info("TARGET_URL is not set: starting the bundled reference gateway");
  RefGwLaunch launch;
  if (signals_ != nullptr) launch.stop = &signals_->stop_requested();
  auto started = RefGwProcess::Start(launch);
  if (!started && Stopped()) return InterruptedBeforeTheRun(signals_);
  if (!started) {
    refgw_error_ = started.error();
    return started.error();
  }
  refgw_ = std::move(*started);
  log::Info("reference gateway ready at " + refgw_->urls().api);
  return refgw_->urls();
}

const RunRecord& SuiteSession::Measure(const RunKey& key) {
  for (const auto& record : records_) {
    if (record->key.profile == key.profile && record->key.endpoint == key.endpoint) return *record;
  }
  auto record = std::make_unique<RunRecord>();
  record->key = key;
  const std::string environment(config::EnvironmentName(config_->environment));

  auto target = Target();
  if (!target) {
    record->error = target.error().message;
  } else {
    ProfileRunRequest request;
    request.config = &*config_;
    request.profile = config_->FindProfile(key.profile);
    request.endpoint = config_->FindEndpoint(key.endpoint);
    request.target = *target;
    request.shard = flags_.shard;
    request.start_at = flags_.start_at;
    request.shard_results = flags_.shard_results;
    request.transport = flags_.transport;
    if (signals_ != nullptr) {
      request.hooks.stop = &signals_->stop_requested();
      request.stop_signal = [signals = signals_] { return signals->signal_name(); };
    }
    // A person at a terminal sees the run move (a long soak is otherwise silent for minutes);
    // a CI log gets no carriage returns.
    const bool live = isatty(STDERR_FILENO) == 1;
    if (live) {
      request.on_progress = [](const load::Progress& progress, std::optional<double> lag_peak) {
        report::OverwriteProgressLine(stderr, progress, lag_peak);
      };
      request.after_load = [] { std::fputc('\n', stderr); };
    }
    log::Info("measuring profile " + key.profile + " through endpoint " + key.endpoint + " at " +
              target->api);
    auto observations = RunProfile(request);
    if (observations) {
      record->observations = std::move(*observations);
    } else {
      record->error = observations.error().message;
    }
  }
  // Judged by the profile's own rules (confidence, windows, presence), not the defaults.
  const slo::SloSet slos = SlosFor(key);
  std::vector<std::string> metric_checks;
  for (const config::MetricCheck& check : slos.metric_checks) metric_checks.push_back(check.name);
  record->verdict = record->observations ? slo::Evaluate(*record->observations, slos)
                                         : slo::UnmeasuredVerdict(key.profile, environment,
                                                                  record->error, metric_checks);
  records_.push_back(std::move(record));
  return *records_.back();
}

slo::SloSet SuiteSession::SlosFor(const RunKey& key) const {
  const config::LoadProfile* profile = config_->FindProfile(key.profile);
  return profile != nullptr ? slo::SloSetFor(*config_, *profile) : slo::SloSetFor(*config_);
}

Status SuiteSession::AddFinding(const RunKey& key, slo::Finding finding, const std::string& owner) {
  Measure(key);
  RunRecord& record = **std::find_if(records_.begin(), records_.end(), [&](const auto& r) {
    return r->key.profile == key.profile && r->key.endpoint == key.endpoint;
  });
  const std::string custom_name = key.profile + "/" + key.endpoint + "/" + finding.slo;
  const auto earlier = custom_findings_.find(custom_name);
  std::vector<slo::Finding>& findings = record.verdict.findings;
  const auto same_name = std::find_if(findings.begin(), findings.end(),
                                      [&](const auto& f) { return f.slo == finding.slo; });
  if (same_name != findings.end() && earlier == custom_findings_.end()) {
    return MakeError("finding_name_taken",
                     "a finding named \"" + finding.slo + "\" is already judged for " +
                         key.profile + "/" + key.endpoint +
                         " (a built-in SLO or a metric check); give the case's finding its own "
                         "name");
  }
  if (earlier != custom_findings_.end() && earlier->second != owner) {
    return MakeError("finding_name_taken", "the finding \"" + finding.slo + "\" of " + key.profile +
                                               "/" + key.endpoint + " is already judged by " +
                                               earlier->second +
                                               "; give each case's finding its own name");
  }
  if (same_name != findings.end()) {
    *same_name = std::move(finding);
  } else {
    findings.push_back(std::move(finding));
    custom_findings_.emplace(custom_name, owner);
  }
  record.verdict.overall = slo::CombineOutcomes(findings);
  return Status::Ok();
}

report::ResultsDocument SuiteSession::Document(const RunRecord& record) const {
  report::ResultsDocument document;
  document.context.generated_at = std::chrono::system_clock::now();
  document.context.host = Hostname();
  document.context.slogate_version = SLOGATE_VERSION;
  document.context.target = config_->target.url.empty() && refgw_
                                ? refgw_->urls().api + " (bundled reference gateway)"
                                : config_->target.url;
  document.context.environment = std::string(config::EnvironmentName(config_->environment));
  document.context.profile = record.key.profile;
  document.config = config::ToJson(*config_);
  if (config_->target.url.empty() && refgw_) RecordBundledTarget(refgw_->urls(), document.config);
  document.verdict = record.verdict;
  document.error = record.error;
  document.selection = SelectionOf(record);
  if (record.observations) {
    const slo::Observations& observations = *record.observations;
    document.run = observations.run;
    document.scrapes.push_back(report::SummarizeScrape("before", observations.before));
    document.scrapes.push_back(report::SummarizeScrape("after", observations.after));
    document.series = observations.sampled;
    if (observations.lag_probes) {
      document.lag_probes = report::SummarizeLagProbes(*observations.lag_probes);
    }
  }
  return document;
}

void SuiteSession::RecordCaseOutcome(const RunKey& key, const std::string& slo,
                                     slo::Outcome outcome) {
  judged_.push_back({key, slo, outcome});
}

std::vector<slo::Outcome> SuiteSession::judged() const {
  std::vector<slo::Outcome> outcomes;
  for (const JudgedCase& judged : judged_) outcomes.push_back(judged.outcome);
  return outcomes;
}

std::optional<report::Selection> SuiteSession::SelectionOf(const RunRecord& record) const {
  report::Selection selection{gtest_filter_, {}};
  for (const JudgedCase& judged : judged_) {
    if (judged.key.profile == record.key.profile && judged.key.endpoint == record.key.endpoint) {
      selection.selected.push_back(judged.slo);
    }
  }
  if (selection.selected.size() >= record.verdict.findings.size()) return std::nullopt;
  return selection;
}

Status SuiteSession::Finish(std::ostream& out) {
  Status first_failure;
  auto keep_first = [&first_failure](Status status) {
    if (!status.ok()) {
      log::Error(status.error().message);
      if (first_failure.ok()) first_failure = status;
    }
  };
  for (const auto& record : records_) {
    const report::ResultsDocument document = Document(*record);
    out << "\n== " << record->key.profile << " / " << record->key.endpoint << " ==\n";
    report::ConsoleReporter console(out, {report::ShouldUseColor(STDOUT_FILENO)});
    keep_first(console.Report(document));
    if (flags_.seed_summary && document.run) {
      out << report::RedactText(report::RedactSecrets(report::SeedSummary(*document.run)).dump())
          << "\n";
    }
    out.flush();

    const size_t runs = records_.size();
    if (const std::string path = PathFor(config_->results_path, record->key, runs); !path.empty()) {
      keep_first(ReportToFile<report::JsonReporter>(path, document));
    }
    if (const std::string path = PathFor(flags_.html_path, record->key, runs); !path.empty()) {
      keep_first(ReportToFile<report::HtmlReporter>(path, document));
    }
    if (!flags_.pushgateway_url.empty()) {
      report::PushgatewayReporter push(
          {flags_.pushgateway_url, "slogate", RunKeyName(record->key)});
      keep_first(push.Report(document));
    }
  }
  if (refgw_) {
    const std::string ended = refgw_->Stop();
    log::Info("reference gateway stopped: " + ended);
  }
  return first_failure;
}

}  // namespace slogate::suite
