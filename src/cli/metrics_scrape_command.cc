// `slogate metrics scrape URL [URL...] [--select SEL]... [--timeout 2s]
//  [--bearer-token-env VAR]`: fetches expositions and prints their series (all of them, or
// those the selectors match, with their sum). Exit 0 when every endpoint was scraped and every
// selector matched, 1 otherwise, 2 for bad usage.
#include <chrono>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "slogate/common/load_limits.h"
#include "slogate/common/log.h"
#include "slogate/common/secrets.h"
#include "slogate/common/units.h"
#include "slogate/promtext/selector.h"
#include "slogate/scrape/scraper.h"
#include "slogate/scrape/series_text.h"

namespace slogate::cli {
namespace {

struct ScrapeFlags {
  std::vector<std::string> urls;
  std::vector<promtext::Selector> selectors;
  scrape::ScrapeOptions options;
};

options::CommandSpec ScrapeSpec(ScrapeFlags& flags) {
  options::CommandSpec spec{
      .program = "slogate metrics scrape",
      .synopsis = "URL [URL...] [--select SEL]... [--timeout 2s] [--bearer-token-env VAR]",
      .description = "Fetches each URL's exposition and prints its series (or those the "
                     "selectors match, then\ntheir sum).\n"};
  spec.takes_positionals = true;
  spec.options = {
      {.flag = "--select", .value_name = "SEL",
       .help = "print only the series SEL matches (PromQL selector syntax), then their sum; "
               "repeatable",
       .set = [&flags](std::string_view value) -> Status {
         Result<promtext::Selector> selector = promtext::Selector::Parse(value);
         if (!selector.ok()) {
           return MakeError("bad_flag", std::string(value) + ": " + selector.error().ToString());
         }
         flags.selectors.push_back(*selector);
         return Status::Ok();
       }},
      {.flag = "--timeout",
       .value_name = "DURATION",
       .help = "per-endpoint timeout, up to 10m (2s)",
       .set = [&flags](std::string_view value) -> Status {
         Result<std::chrono::nanoseconds> timeout = limits::ParseWait(value);
         if (!timeout.ok()) return timeout.error();
         flags.options.timeout = std::chrono::ceil<std::chrono::milliseconds>(*timeout);
         return Status::Ok();
       }},
      {.flag = "--bearer-token-env", .value_name = "VAR",
       .help = "send the token in environment variable VAR as a bearer token",
       .set = [&flags](std::string_view value) -> Status {
         std::optional<std::string> token = options::ProcessEnvironment()(value);
         if (!token || token->empty()) {
           return MakeError("bad_flag", "environment variable " + std::string(value) +
                                            " is not set or empty");
         }
         if (Status valid = secrets::CheckCredential(*token); !valid) {
           return MakeError("bad_flag", "environment variable " + std::string(value) + ": " +
                                            valid.error().message);
         }
         secrets::Register(*token);
         flags.options.bearer_token = *token;
         return Status::Ok();
       }},
  };
  return spec;
}

// Label values come from the target, which may echo a credential back.
void PrintSample(const promtext::Sample& sample) {
  std::printf("%s %s\n", secrets::Redact(scrape::SeriesText(sample.name, sample.labels)).c_str(),
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
  ScrapeFlags parsed;
  const options::CommandSpec spec = ScrapeSpec(parsed);
  if (std::optional<int> status = ParseCommandLine(spec, args, &parsed.urls)) return *status;
  if (parsed.urls.empty()) return UsageError(spec, "no URL given");
  for (const std::string& url : parsed.urls) {
    if (Status valid = limits::CheckHttpUrl(url); !valid.ok()) {
      return UsageError(spec, valid.error().message);
    }
  }
  const ScrapeFlags* flags = &parsed;
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
