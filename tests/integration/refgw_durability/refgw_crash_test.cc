// End to end: load through slogate_refgw, kill -9 it mid-load, restart it on the same data
// directory, and audit every acknowledged event_id through GET /v1/admin/memory/{event_id}
// (404 until replicated). Repeated several times on one data directory.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "crash_support.h"
#include "gateway_process.h"
#include "http_client.h"

namespace slogate::refgw::store {
namespace {

constexpr int kRounds = 4;
constexpr int kClients = 8;
constexpr int kMaxRequestsPerClient = 20000;  // bounds the load even if the kill never comes
constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kAuditDeadline = std::chrono::seconds(60);

std::string BaseUrl(const GatewayProcess& gateway) {
  return "http://127.0.0.1:" + std::to_string(gateway.api_port());
}

std::vector<std::string> GatewayArgs(const std::filesystem::path& dir, int round) {
  std::vector<std::string> args = {"--host",         "127.0.0.1",  "--port",       "0",
                                   "--metrics-port", "0",          "--replicator-metrics-port",
                                   "0",              "--data-dir", dir.string()};
  // Every other round also fails every 5th WAL append, so the outbox path crashes too.
  if (round % 2 == 1) {
    args.push_back("--faults");
    args.push_back(R"({"wal_fail":{"every":5}})");
  }
  return args;
}

// Posts messages from kClients threads, recording the event_id of every 200.
class Load {
 public:
  explicit Load(std::string url) : url_(std::move(url) + "/v1/session/message") {
    for (int c = 0; c < kClients; ++c) threads_.emplace_back([this, c] { Client(c); });
  }
  ~Load() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  size_t acknowledged_count() {
    std::lock_guard lock(mutex_);
    return acknowledged_.size();
  }
  std::vector<std::string> acknowledged() {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }

 private:
  void Client(int client) {
    HttpClient http;
    for (int i = 0; i < kMaxRequestsPerClient && !stop_; ++i) {
      const nlohmann::json body = {{"message", "durability " + std::to_string(client) + "-" +
                                                   std::to_string(i)},
                                   {"metadata", {{"tenant", "durability"}}}};
      const HttpReply reply = http.PostJson(url_, body.dump());
      if (reply.status == 0) return;  // the gateway is gone
      if (reply.status != 200) continue;
      const auto parsed = nlohmann::json::parse(reply.body, nullptr, false);
      if (!parsed.is_object() || !parsed.contains("event_id")) continue;
      std::lock_guard lock(mutex_);
      acknowledged_.push_back(parsed["event_id"].get<std::string>());
    }
  }

  const std::string url_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> acknowledged_;
  std::vector<std::thread> threads_;
};

// Ids not (yet) readable through the admin route once the deadline passes.
std::vector<std::string> Audit(const std::string& base_url, std::vector<std::string> ids) {
  HttpClient http;
  const auto deadline = std::chrono::steady_clock::now() + kAuditDeadline;
  while (!ids.empty() && std::chrono::steady_clock::now() < deadline) {
    std::vector<std::string> pending;
    for (const std::string& id : ids) {
      if (http.Get(base_url + "/v1/admin/memory/" + id).status != 200) pending.push_back(id);
    }
    ids.swap(pending);
    if (!ids.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ids;
}

TEST(RefgwCrashTest, EveryAcknowledgedWriteSurvivesKillNineUnderLoad) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  testing::TempDir dir;
  std::vector<std::string> acknowledged;
  for (int round = 0; round < kRounds; ++round) {
    GatewayProcess gateway;
    std::string error = gateway.Start(SLOGATE_REFGW_PATH, GatewayArgs(dir.path(), round),
                                      kStartTimeout);
    ASSERT_EQ(error, "") << "round " << round;
    Load load(BaseUrl(gateway));
    const size_t kill_after = 400 + static_cast<size_t>(round) * 300;
    ASSERT_TRUE(testing::WaitFor([&] { return load.acknowledged_count() >= kill_after; },
                                 std::chrono::seconds(30)))
        << "round " << round << ": only " << load.acknowledged_count() << " acknowledged";
    gateway.Kill();  // SIGKILL while the clients are still sending
    load.Stop();
    const std::vector<std::string> round_ids = load.acknowledged();
    acknowledged.insert(acknowledged.end(), round_ids.begin(), round_ids.end());

    GatewayProcess restarted;
    error = restarted.Start(SLOGATE_REFGW_PATH, GatewayArgs(dir.path(), 0), kStartTimeout);
    ASSERT_EQ(error, "") << "restart after round " << round;
    const std::vector<std::string> missing = Audit(BaseUrl(restarted), acknowledged);
    EXPECT_TRUE(missing.empty()) << "round " << round << ": " << missing.size() << " of "
                                 << acknowledged.size()
                                 << " acknowledged events missing, first " << missing.front();
    if (!missing.empty()) break;
  }
  curl_global_cleanup();
}

}  // namespace
}  // namespace slogate::refgw::store
