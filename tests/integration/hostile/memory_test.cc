// Memory is the generator's to bound, whatever the user asks for or the target sends: a target
// echoing 16 KiB event_ids, a 50 MiB exposition, a huge CONCURRENCY, a large body over many
// slots. Each case measures this process's peak resident memory (VmHWM, reset before the step)
// against a bound far under what the case cost before it was bounded.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "loopback.h"
#include "process_usage.h"
#include "sanitizers.h"
#include "scripted_server.h"
#include "slogate/common/load_limits.h"
#include "slogate/load/engine.h"
#include "slogate/scrape/sampler.h"
#include "slogate/scrape/scraper.h"

namespace slogate::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
constexpr uint64_t kMiB = uint64_t{1} << 20;
// Why the memory bounds are not checked under ThreadSanitizer (sanitizers.h).
constexpr const char* kShadowMemory =
    "peak RSS includes TSan's shadow memory, and the instrumented engine does not reach the "
    "request rate the case needs";

// Options for `rps` requests a second for `duration` against `server`.
load::LoadOptions LoadAgainst(const ScriptedServer& server, double rps, milliseconds duration) {
  load::LoadOptions options;
  options.target_url = server.Url();
  options.schedule.rps = rps;
  options.schedule.duration = duration;
  options.request_timeout = seconds(3);
  options.drain_timeout = seconds(3);
  return options;
}

// The growth of this process's peak resident memory while `step` runs.
template <typename Step>
uint64_t PeakGrowth(Step step) {
  EXPECT_TRUE(ResetPeakRss());
  const uint64_t before = ReadOwnUsage().rss_bytes;
  step();
  const uint64_t peak = ReadOwnUsage().peak_rss_bytes;
  return peak > before ? peak - before : 0;
}

// 2000 requests at 1000/s against a server answering `answer`; the run's result and the peak
// growth of memory over the server's and the run's life.
std::pair<Result<load::RunResult>, uint64_t> RunAnswered(const std::string& answer) {
  Result<load::RunResult> result = MakeError("not_run", "");
  const uint64_t growth = PeakGrowth([&] {
    ScriptedServer server([&answer](const ScriptedRequest&, ScriptedConnection& connection) {
      connection.Respond(200, answer);
    });
    load::LoadOptions options = LoadAgainst(server, 1000, milliseconds(2000));
    options.concurrency = 50;
    result = load::RunLoad(options);
  });
  return {std::move(result), growth};
}

TEST(MemoryTest, SixteenKibEventIdsAreCountedAsTooLongNotKept) {
  SLOGATE_SKIP_UNDER_TSAN(kShadowMemory);
  // The server's own threads cost memory in this process too: a run answered with UUIDs is the
  // baseline the 16 KiB ids are compared with.
  const auto [uuid_run, uuid_growth] =
      RunAnswered(R"({"event_id": "00000000-0000-4000-8000-000000000001"})");
  ASSERT_TRUE(uuid_run.ok()) << uuid_run.error().message;
  const auto [result, growth] =
      RunAnswered(R"({"event_id": ")" + std::string(16 * 1024, 'e') + R"("})");
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto too_long = result->errors_by_category.find(load::ErrorCategory::kEventIdTooLong);
  ASSERT_NE(too_long, result->errors_by_category.end());
  EXPECT_GT(too_long->second, 1000u);
  EXPECT_EQ(too_long->second + result->ok, result->status_counts.at(200));
  EXPECT_TRUE(result->event_ids.empty());
  // Kept whole, 2000 ids would be 32 MiB more than the UUID run's 32 KiB.
  std::cout << "peak growth: " << growth / kMiB << " MiB, with UUIDs " << uuid_growth / kMiB
            << " MiB\n";
  EXPECT_LT(growth, uuid_growth + 8 * kMiB);
}

TEST(MemoryTest, AnExpositionPastTheCapIsAClearErrorAndNotKept) {
  SLOGATE_SKIP_UNDER_TSAN(kShadowMemory);
  ScriptedServer server([](const ScriptedRequest&, ScriptedConnection& connection) {
    if (!connection.Write("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
                          "Connection: close\r\n\r\n")) {
      return;
    }
    std::string chunk;
    for (int i = 0; chunk.size() < 64 * 1024; ++i) {
      chunk += "padding_metric{i=\"" + std::to_string(i) + "\"} 1\n";
    }
    for (uint64_t sent = 0; sent < 50 * kMiB; sent += chunk.size()) {
      if (!connection.Write(chunk)) return;
    }
  });
  scrape::Scraper scraper({server.Url("/metrics")}, scrape::ScrapeOptions{});
  std::vector<scrape::SampledSeries> series;
  size_t kept_sets = 0;
  const uint64_t growth = PeakGrowth([&] {
    scrape::Sampler sampler(scraper, {}, milliseconds(10));
    sampler.Start();
    while (sampler.scrape_count() < 3) std::this_thread::sleep_for(milliseconds(10));
    sampler.Stop();
    kept_sets = sampler.Sets().size();
  });
  const scrape::ScrapeSet set = scraper.ScrapeAll();
  ASSERT_FALSE(set.endpoints.front().snapshot.ok());
  EXPECT_EQ(set.endpoints.front().snapshot.error().code, "exposition_too_large");
  EXPECT_EQ(set.endpoints.front().snapshot.error().message.rfind(
                "metrics at " + server.Url("/metrics") + ": exposition larger than 32 MiB;", 0),
            0u)
      << set.endpoints.front().snapshot.error().message;
  EXPECT_EQ(kept_sets, 0u);
  // Read to the cap, never parsed: the text buffer (up to twice the cap while it grows).
  std::cout << "peak growth: " << growth / kMiB << " MiB\n";
  EXPECT_LT(growth, 80 * kMiB);
}

