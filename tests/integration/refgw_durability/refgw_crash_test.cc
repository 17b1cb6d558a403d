// End to end: load through slogate_refgw, kill -9 it mid-load, restart it on the same data
// directory, and audit every acknowledged event_id through GET /v1/admin/memory/{event_id}
// (404 until replicated). Repeated several times on one data directory, with one replicator
// and with a replicator count that changes at every restart.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "eventually.h"
#include "http_client.h"
#include "refgw_process.h"

namespace slogate::testing {
namespace {

constexpr int kRounds = 4;
constexpr int kClients = 8;
constexpr int kMaxRequestsPerClient = 20000;  // bounds the load even if the kill never comes
constexpr auto kAuditDeadline = std::chrono::seconds(60);

using ArgsOfRound = std::vector<std::string> (*)(int round);

std::vector<std::string> GatewayArgs(int round) {
  std::vector<std::string> args = {"--host", "127.0.0.1"};
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
      const HttpResult reply = http.Fetch("POST", url_, {kJsonHeader}, body.dump());
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
      if (http.Fetch("GET", base_url + "/v1/admin/memory/" + id).status != 200) {
        pending.push_back(id);
      }
    }
    ids.swap(pending);
    if (!ids.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ids;
}

// Under load, the replicator counts of the rounds (2, 3, 2, 1); every restart after a crash
// uses another count (3, 2, 1, 2), so the partitions change over events not yet replicated.
std::vector<std::string> LoadArgsWithReplicators(int round) {
  std::vector<std::string> args = GatewayArgs(round);
  args.push_back("--replicators=" + std::to_string(std::vector<int>{2, 3, 2, 1}[round % 4]));
  return args;
}
std::vector<std::string> AuditArgsWithReplicators(int round) {
  std::vector<std::string> args = GatewayArgs(0);
  args.push_back("--replicators=" + std::to_string(std::vector<int>{3, 2, 1, 2}[round % 4]));
  return args;
}
std::vector<std::string> AuditArgs(int) { return GatewayArgs(0); }

// kRounds of: load with `load_args(round)`, kill -9, restart with `audit_args(round)` and
// audit every id acknowledged so far.
void CrashRounds(ArgsOfRound load_args, ArgsOfRound audit_args) {
  RefgwOptions options;
  options.args = load_args(0);
  auto gateway = RefgwProcess::Start(std::move(options));
  ASSERT_TRUE(gateway.ok()) << gateway.error().message;
  std::vector<std::string> acknowledged;
  for (int round = 0; round < kRounds; ++round) {
    // Each later round starts on the data directory the previous rounds crashed on.
    if (round > 0) {
      const Status started = (*gateway)->Restart(load_args(round));
      ASSERT_TRUE(started.ok()) << "round " << round << ": " << started.error().message;
    }
    Load load((*gateway)->ApiUrl());
    const size_t kill_after = 400 + static_cast<size_t>(round) * 300;
    ASSERT_TRUE(Eventually([&] { return load.acknowledged_count() >= kill_after; },
                           std::chrono::seconds(30), std::chrono::milliseconds(2)))
        << "round " << round << ": only " << load.acknowledged_count() << " acknowledged";
    (*gateway)->Kill();  // SIGKILL while the clients are still sending
    load.Stop();
    const std::vector<std::string> round_ids = load.acknowledged();
    acknowledged.insert(acknowledged.end(), round_ids.begin(), round_ids.end());

    const Status restarted = (*gateway)->Restart(audit_args(round));
    ASSERT_TRUE(restarted.ok()) << "restart after round " << round << ": "
                                << restarted.error().message;
    const std::vector<std::string> missing = Audit((*gateway)->ApiUrl(), acknowledged);
    EXPECT_TRUE(missing.empty()) << "round " << round << ": " << missing.size() << " of "
                                 << acknowledged.size()
                                 << " acknowledged events missing, first " << missing.front();
    if (!missing.empty()) break;
    (*gateway)->Kill();
  }
}

TEST(RefgwCrashTest, EveryAcknowledgedWriteSurvivesKillNineUnderLoad) {
  CrashRounds(GatewayArgs, AuditArgs);
}

TEST(RefgwCrashTest, EveryAcknowledgedWriteSurvivesKillNineWithSeveralReplicators) {
  CrashRounds(LoadArgsWithReplicators, AuditArgsWithReplicators);
}

}  // namespace
}  // namespace slogate::testing
