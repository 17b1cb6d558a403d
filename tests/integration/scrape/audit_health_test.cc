// The zero-loss audit and the health fetch against nginx on loopback: a file per replicated
// event_id (so 404 until it is written), a location that fails, and health JSON documents.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "loopback.h"
#include "nginx_server.h"
#include "slogate/scrape/audit.h"
#include "slogate/scrape/health.h"

namespace slogate::scrape {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kAuditServerDirectives = R"(
    location = /v1/admin/memory/broken { return 500; }
    location /v1/admin/memory/ { default_type application/json; }
    location = /v1/health { default_type application/json; try_files /health.json =404; }
    location = /v1/health/down { return 503; }
    location = /v1/health/html { default_type text/html; return 200 "<html></html>"; }
)";

class AuditHealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nginx_ = testing::NginxServer::Start(
        {.server_directives = kAuditServerDirectives, .access_log_format = testing::kScrapeLogFormat});
    ASSERT_NE(nginx_, nullptr);
  }

  void Replicate(const std::string& event_id) const {
    nginx_->WriteFile("v1/admin/memory/" + event_id, "{\"event_id\": \"" + event_id + "\"}");
  }

  AuditOptions Options() const {
    AuditOptions options;
    options.url_template = nginx_->Url("/v1/admin/memory/{event_id}");
    options.drain_period = milliseconds(300);
    options.progress_window = milliseconds(200);
    options.retry_interval = milliseconds(50);
    options.concurrency = 4;
    return options;
  }

  std::unique_ptr<testing::NginxServer> nginx_;
};

TEST_F(AuditHealthTest, FindsEveryReplicatedId) {
  std::vector<std::string> ids;
  for (int i = 0; i < 300; ++i) {
    ids.push_back("0b6d7c1e-" + std::to_string(i));
    Replicate(ids.back());
  }
  const AuditResult result = AuditEventIds(Options(), ids);
  EXPECT_EQ(result.acknowledged, 300u);
  EXPECT_EQ(result.checked, 300u);
  EXPECT_EQ(result.found, 300u);
  EXPECT_EQ(result.missing_count, 0u);
  EXPECT_EQ(result.errors, 0u);
  EXPECT_EQ(result.first_error, "");
}

TEST_F(AuditHealthTest, ARecordOfAnotherEventIsNotAReadBack) {
  // An audit route answering 200 with whatever record (or none) must not vouch for a write.
  nginx_->WriteFile("v1/admin/memory/asked", "{\"event_id\": \"another\"}");
  nginx_->WriteFile("v1/admin/memory/empty", "{}");
  nginx_->WriteFile("v1/admin/memory/html", "<html>ok</html>");
  const AuditResult result = AuditEventIds(Options(), {"asked", "empty", "html"});
  EXPECT_EQ(result.found, 0u);
  EXPECT_EQ(result.errors, 3u);
  EXPECT_NE(result.first_error.find("HTTP status 200, but the body is not the record of"),
            std::string::npos)
      << result.first_error;
}

TEST_F(AuditHealthTest, SamplesAboveTheBound) {
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    ids.push_back("id-" + std::to_string(i));
    Replicate(ids.back());
  }
  AuditOptions options = Options();
  options.all_below = 100;
  options.sample_size = 25;
  const AuditResult result = AuditEventIds(options, ids);
  EXPECT_EQ(result.acknowledged, 200u);
  EXPECT_EQ(result.checked, 25u);
  EXPECT_EQ(result.found, 25u);
}

TEST_F(AuditHealthTest, NeverReplicatedIdIsMissingAfterTheDrain) {
  Replicate("present");
  const AuditResult result = AuditEventIds(Options(), {"present", "lost-1", "lost-2"});
  EXPECT_EQ(result.found, 1u);
  EXPECT_EQ(result.missing_count, 2u);
  EXPECT_EQ(result.missing, (std::vector<std::string>{"lost-1", "lost-2"}));
  EXPECT_EQ(result.errors, 0u);
  // Nothing turned up for the last progress window: a loss, not a backlog.
  EXPECT_FALSE(result.still_arriving);
  // 404s were retried during the drain period, not given up on at once.
  const std::string log = nginx_->AccessLog();
  size_t attempts = 0;
  for (size_t at = log.find("/lost-1|"); at != std::string::npos;
       at = log.find("/lost-1|", at + 1)) {
    ++attempts;
  }
  EXPECT_GE(attempts, 2u);
}

TEST_F(AuditHealthTest, LateReplicationIsFoundByRetries) {
  AuditOptions options = Options();
  options.drain_period = std::chrono::seconds(20);
  // The replica gets the record only after the audit has seen its 404.
  std::thread replicator([this] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (nginx_->AccessLog().find("/late|") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(5));
    }
    Replicate("late");
  });
  const AuditResult result = AuditEventIds(options, {"late"});
  replicator.join();
  EXPECT_EQ(result.found, 1u);
  EXPECT_EQ(result.missing_count, 0u);
  EXPECT_THAT(nginx_->AccessLog(), HasSubstr("/late|application/json|"));
  EXPECT_THAT(nginx_->AccessLog(), HasSubstr("|404|"));
}

