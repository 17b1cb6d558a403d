#include <algorithm>
#include <string_view>

#include "slogate/common/load_limits.h"
#include "slogate/common/options.h"
#include "slogate/common/quote.h"
#include "slogate/common/wall_time.h"
#include "slogate/load/load_options.h"
#include "slogate/load/run_arguments.h"
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

options::CommandSpec SuiteSpec(SuiteFlags& flags, bool& shard_from_job) {
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
      {.flag = "--transport",
       .env = "SLO_TRANSPORT",
       .value_name = "KIND",
       .help = "how the load's requests go out: auto, http1 (the engine frames HTTP/1.1 on "
               "libcurl's connections) or curl (a libcurl transfer each) (auto)",
       .set = [&flags](std::string_view text) -> Status {
         Result<load::TransportChoice> choice = load::ParseTransportChoice(text);
         if (!choice) return choice.error();
         flags.transport = *choice;
         return Status::Ok();
       }},
      {.flag = "--shard",
       .env = "SLO_SHARD",
       .value_name = "I/N",
       .help = "send share I of N of each schedule (job/N: I is JOB_COMPLETION_INDEX); share 0 "
               "judges the whole run (docs/distributed.md)",
       .set = [&flags, &shard_from_job](std::string_view text) -> Status {
         Result<load::ShardArgument> shard = load::ParseShardArgument(text);
         if (!shard) return shard.error();
         flags.shard = shard->spec;
         shard_from_job = shard->from_job;
         return Status::Ok();
       }},
      {.flag = "--start-at",
       .env = "SLO_START_AT",
       .value_name = "TIME",
       .help = "start sending at this UTC time (RFC 3339 or @unix), the same for every shard",
       .set = [&flags](std::string_view text) -> Status {
         Result<std::chrono::system_clock::time_point> at = wall_time::ParseUtc(text);
         if (!at) return at.error();
         flags.start_at = *at;
         return Status::Ok();
       }},
      {.flag = "--shard-results",
       .env = "SLO_SHARD_RESULTS",
       .value_name = "DIR",
       .help = "share 0 of several: where the other shares' `slogate run --out` files appear",
       .set =
           [&flags](std::string_view text) {
             flags.shard_results = text;
             return Status::Ok();
           }},
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

// The suite judges a split run as its share 0, which needs the others' results and one start.
Status CheckSharding(const SuiteFlags& flags) {
  const std::string share =
      std::to_string(flags.shard.index) + "/" + std::to_string(flags.shard.count);
  // Refused here, before a gateway is asked anything or a wait begins (the engine refuses the
  // same again at the start).
  if (flags.start_at) {
    const auto ahead = *flags.start_at - std::chrono::system_clock::now();
    if (ahead <= std::chrono::nanoseconds(0) || ahead > load::kMaxStartWait) {
      return MakeError(
          "bad_flag",
          "--start-at " + wall_time::FormatUtc(*flags.start_at) + " is " +
              (ahead <= std::chrono::nanoseconds(0) ? "already past" : "more than an hour ahead") +
              ": give every share one start a little ahead, long "
              "enough for all of them to be set up");
    }
  }
  if (flags.shard.count == 1) {
    if (!flags.shard_results.empty()) {
      return MakeError("bad_flag", "--shard-results needs --shard I/N with N > 1");
    }
    return Status::Ok();
  }
  if (flags.shard.index != 0) {
    return MakeError("bad_flag",
                     "--shard " + share +
                         ": the suite runs share 0, which measures the target and judges the "
                         "whole run; send the other shares with `slogate run --profile P --shard "
                         "I/N --start-at TIME --out DIR/share-I.json` (docs/distributed.md)");
  }
  if (!flags.start_at) {
    return MakeError("bad_flag", "--shard " + share +
                                     " needs --start-at: every share must start at one moment "
                                     "for their arrivals to interleave as one run's");
  }
  if (flags.shard_results.empty()) {
    return MakeError("bad_flag", "--shard " + share +
                                     " needs --shard-results DIR, where the other shares' "
                                     "results appear, to judge the whole run");
  }
  return Status::Ok();
}

}  // namespace

Result<SuiteFlags> ParseSuiteFlags(std::vector<std::string>& args, const config::EnvLookup& env) {
  SuiteFlags flags;
  flags.profiles = {"smoke"};
  bool shard_from_job = false;
  const options::CommandSpec spec = SuiteSpec(flags, shard_from_job);
  Result<options::Parsed> parsed = options::Parse(spec, std::span<const std::string>(args), env);
  if (!parsed) return parsed.error();
  flags.outcome = parsed->outcome;
  if (flags.outcome != options::Outcome::kRun) return flags;
  args = std::move(parsed->passed_through);
  if (shard_from_job) {
    Result<int> index = load::ShardIndexFromJob(flags.shard.count, env);
    if (!index) return index.error();
    flags.shard.index = *index;
  }
  if (Status sharded = CheckSharding(flags); !sharded.ok()) return sharded.error();
  return flags;
}

std::string SuiteUsage() {
  SuiteFlags unused;
  bool unused_from_job = false;
  return options::Usage(SuiteSpec(unused, unused_from_job));
}

}  // namespace slogate::suite
