// Scrape and audit throughput against nginx on loopback, each against a peer measured in the
// same run: a kept-alive Scraper vs a new connection per scrape, and the audit's concurrent
// workers vs one worker. Prints one line per measurement to stdout.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "nginx_server.h"
#include "slogate/scrape/audit.h"
#include "slogate/scrape/scraper.h"

namespace slogate::scrape {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kSeries = 10000;
constexpr int kScrapes = 40;
constexpr int kAuditIds = 10000;

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

std::string Exposition() {
  std::string text = "# TYPE bench_requests_total counter\n";
  for (int i = 0; i < kSeries; ++i) {
    text += "bench_requests_total{path=\"/v1/session/message\",shard=\"" + std::to_string(i) +
            "\"} " + std::to_string(i * 7) + "\n";
  }
  return text;
}

// Seconds per scrape, either through one kept-alive Scraper or a new one each time.
double TimeScrapes(const std::string& url, bool reuse_connection) {
  Scraper kept({url}, ScrapeOptions{});
  const auto started = Clock::now();
  for (int i = 0; i < kScrapes; ++i) {
    if (reuse_connection) {
      if (!kept.ScrapeAll().AllOk()) return -1;
    } else {
      Scraper fresh({url}, ScrapeOptions{});
      if (!fresh.ScrapeAll().AllOk()) return -1;
    }
  }
  return Seconds(Clock::now() - started) / kScrapes;
}

double TimeAudit(const std::string& url_template, const std::vector<std::string>& ids,
                 int concurrency) {
  AuditOptions options;
  options.url_template = url_template;
  options.all_below = ids.size();
  options.concurrency = concurrency;
  options.drain_period = std::chrono::milliseconds(0);
  const auto started = Clock::now();
  const AuditResult result = AuditEventIds(options, ids);
  const double took = Seconds(Clock::now() - started);
  return result.found == ids.size() ? took : -1;
}

int Run() {
  const auto nginx = testing::NginxServer::Start(
      {.server_directives = "gzip on; gzip_min_length 1; gzip_types *;\n"
                            "location = /metrics { default_type \"text/plain; version=0.0.4\"; }\n"
                            "location /v1/admin/memory/ { default_type application/json; }\n"});
  if (nginx == nullptr) return 1;
  const std::string exposition = Exposition();
  nginx->WriteFile("metrics", exposition);
  std::vector<std::string> ids;
  for (int i = 0; i < kAuditIds; ++i) {
    ids.push_back("6f1c2a9e-0000-4000-8000-" + std::to_string(100000000000 + i));
    nginx->WriteFile("v1/admin/memory/" + ids.back(), "{}");
  }

  const double kept = TimeScrapes(nginx->Url("/metrics"), true);
  const double fresh = TimeScrapes(nginx->Url("/metrics"), false);
  if (kept < 0 || fresh < 0) {
    std::fprintf(stderr, "bench/scrape: a scrape failed\n");
    return 1;
  }
  std::printf(
      "scrape of %d series (%.1f MB, gzip): kept-alive %.2f ms, new connection %.2f ms "
      "(ratio %.2fx)\n",
      kSeries, static_cast<double>(exposition.size()) / 1e6, kept * 1e3, fresh * 1e3, fresh / kept);

  const std::string url_template = nginx->Url("/v1/admin/memory/{event_id}");
  const double serial = TimeAudit(url_template, ids, 1);
  const double parallel = TimeAudit(url_template, ids, 8);
  if (serial < 0 || parallel < 0) {
    std::fprintf(stderr, "bench/scrape: the audit did not find every id\n");
    return 1;
  }
  std::printf(
      "audit of %d ids: 8 workers %.2f s (%.0f ids/s), 1 worker %.2f s (%.0f ids/s), "
      "ratio %.2fx\n",
      kAuditIds, parallel, kAuditIds / parallel, serial, kAuditIds / serial, serial / parallel);
  std::printf(
      "note: nginx and the client share the machine with whatever else runs; treat "
      "absolute numbers as noisy.\n");
  return 0;
}

}  // namespace
}  // namespace slogate::scrape

int main() { return slogate::scrape::Run(); }