// A replicator working through a backlog: ids keep turning up after drain_period, so the
// audit waits on (up to max_drain_period) and finds them all.
TEST_F(AuditHealthTest, WaitsPastTheDrainWhileIdsKeepTurningUp) {
  AuditOptions options = Options();
  options.max_drain_period = std::chrono::seconds(20);
  options.progress_window = milliseconds(400);
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) ids.push_back("backlog-" + std::to_string(i));
  std::thread replicator([&] {
    for (const std::string& id : ids) {
      Replicate(id);
      std::this_thread::sleep_for(milliseconds(150));  // 8 x 150 ms: well past the 300 ms drain
    }
  });
  const AuditResult result = AuditEventIds(options, ids);
  replicator.join();
  EXPECT_EQ(result.found, 8u);
  EXPECT_EQ(result.missing_count, 0u);
  EXPECT_FALSE(result.still_arriving);
  EXPECT_GT(result.drained_for, options.drain_period);
}

// Ids still turning up when max_drain_period ends: missing, but flagged as still arriving.
TEST_F(AuditHealthTest, StopsAtTheMaximumAndSaysIdsWereStillArriving) {
  AuditOptions options = Options();
  options.max_drain_period = milliseconds(900);
  options.progress_window = milliseconds(600);
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) ids.push_back("slow-" + std::to_string(i));
  std::atomic<bool> stop{false};
  std::thread replicator([&] {
    for (size_t i = 0; i < ids.size() && !stop; ++i) {
      Replicate(ids[i]);
      std::this_thread::sleep_for(milliseconds(100));  // 40 x 100 ms: more than the maximum
    }
  });
  const AuditResult result = AuditEventIds(options, ids);
  stop = true;
  replicator.join();
  EXPECT_GT(result.found, 0u);
  EXPECT_GT(result.missing_count, 0u);
  EXPECT_TRUE(result.still_arriving);
  EXPECT_GE(result.drained_for, options.max_drain_period);
}

TEST_F(AuditHealthTest, EscapesIdsAndCountsOtherStatusesAsErrors) {
  Replicate("with space");
  const AuditResult result = AuditEventIds(Options(), {"with space", "broken"});
  EXPECT_EQ(result.found, 1u);
  EXPECT_EQ(result.errors, 1u);
  EXPECT_EQ(result.missing_count, 0u);
  EXPECT_EQ(result.first_error, "GET " + nginx_->Url("/v1/admin/memory/broken") +
                                    ": HTTP status 500 (expected 200 or 404)");
}

TEST(AuditFailureTest, UnreachableAuditEndpointCountsErrors) {
  AuditOptions options;
  options.url_template =
      "http://127.0.0.1:" + std::to_string(testing::PickFreePort()) + "/v1/admin/memory/{event_id}";
  options.drain_period = milliseconds(100);
  const AuditResult result = AuditEventIds(options, {"a", "b", "c"});
  EXPECT_EQ(result.errors, 3u);
  EXPECT_EQ(result.found, 0u);
  EXPECT_THAT(result.first_error, StartsWith("GET http://127.0.0.1:"));
  EXPECT_THAT(result.first_error, HasSubstr("Couldn't connect to server"));
}

TEST_F(AuditHealthTest, FetchesHealth) {
  nginx_->WriteFile("health.json", R"({"status": "degraded", "components": {
      "memory_replicator": {"status": "ok", "detail": "lag_seconds=0.4"},
      "memory_dlq": {"status": "degraded", "detail": "depth=2"}}})");
  Result<HealthReport> report = FetchHealth(nginx_->Url("/v1/health"), milliseconds(2000));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->status, "degraded");
  EXPECT_EQ(report->DetailNumber("memory_dlq", "depth"), 2.0);
  EXPECT_EQ(report->DetailNumber("memory_replicator", "lag_seconds"), 0.4);
}

TEST_F(AuditHealthTest, HealthErrorsNameTheUrl) {
  Result<HealthReport> down = FetchHealth(nginx_->Url("/v1/health/down"), milliseconds(2000));
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code, "http_status");
  EXPECT_EQ(down.error().message,
            "GET " + nginx_->Url("/v1/health/down") + ": HTTP status 503 (expected 200)");

  Result<HealthReport> html = FetchHealth(nginx_->Url("/v1/health/html"), milliseconds(2000));
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().code, "bad_health");
  EXPECT_EQ(html.error().message,
            "GET " + nginx_->Url("/v1/health/html") + ": health report: not valid JSON");
}

}  // namespace
}  // namespace slogate::scrape
