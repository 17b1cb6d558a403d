// `slogate rules [--profile NAME] [--env ENV] [--slo-profiles FILE] [--selector MATCHERS]
// [--buckets-from URL|FILE] [--out FILE]`: Prometheus recording and alerting rules for the suite's
// SLOs, from the same profile file and environment thresholds the suite judges with
// (docs/rules.md). The rules themselves come from slogate::rules; this file reads, fetches and
// writes. Exit 0 when the rules were written (a bucket warning included), 2 on a usage,
// configuration or I/O error.
#include <chrono>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "command.h"
#include "profile_flags.h"
#include "slogate/common/file_text.h"
#include "slogate/promtext/parser.h"
#include "slogate/rules/bucket_check.h"
#include "slogate/rules/rule_set.h"
#include "slogate/rules/rule_yaml.h"
#include "slogate/scrape/scraper.h"

namespace slogate::cli {
namespace {

struct RulesFlags {
  std::string profiles_file;
  std::optional<std::string> profile;
  std::optional<std::string> environment;
  std::optional<std::string> selector;  // label matchers for every series (else PROM_SELECTOR's)
  std::string buckets_from;  // a /metrics URL or an exposition file; empty: no bucket check
  std::string out;           // empty: stdout
};

options::CommandSpec RulesSpec(RulesFlags& flags) {
  options::CommandSpec spec{
      .program = "slogate rules",
      .synopsis =
          "[--profile NAME] [--env ENV] [--slo-profiles FILE] [--selector MATCHERS] "
          "[--buckets-from URL|FILE] [--out FILE]",
      .description =
          "Writes Prometheus recording and alerting rules (a Prometheus 2.x rule file) for\n"
          "LatencyP95, ErrorRate, WriteThroughResultsOk, WalResultsOk, ReplicationLag and\n"
          "DlqDepth with the environment's thresholds from the profile file, so production\n"
          "alerting uses the thresholds the release gate judges with. Check the output with\n"
          "`promtool check rules`. Sends nothing unless --buckets-from names a URL.\n",
      .epilog =
          "The p95 alert compares histogram_quantile's estimate with the threshold: unless\n"
          "the threshold is a bucket boundary of gateway_request_seconds, that estimate\n"
          "is interpolated. --buckets-from checks this (docs/rules.md).\n"};
  spec.options = {
      {.flag = "--profile",
       .value_name = "NAME",
       .help = "the profile whose write endpoints' ok_statuses define an error (every endpoint)",
       .set =
           [&flags](std::string_view value) {
             flags.profile = std::string(value);
             return Status::Ok();
           }},
      EnvironmentOption(flags.environment),
      ProfilesFileOption(flags.profiles_file),
      {.flag = "--selector",
       .value_name = "MATCHERS",
       .help = "label matchers added to every series the rules read, e.g. "
               "{namespace=\"staging\",job=\"gateway\"} (default: PROM_SELECTOR when "
               "PROMETHEUS_URL is set)",
       .set =
           [&flags](std::string_view value) {
             flags.selector = std::string(value);
             return Status::Ok();
           }},
      {.flag = "--buckets-from",
       .value_name = "URL|FILE",
       .help = "the gateway's /metrics URL or an exposition file (- for stdin): warn when the "
               "p95 threshold is no bucket boundary",
       .set =
           [&flags](std::string_view value) {
             flags.buckets_from = value;
             return Status::Ok();
           }},
      {.flag = "--out",
       .value_name = "FILE",
       .help = "write the rule file here (default: stdout)",
       .set =
           [&flags](std::string_view value) {
             flags.out = value;
             return Status::Ok();
           }},
  };
  return spec;
}

bool IsUrl(std::string_view source) {
  return source.starts_with("http://") || source.starts_with("https://");
}

// The exposition at `source`: fetched like a scrape when it is a URL, else read as a file (in
// OpenMetrics when it ends with "# EOF").
Result<promtext::Snapshot> ReadExposition(const std::string& source) {
  if (IsUrl(source)) {
    scrape::Scraper scraper({source}, scrape::ScrapeOptions{});
    scrape::ScrapeSet set = scraper.ScrapeAll();
    return std::move(set.endpoints.front().snapshot);
  }
  Result<std::string> text = ReadFileOrStdin(source);
  if (!text.ok()) return text.error();
  std::string_view trimmed(*text);
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) {
    trimmed.remove_suffix(1);
  }
  const promtext::Format format = trimmed.ends_with("# EOF") ? promtext::Format::kOpenMetrics100
                                                             : promtext::Format::kPrometheusText004;
  Result<promtext::Snapshot> snapshot = promtext::ParseOwned(std::move(*text), format);
  if (!snapshot) {
    return MakeError(snapshot.error().code, source + ":" + snapshot.error().ToString());
  }
  return snapshot;
}

// Says on stderr whether the p95 threshold is a bucket boundary. False on an error that ends
// the command (the source could not be read).
bool CheckBuckets(const RulesFlags& flags, std::chrono::nanoseconds threshold) {
  if (flags.buckets_from.empty()) {
    std::fputs(
        "slogate rules: note: the p95 threshold was not checked against the buckets of "
        "gateway_request_seconds; pass --buckets-from with the gateway's /metrics URL or "
        "an exposition file to check it\n",
        stderr);
    return true;
  }
  Result<promtext::Snapshot> snapshot = ReadExposition(flags.buckets_from);
  if (!snapshot) {
    std::fprintf(stderr, "slogate rules: --buckets-from: %s\n", snapshot.error().message.c_str());
    return false;
  }
  Result<std::vector<double>> bounds = rules::LatencyBucketBounds(*snapshot);
  if (!bounds) {
    std::fprintf(stderr,
                 "slogate rules: warning: %s has no usable gateway_request_seconds_bucket series "
                 "(%s), so the p95 rules have no data from it: its series appear after the first "
                 "request, and the upstream gateway exposes no request histogram\n",
                 flags.buckets_from.c_str(), bounds.error().message.c_str());
    return true;
  }
  if (std::optional<std::string> warning = rules::BucketWarning(threshold, *bounds)) {
    std::fprintf(stderr, "slogate rules: warning: %s (buckets of %s)\n", warning->c_str(),
                 flags.buckets_from.c_str());
  }
  return true;
}

bool WriteOut(const std::string& path, const std::string& text) {
  std::FILE* file = path.empty() ? stdout : std::fopen(path.c_str(), "wb");
  if (file == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  ok = (file == stdout ? std::fflush(file) : std::fclose(file)) == 0 && ok;
  return ok;
}

int RunRules(std::span<char* const> args) {
  RulesFlags flags;
  const options::CommandSpec spec = RulesSpec(flags);
  std::vector<std::string> positionals;
  if (std::optional<int> status = ParseCommandLine(spec, args, &positionals)) return *status;
  Result<config::Config> config =
      config::LoadConfig(WithEnvironment(flags.environment), flags.profiles_file);
  if (!config) {
    std::fprintf(stderr, "slogate rules: %s\n", config.error().message.c_str());
    return 2;
  }
  // Production alerts share the gate's definition, the profile file; a one-run change must not
  // leak into them while the rule text says the file's threshold is in force.
  if (!config->overrides.thresholds.empty()) {
    std::fprintf(stderr,
                 "slogate rules: SLO_THRESHOLDS is set: rules are written from the profile "
                 "file's thresholds, the ones the gate and the alerts share; unset it, or put "
                 "the thresholds in %s\n",
                 config->profiles_file.c_str());
    return 2;
  }
  const config::LoadProfile* profile = nullptr;
  if (flags.profile) {
    Result<const config::LoadProfile*> named = NamedProfile(*config, *flags.profile);
    if (!named) return UsageError(spec, named.error().message);
    profile = *named;
  }
  Result<rules::RuleFile> file =
      rules::BuildRuleFile(*config, profile, flags.selector.value_or(config->prometheus.selector));
  if (!file) {
    std::fprintf(stderr, "slogate rules: %s\n", file.error().message.c_str());
    return 2;
  }
  for (const std::string& warning : file->warnings) {
    std::fprintf(stderr, "slogate rules: warning: %s\n", warning.c_str());
  }
  if (!CheckBuckets(flags, config->thresholds.latency_p95)) return 2;
  if (!WriteOut(flags.out, rules::RuleFileYaml(*file))) {
    std::fprintf(stderr,
                 "slogate rules: cannot write %s; check that its directory exists and "
                 "is writable\n",
                 flags.out.c_str());
    return 2;
  }
  return 0;
}

}  // namespace

SLOGATE_REGISTER_COMMAND("rules", "Prometheus recording and alerting rules for the SLOs", RunRules);

}  // namespace slogate::cli
