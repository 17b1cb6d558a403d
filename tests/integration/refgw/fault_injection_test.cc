// Every fault of slogate_refgw, set at runtime through POST /v1/admin/faults, with counts that
// must come out exact (the schedules are deterministic).
#include "refgw_fixture.h"

namespace slogate::testing {
namespace {

using nlohmann::json;

const std::string kPath = R"(path="/v1/session/message")";

class FaultInjectionTest : public RefgwSuite {
 protected:
  static void SetUpTestSuite() { StartGateway(); }

  static std::string EventId(const HttpResult& result) {
    return json::parse(result.body)["event_id"];
  }
  // Events the replicator handled with result ok (applied or dropped).
  static double ReplicatorHandled() {
    return SampleValue(Fetch("GET", process_->ReplicatorMetricsUrl()).body,
                       R"(memory_replicator_events_total{result="ok"})")
        .value_or(0.0);
  }
  static bool Replicated(const std::string& event_id) {
    return Fetch("GET", Url("/v1/admin/memory/" + event_id)).status == 200;
  }
  // Events of `session_id` in the replica, once a write posted after it (with no faults) is
  // readable: the replicator applies the WAL in order, so anything stored before is too.
  static int StoredInSession(const std::string& session_id) {
    EXPECT_EQ(SetFaults("{}").status, 200);
    HttpResult barrier = Post(R"({"message":"barrier"})");
    EXPECT_EQ(barrier.status, 200);
    EXPECT_TRUE(Eventually([&] { return Replicated(EventId(barrier)); }));
    HttpResult listed = Fetch("GET", Url("/v1/admin/memory?session_id=" + session_id));
    EXPECT_EQ(listed.status, 200) << listed.body;
    return json::parse(listed.body)["count"].get<int>();
  }
  static std::string SessionId(const HttpResult& result) {
    return json::parse(result.body)["session_id"];
  }
};

TEST_F(FaultInjectionTest, AuthErrorFaultAnswersLikeTheUpstreamAndMovesNoCounter) {
  const std::string attempts = "gateway_write_through_attempts_total{" + kPath + "}";
  const double before = Counter(attempts);
  for (auto [status, detail] : {std::pair{401, "Invalid token"}, std::pair{403, "Forbidden"}}) {
    ASSERT_EQ(SetFaults(R"({"error":{"status":)" + std::to_string(status) + "}}").status, 200);
    HttpResult result = Post(R"({"message":"m"})");
    EXPECT_EQ(result.status, status);
    EXPECT_EQ(json::parse(result.body), json({{"detail", detail}}));
  }
  EXPECT_EQ(Counter(attempts), before);
}

TEST_F(FaultInjectionTest, OmittedEventIdOfAStoredWrite) {
  const std::string ok = "gateway_write_through_results_total{" + kPath + ",result=\"ok\"}";
  const double before = Counter(ok);
  ASSERT_EQ(SetFaults(R"({"event_id":{"mode":"omit","every":2}})").status, 200);
  HttpResult first = Post(R"({"message":"m"})");
  HttpResult omitted = Post(R"({"message":"m"})");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(omitted.status, 200);
  EXPECT_TRUE(json::parse(first.body).contains("event_id"));
  EXPECT_FALSE(json::parse(omitted.body).contains("event_id")) << omitted.body;
  EXPECT_EQ(Counter(ok), before + 2) << "the gateway claims success for both";
  EXPECT_EQ(StoredInSession(SessionId(omitted)), 1) << "stored under its own id";
}

TEST_F(FaultInjectionTest, OmittedEventIdOfALostWrite) {
  const std::string wal_ok =
      "gateway_write_through_wal_results_total{" + kPath + ",result=\"ok\"}";
  const double before = Counter(wal_ok);
  ASSERT_EQ(SetFaults(R"({"event_id":{"mode":"omit","store":false}})").status, 200);
  HttpResult lost = Post(R"({"message":"never stored"})");
  ASSERT_EQ(lost.status, 200);
  EXPECT_FALSE(json::parse(lost.body).contains("event_id")) << lost.body;
  EXPECT_EQ(Counter(wal_ok), before + 1) << "counted as a WAL write that succeeded";
  EXPECT_EQ(StoredInSession(SessionId(lost)), 0);
}

TEST_F(FaultInjectionTest, RepeatedEventIdOfAStoredWrite) {
  ASSERT_EQ(SetFaults(R"({"event_id":{"mode":"repeat","every":2}})").status, 200);
  HttpResult first = Post(R"({"message":"m"})");
  HttpResult repeated = Post(R"({"message":"m"})");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(repeated.status, 200);
  EXPECT_EQ(EventId(repeated), EventId(first));
  EXPECT_NE(SessionId(repeated), SessionId(first));
  EXPECT_EQ(StoredInSession(SessionId(repeated)), 1) << "stored under its own, unanswered id";
}

TEST_F(FaultInjectionTest, RepeatedEventIdOfALostWrite) {
  ASSERT_EQ(SetFaults(R"({"event_id":{"mode":"repeat","every":2,"store":false}})").status, 200);
  HttpResult first = Post(R"({"message":"m"})");
  HttpResult repeated = Post(R"({"message":"m"})");
  ASSERT_EQ(repeated.status, 200);
  EXPECT_EQ(EventId(repeated), EventId(first));
  EXPECT_TRUE(Eventually([&] { return Replicated(EventId(first)); }));
  EXPECT_EQ(StoredInSession(SessionId(repeated)), 0);
}

TEST_F(FaultInjectionTest, ErrorFaultFailsEveryKthWithChosenStatus) {
  ASSERT_EQ(SetFaults(R"({"error":{"status":503,"every":3}})").status, 200);
  int failed = 0;
  for (int i = 0; i < 9; ++i) {
    HttpResult result = Post(R"({"message":"m"})");
    if (result.status == 503) {
      ++failed;
      EXPECT_EQ(result.headers.at("x-api-version"), "v1");
    } else {
      EXPECT_EQ(result.status, 200);
    }
  }
  EXPECT_EQ(failed, 3);
}

TEST_F(FaultInjectionTest, GetReturnsTheActiveSetAndBadSetIsRejected) {
  ASSERT_EQ(SetFaults(R"({"wal_fail":{"every":4}})").status, 200);
  HttpResult rejected = SetFaults(R"({"wal_fail":{"every":0}})");
  EXPECT_EQ(rejected.status, 400);
  EXPECT_NE(json::parse(rejected.body)["detail"].get<std::string>().find("wal_fail.every"),
            std::string::npos);
  EXPECT_EQ(json::parse(Fetch("GET", Url("/v1/admin/faults")).body),
            json::parse(R"({"wal_fail":{"every":4}})"));
}

// Every numeric setting has a range (docs/refgw.md); outside it the whole set is refused with
// the key, the range and the value, and the active set stays as it was.
TEST_F(FaultInjectionTest, OutOfRangeSettingsAre400AndLeaveTheSetAsItWas) {
  ASSERT_EQ(SetFaults(R"({"wal_fail":{"every":4}})").status, 200);
  const std::pair<const char*, const char*> cases[] = {
      {R"({"latency":{"fixed_ms":1e300}})",
       "faults: 'latency.fixed_ms' must be a number of milliseconds in [0, 60000], got 1e+300"},
      {R"({"replicator":{"stall_seconds":1e18}})",
       "faults: 'replicator.stall_seconds' must be a number of seconds in [0, 3600], got 1e+18"},
      {R"({"replicator":{"hold_ms":2.5}})",
       "faults: 'replicator.hold_ms' must be a whole number in [0, 3600000] (milliseconds), got "
       "2.5"},
      {R"({"error":{"every":2,"seed":7}})", "faults: 'error.seed' goes with 'fraction' only"},
      {R"({"error":{"fraction":1.01}})",
       "faults: 'error.fraction' must be a probability (the share of requests hit) in [0, 1], "
       "got 1.01"},
      {R"({"wal_fail":{"every":1},"wal_fail":{"every":2}})",
       "faults: member \"wal_fail\" appears twice in one object"},
  };
  for (const auto& [body, detail] : cases) {
    HttpResult rejected = SetFaults(body);
    EXPECT_EQ(rejected.status, 400) << body;
    EXPECT_EQ(json::parse(rejected.body)["detail"], detail) << body;
  }
  EXPECT_EQ(json::parse(Fetch("GET", Url("/v1/admin/faults")).body),
            json::parse(R"({"wal_fail":{"every":4}})"));
}

// Bounds that hold nothing up (a 60 s latency on the 4294967295th request, an error fault
// that never fires): the replicator bounds would stall the gateway shared with other tests.
TEST_F(FaultInjectionTest, SettingsAtTheirBoundsAreAcceptedAsGiven) {
  const char* bounds =
      R"({"latency":{"every":4294967295,"fixed_ms":60000.0},)"
      R"("error":{"fraction":0.0,"seed":18446744073709551615,"status":503}})";
  ASSERT_EQ(SetFaults(bounds).status, 200);
  EXPECT_EQ(json::parse(Fetch("GET", Url("/v1/admin/faults")).body), json::parse(bounds));
}

TEST_F(FaultInjectionTest, WalFailureFallsBackToOutboxAndCountsWalError) {
  double ok_before = Counter("gateway_write_through_results_total{" + kPath + ",result=\"ok\"}");
  double error_before =
      Counter("gateway_write_through_wal_results_total{" + kPath + ",result=\"error\"}");
  ASSERT_EQ(SetFaults(R"({"wal_fail":{"every":1}})").status, 200);
  HttpResult result = Post(R"({"message":"to the outbox"})");
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(Counter("gateway_write_through_wal_results_total{" + kPath + ",result=\"error\"}"),
            error_before + 1);
  EXPECT_EQ(Counter("gateway_write_through_results_total{" + kPath + ",result=\"ok\"}"),
            ok_before + 1);
  std::string event_id = EventId(result);
  EXPECT_TRUE(Eventually([&] { return Replicated(event_id); }));
}

TEST_F(FaultInjectionTest, WalAndOutboxFailureIs502) {
  ASSERT_EQ(SetFaults(R"({"wal_fail":{"every":1},"outbox_fail":{"every":1}})").status, 200);
  HttpResult result = Post(R"({"message":"nowhere"})");
  ASSERT_EQ(result.status, 502);
  EXPECT_EQ(json::parse(result.body), json::parse(R"({"detail":"Unable to enqueue message"})"));
}

TEST_F(FaultInjectionTest, WriteThroughResultFaultKeeps200) {
  std::string series = "gateway_write_through_results_total{" + kPath + ",result=\"server_error\"}";
  double before = Counter(series);
  ASSERT_EQ(SetFaults(R"({"write_through_result":{"result":"server_error","every":2}})").status,
            200);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Post(R"({"message":"m"})").status, 200);
  EXPECT_EQ(Counter(series), before + 2);
}

TEST_F(FaultInjectionTest, FixedLatencyDelaysTheAnswer) {
  ASSERT_EQ(SetFaults(R"({"latency":{"fixed_ms":150,"every":1}})").status, 200);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(Post(R"({"message":"slow"})").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(150));
}

TEST_F(FaultInjectionTest, PoisonedEventsReachTheDlqGaugeViaHealth) {
  ASSERT_EQ(SetFaults(R"({"dlq_poison":{"every":1}})").status, 200);
  ASSERT_EQ(Post(R"({"message":"poison"})").status, 200);
  json health;
  ASSERT_TRUE(Eventually([&] {
    health = json::parse(Fetch("GET", Url("/v1/health")).body);
    return health["components"]["memory_dlq"]["detail"] != "depth=0";
  })) << health.dump();
  EXPECT_EQ(health["components"]["memory_dlq"]["status"], "degraded");
  EXPECT_GE(SampleValue(Metrics(), R"(gateway_dlq_depth{topic="memory.wal.dlq"})").value_or(0),
            1.0);
}

TEST_F(FaultInjectionTest, DroppedEventNeverReachesTheReplica) {
  // The drop is decided when the replicator handles an event, so: drain what earlier tests
  // left (the WAL applies in order), keep the fault on until the replicator has handled the
  // event (it counts a dropped event as handled), and only then clear it.
  HttpResult barrier = Post(R"({"message":"barrier"})");
  ASSERT_EQ(barrier.status, 200);
  ASSERT_TRUE(Eventually([&] { return Replicated(EventId(barrier)); }));
  // The replica commit becomes visible just before the metrics move: wait for them to settle.
  double handled_before = -1;
  ASSERT_TRUE(Eventually([&] {
    double seen = ReplicatorHandled();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    handled_before = ReplicatorHandled();
    return seen == handled_before;
  }));
  ASSERT_EQ(SetFaults(R"({"replica_drop":{"every":1}})").status, 200);
  HttpResult dropped = Post(R"({"message":"lost"})");
  ASSERT_EQ(dropped.status, 200);
  ASSERT_TRUE(Eventually([&] { return ReplicatorHandled() >= handled_before + 1; }));
  ASSERT_EQ(SetFaults("{}").status, 200);
  HttpResult kept = Post(R"({"message":"kept"})");
  ASSERT_EQ(kept.status, 200);
  ASSERT_TRUE(Eventually([&] { return Replicated(EventId(kept)); }));
  EXPECT_FALSE(Replicated(EventId(dropped)));
}

TEST_F(FaultInjectionTest, StalledReplicatorHoldsEventsUntilReleased) {
  ASSERT_EQ(SetFaults(R"({"replicator":{"stall_seconds":60}})").status, 200);
  HttpResult held = Post(R"({"message":"held"})");
  ASSERT_EQ(held.status, 200);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(300));  // a running replicator applies in ~ms
  EXPECT_FALSE(Replicated(EventId(held)));
  ASSERT_EQ(SetFaults("{}").status, 200);
  EXPECT_TRUE(Eventually([&] { return Replicated(EventId(held)); }));
}