TEST(MemoryTest, AHugeConcurrencyCostsOnlyTheSlotsInFlight) {
  SLOGATE_SKIP_UNDER_TSAN(kShadowMemory);
  ScriptedServer server([](const ScriptedRequest&, ScriptedConnection& connection) {
    connection.Respond(200, R"({"event_id": "00000000-0000-4000-8000-000000000001"})");
  });
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  // As many slots as the descriptors allow: set up at once, each would cost tens of KiB.
  const rlim_t usable = std::min<rlim_t>(limit.rlim_max - 100, limits::kMaxConcurrency);
  if (usable < 5000) GTEST_SKIP() << "descriptor hard limit " << limit.rlim_max << " too low";
  load::LoadOptions options = LoadAgainst(server, 200, milliseconds(1000));
  options.concurrency = static_cast<int>(usable);
  Result<load::RunResult> result = MakeError("not_run", "");
  const auto started = std::chrono::steady_clock::now();
  const uint64_t growth = PeakGrowth([&] { result = load::RunLoad(options); });
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->ok, 200u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(10));
  std::cout << "concurrency " << usable << ": peak growth " << growth / kMiB << " MiB\n";
  EXPECT_LT(growth, 32 * kMiB);
}

// Lowers the descriptor limit to 256 and asks for 1000 in flight; prints RunLoad's error and
// exits 0 when it was refused.
void RunWithFewDescriptors() {
  const rlimit low{256, 256};
  if (setrlimit(RLIMIT_NOFILE, &low) != 0) std::exit(2);
  load::LoadOptions options;
  options.target_url = "http://127.0.0.1:9";
  options.concurrency = 1000;
  const Result<load::RunResult> result = load::RunLoad(options);
  if (result.ok()) std::exit(3);
  std::cerr << result.error().code << ": " << result.error().message;
  std::exit(0);
}

TEST(MemoryTest, AConcurrencyPastTheDescriptorLimitIsRefusedUpFront) {
  // In a child, so that lowering the hard limit (irreversible) leaves this process alone.
  EXPECT_EXIT(RunWithFewDescriptors(), ::testing::ExitedWithCode(0),
              "descriptor_limit: concurrency 1000 needs that many sockets, but this process may "
              "open at most 256 descriptors.*lower the concurrency to 192 or raise the limit");
}

TEST(MemoryTest, ALargeBodyIsHeldOnceWhateverTheSlots) {
  SLOGATE_SKIP_UNDER_TSAN(kShadowMemory);
  // Accepted by the kernel (up to its backlog), never read: every request stays in flight with
  // its body partly sent, and nothing of the target's runs in this process.
  const LoopbackPort silent = LoopbackPort::Silent();
  load::LoadOptions options;
  options.target_url = silent.Url();
  options.schedule.rps = 200;
  options.schedule.duration = milliseconds(1000);
  options.request_timeout = seconds(3);
  options.concurrency = 200;
  options.drain_timeout = milliseconds(500);
  options.request.body = R"({"id": "{{uuid}}", "pad": ")" + std::string(10 * kMiB, 'p') + R"("})";
  Result<load::RunResult> result = MakeError("not_run", "");
  const uint64_t growth = PeakGrowth([&] { result = load::RunLoad(options); });
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->sent, 200u);
  // 200 copies would be 2 GiB: one template, plus libcurl's upload buffer per slot.
  std::cout << "peak growth: " << growth / kMiB << " MiB\n";
  EXPECT_LT(growth, 64 * kMiB);
}

TEST(MemoryTest, AStreamedBodyArrivesWholeWithItsOwnUuidsPerRequest) {
  ScriptedServer server([](const ScriptedRequest&, ScriptedConnection& connection) {
    connection.Respond(200, "{}");
  });
  load::LoadOptions options = LoadAgainst(server, 20, milliseconds(500));
  const std::string pad(100 * 1024, 'p');
  options.request.body = R"({"a": "{{uuid}}", "pad": ")" + pad + R"(", "b": "{{uuid}}"})";
  const Result<load::RunResult> result = load::RunLoad(options);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->ok, 10u);
  std::set<std::string> uuids;
  for (const ScriptedRequest& request : server.Received()) {
    const std::string& body = request.body;
    ASSERT_EQ(body.size(), options.request.body.size() + 2 * (36 - 8));
    const std::string a = body.substr(7, 36);
    const std::string b = body.substr(body.size() - 38, 36);
    EXPECT_EQ(body, R"({"a": ")" + a + R"(", "pad": ")" + pad + R"(", "b": ")" + b + R"("})");
    uuids.insert(a);
    uuids.insert(b);
  }
  EXPECT_EQ(uuids.size(), 20u);
}

}  // namespace
}  // namespace slogate::testing
