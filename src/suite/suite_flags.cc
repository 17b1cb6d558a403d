#include <algorithm>
#include <string_view>

#include "slogate/common/load_limits.h"
#include "slogate/common/options.h"
#include "slogate/common/quote.h"
#include "slogate/suite/session.h"

namespace slogate::suite {
namespace {

using options::Option;

constexpr std::string_view kEpilog =
    "The thresholds come from the profile file's \"thresholds\" for the environment SLO_ENV\n"
    "(local, dev, staging, prod); the load from its profiles, where RPS, DURATION, CONCURRENCY\n"
    "and SLO_CONFIDENCE (0.5..0.9999 or none) replace each profile's value; SLO_THRESHOLDS\n"
    "(latency_p95=200ms,max_error_rate=0.01) and --threshold change thresholds. The target comes\n"
    "from TARGET_URL, TARGET_PATH, JWT, TENANT, PERSONA_ID, MESSAGE, METRICS_URLS, HEALTH_URL\n"
    "and AUDIT_URL_TEMPLATE (without TARGET_URL the bundled gateway is started); SLO_RESULTS\n"
    "names the results file. PROMETHEUS_URL (with PROM_SELECTOR, PROMETHEUS_BEARER_TOKEN or\n"
    "PROMETHEUS_USER/PASSWORD, PROMETHEUS_MAX_WAIT) reads the metrics from Prometheus instead\n"
    "of METRICS_URLS. Every variable: docs/config.md. GoogleTest's own flags (--gtest_*) pass\n"
    "through: filter SLOs with --gtest_filter=*LatencyP95* etc. `slogate plan` shows what a\n"
    "profile can prove.\n";

// A comma-separated list of names; empty items are dropped, an empty list is refused.
options::Setter NameList(std::vector<std::string>* field, std::string_view what) {
  return [field, what](std::string_view text) -> Status {
    std::vector<std::string> items;
    size_t begin = 0;
    while (begin <= text.size()) {
      const size_t end = std::min(text.find(',', begin), text.size());
      if (end > begin) items.emplace_back(text.substr(begin, end - begin));
      begin = end + 1;
    }
    if (items.empty()) {
      return MakeError("bad_value", "expected one or more " + std::string(what) +
                                        " names separated by commas, got " + QuoteForMessage(text));
    }
    *field = std::move(items);
    return Status::Ok();
  };
}

options::CommandSpec SuiteSpec(SuiteFlags& flags) {
  options::CommandSpec spec{
      .program = "slogate_suite",
      .synopsis = "[options] [--gtest_* flags]",
      .description =
          "The SLO conformance suite (GoogleTest). Runs each selected load profile once against "
          "the\ntarget, scrapes its metrics before, during and after, and asserts one SLO per "
          "test.\nWithout TARGET_URL it starts the bundled reference gateway on ephemeral "
          "loopback ports\nand stops it at the end.\n",
      .epilog = kEpilog};
  spec.passes_through = [](std::string_view arg) { return arg.starts_with("--gtest_"); };
  spec.options = {
      {.flag = "--profile",
       .env = "SLO_PROFILE",
       .value_name = "NAME[,NAME]",
       .help = "load profiles to run (smoke)",
       .set = NameList(&flags.profiles, "profile")},
      {.flag = "--endpoint",
       .env = "SLO_ENDPOINT",
       .value_name = "NAME[,NAME]",
       .help = "endpoints to drive (default: each profile's own)",
       .set = NameList(&flags.endpoints, "endpoint")},
      // SLO_PROFILES itself is read by config (LoadConfig), so the flag has no variable here.
      {.flag = "--slo-profiles",
       .value_name = "FILE",
       .help = "profile file (else SLO_PROFILES, else fixtures/profiles/default.json)",
       .set =
           [&flags](std::string_view text) {
             flags.profiles_file = text;
             return Status::Ok();
           }},
      {.flag = "--html",
       .env = "SLO_HTML",
       .value_name = "FILE",
       .help = "also write an HTML report",
       .set =
           [&flags](std::string_view text) {
             flags.html_path = text;
             return Status::Ok();
           }},
      {.flag = "--threshold",
       .value_name = "NAME=VALUE",
       .help = "a threshold for this run, e.g. latency_p95=200ms (repeatable; wins over "
               "SLO_THRESHOLDS and the profile file)",
       .set = [&flags](std::string_view text) -> Status {
         Result<config::ThresholdOverrides> items = config::ParseThresholdOverrides(text);
         if (!items.ok()) return items.error();
         flags.thresholds.insert(flags.thresholds.end(), items->begin(), items->end());
         return Status::Ok();
       }},
      {.flag = "--seed-summary",
       .env = "SLO_SEED_SUMMARY",
       .kind = options::Kind::kBoolean,
       .help = "also print the upstream harness's JSON summary line under each table (false)",
       .set = options::BooleanSetter(&flags.seed_summary)},
      {.flag = "--pushgateway",
       .env = "PUSHGATEWAY_URL",
       .value_name = "URL",
       .help = "push key figures to a Prometheus Pushgateway",
       .set = [&flags](std::string_view text) -> Status {
         if (Status valid = limits::CheckHttpUrl(text); !valid.ok()) return valid;
         flags.pushgateway_url = text;
         return Status::Ok();
       }},
  };
  return spec;
}

}  // namespace

Result<SuiteFlags> ParseSuiteFlags(std::vector<std::string>& args, const config::EnvLookup& env) {
  SuiteFlags flags;
  flags.profiles = {"smoke"};
  const options::CommandSpec spec = SuiteSpec(flags);
  Result<options::Parsed> parsed = options::Parse(spec, std::span<const std::string>(args), env);
  if (!parsed) return parsed.error();
  flags.outcome = parsed->outcome;
  if (flags.outcome != options::Outcome::kRun) return flags;
  args = std::move(parsed->passed_through);
  return flags;
}

std::string SuiteUsage() {
  SuiteFlags unused;
  return options::Usage(SuiteSpec(unused));
}

}  // namespace slogate::suite
