// `slogate metrics scrape URL [URL...] [--select SEL]... [--timeout 2s]
//  [--bearer-token-env VAR]`: fetches expositions and prints their series (all of them, or
// those the selectors match, with their sum). Exit 0 when every endpoint was scraped and every
// selector matched, 1 otherwise, 2 for bad usage.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "slogate/common/log.h"
#include "slogate/common/units.h"
#include "slogate/promtext/selector.h"
#include "slogate/scrape/scraper.h"
#include "slogate/scrape/series_text.h"

namespace slogate::cli {
namespace {

constexpr const char* kUsage =
    "usage: slogate metrics scrape URL [URL...] [--select SEL]... [--timeout 2s]\n"
    "                              [--bearer-token-env VAR]\n"
    "  --select SEL            print only the series SEL matches (PromQL selector syntax),\n"
    "                          then their sum; repeatable\n"
    "  --timeout D             per-endpoint timeout (default 2s)\n"
    "  --bearer-token-env VAR  send the token in environment variable VAR as a bearer token\n";

struct ScrapeFlags {
  std::vector<std::string> urls;
  std::vector<promtext::Selector> selectors;
  scrape::ScrapeOptions options;
};

// Reads "--name value" or "--name=value"; advances `i` past what it consumed.
Result<std::string> FlagValue(std::span<char* const> args, size_t& i, std::string_view name) {
  const std::string_view arg = args[i];
  if (arg.size() > name.size() && arg[name.size()] == '=') {
    return std::string(arg.substr(name.size() + 1));
  }
  if (i + 1 >= args.size()) return MakeError("bad_flag", std::string(name) + " needs a value");
  return std::string(args[++i]);
}

Status ApplyFlag(std::string_view name, const std::string& value, ScrapeFlags& flags) {
  if (name == "--select") {
    Result<promtext::Selector> selector = promtext::Selector::Parse(value);
    if (!selector.ok()) {
      return MakeError("bad_flag", "--select " + value + ": " + selector.error().ToString());
    }
    flags.selectors.push_back(*selector);
  } else if (name == "--timeout") {
    Result<units::Seconds> timeout = units::ParseDuration(value);
    if (!timeout.ok()) return MakeError("bad_flag", "--timeout: " + timeout.error().message);
    flags.options.timeout = std::chrono::ceil<std::chrono::milliseconds>(*timeout);
    if (flags.options.timeout.count() <= 0) {
      return MakeError("bad_flag", "--timeout must be more than 0");
    }
  } else {  // --bearer-token-env
    const char* token = std::getenv(value.c_str());
    if (token == nullptr || *token == '\0') {
      return MakeError("bad_flag", "--bearer-token-env " + value + ": environment variable " +
                                       value + " is not set or empty");
    }
    flags.options.bearer_token = token;
  }
  return Status::Ok();
}

Result<ScrapeFlags> ParseFlags(std::span<char* const> args) {
  ScrapeFlags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (!arg.starts_with("--")) {
      flags.urls.emplace_back(arg);
      continue;
    }
    const std::string_view name = arg.substr(0, arg.find('='));
    if (name != "--select" && name != "--timeout" && name != "--bearer-token-env") {
      return MakeError("bad_flag", "unknown option " + std::string(name));
    }
    Result<std::string> value = FlagValue(args, i, name);
    if (!value.ok()) return value.error();
    if (Status applied = ApplyFlag(name, *value, flags); !applied.ok()) return applied.error();
  }
  if (flags.urls.empty()) return MakeError("bad_flag", "no URL given");
  return flags;
}

void PrintSample(const promtext::Sample& sample) {
  std::printf("%s %s\n", scrape::SeriesText(sample.name, sample.labels).c_str(),
              scrape::ValueText(sample.value).c_str());
}

void PrintEndpoint(const scrape::EndpointScrape& endpoint,
                   const std::vector<promtext::Selector>& selectors) {
  const promtext::Snapshot& snapshot = *endpoint.snapshot;
  const double took_ms = std::chrono::duration<double, std::milli>(endpoint.took).count();
  std::printf(
      "# %s: %s, %zu families, %s ms\n", endpoint.url.c_str(),
      snapshot.format == promtext::Format::kOpenMetrics100 ? "OpenMetrics 1.0" : "text 0.0.4",
      snapshot.families.size(), units::FormatNumber(took_ms).c_str());
  for (const promtext::Warning& warning : snapshot.warnings) {
    log::Warn(endpoint.url + ": " + std::to_string(warning.line) + ":" +
              std::to_string(warning.column) + ": " + warning.message);
  }
  if (selectors.empty()) {
    for (const promtext::Family& family : snapshot.families) {
      for (const promtext::Sample& sample : family.samples) PrintSample(sample);
    }
    return;
  }
  for (const promtext::Selector& selector : selectors) {
    for (const promtext::Sample* sample : promtext::Select(snapshot, selector)) {
      PrintSample(*sample);
    }
  }
}

int RunMetricsScrape(std::span<char* const> args) {
  for (const char* arg : args) {
    if (std::string_view(arg) == "--help" || std::string_view(arg) == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  Result<ScrapeFlags> flags = ParseFlags(args);
  if (!flags.ok()) {
    std::fprintf(stderr, "slogate metrics scrape: %s\n%s", flags.error().message.c_str(), kUsage);
    return 2;
  }
  scrape::Scraper scraper(flags->urls, flags->options);
  const scrape::ScrapeSet set = scraper.ScrapeAll();
  int status = 0;
  for (const scrape::EndpointScrape& endpoint : set.endpoints) {
    if (endpoint.snapshot.ok()) {
      PrintEndpoint(endpoint, flags->selectors);
    } else {
      std::fprintf(stderr, "slogate metrics scrape: %s\n",
                   endpoint.snapshot.error().message.c_str());
      status = 1;
    }
  }
  for (const promtext::Selector& selector : flags->selectors) {
    const std::optional<double> sum = scrape::SumAcross(set, selector);
    if (sum.has_value()) {
      std::printf("# sum %s = %s\n", selector.ToString().c_str(), scrape::ValueText(*sum).c_str());
    } else {
      std::fprintf(stderr, "slogate metrics scrape: no series matches %s\n",
                   selector.ToString().c_str());
      status = 1;
    }
  }
  return status;
}

}  // namespace

SLOGATE_REGISTER_COMMAND("metrics scrape",
                         "fetch /metrics from URLs and print series (--select SEL to filter)",
                         RunMetricsScrape);

}  // namespace slogate::cli