TEST_F(FaultInjectionTest, MetricsDownAnswers503UntilCleared) {
  ASSERT_EQ(SetFaults(R"({"metrics_down":true,"replicator_metrics_down":true})").status, 200);
  EXPECT_EQ(Fetch("GET", process_->MetricsUrl()).status, 503);
  EXPECT_EQ(Fetch("GET", process_->ReplicatorMetricsUrl()).status, 503);
  ASSERT_EQ(SetFaults("{}").status, 200);
  EXPECT_EQ(Fetch("GET", process_->MetricsUrl()).status, 200);
  EXPECT_EQ(Fetch("GET", process_->ReplicatorMetricsUrl()).status, 200);
}

TEST_F(FaultInjectionTest, CounterResetRestartsCountersWithNewCreated) {
  ASSERT_EQ(Post(R"({"message":"m"})").status, 200);
  std::string attempts = "gateway_write_through_attempts_total{" + kPath + "}";
  std::string created = "gateway_write_through_attempts_created{" + kPath + "}";
  std::string before = Metrics();
  ASSERT_GE(SampleValue(before, attempts).value_or(0), 1.0);
  ASSERT_EQ(Fetch("POST", Url("/v1/admin/metrics/reset")).status, 200);
  EXPECT_EQ(SampleValue(Metrics(), attempts), std::nullopt);
  ASSERT_EQ(Post(R"({"message":"m"})").status, 200);
  std::string after = Metrics();
  EXPECT_EQ(SampleValue(after, attempts), 1.0);
  EXPECT_GT(SampleValue(after, created).value_or(0), SampleValue(before, created).value_or(0));
}

}  // namespace
}  // namespace slogate::testing
